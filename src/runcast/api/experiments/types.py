"""GraphQL types of experiments, generated from the domain's pydantic models."""

from __future__ import annotations

from typing import Annotated

import strawberry
from pydantic import Field
from strawberry.scalars import JSON

from runcast.api.errors import ConflictError, NotFoundError, ValidationError
from runcast.domain import experiments as domain

__all__ = [
    "ArchiveExperimentInput",
    "ArchiveExperimentResult",
    "CreateExperimentInput",
    "CreateExperimentResult",
    "DatasetItem",
    "DatasetItemInput",
    "Experiment",
    "ExperimentConfig",
    "ModelSettings",
    "ModelSettingsInput",
    "UpdateExperimentInput",
    "UpdateExperimentResult",
]


@strawberry.pydantic.type(name="ModelSettings")
class ModelSettings(domain.ModelSettings):
    pass


@strawberry.pydantic.type(name="DatasetItem")
class DatasetItem(domain.DatasetItem):
    variables: JSON  # type: ignore[assignment]


@strawberry.pydantic.type(name="ExperimentConfig", description="What a run executes.")
class ExperimentConfig(domain.ExperimentConfig):
    model: ModelSettings
    dataset: list[DatasetItem]


@strawberry.pydantic.type(name="Experiment", description="A prompt experiment.")
class Experiment(domain.Experiment):
    id: strawberry.ID
    model: ModelSettings
    dataset: list[DatasetItem]

    @classmethod
    def from_domain(cls, experiment: domain.Experiment) -> Experiment:
        """Return the GraphQL view of a domain experiment."""
        return cls.model_validate(experiment, from_attributes=True)


@strawberry.pydantic.input(name="ModelSettingsInput")
class ModelSettingsInput(domain.ModelSettings):
    pass


@strawberry.pydantic.input(name="DatasetItemInput")
class DatasetItemInput(domain.DatasetItem):
    variables: JSON = Field(default_factory=dict)  # type: ignore[assignment]


@strawberry.pydantic.input(name="CreateExperimentInput")
class CreateExperimentInput(domain.ExperimentConfigCreate):
    model: ModelSettingsInput = Field(default_factory=ModelSettingsInput)
    dataset: Annotated[
        list[DatasetItemInput], Field(max_length=domain.MAX_DATASET_ITEMS)
    ] = Field(default_factory=list)


@strawberry.pydantic.input(name="UpdateExperimentInput")
class UpdateExperimentInput(domain.ExperimentConfigUpdate):
    id: strawberry.ID
    model: ModelSettingsInput | None = None
    dataset: Annotated[
        list[DatasetItemInput] | None, Field(max_length=domain.MAX_DATASET_ITEMS)
    ] = None


@strawberry.input(name="ArchiveExperimentInput")
class ArchiveExperimentInput:
    id: strawberry.ID


CreateExperimentResult = Annotated[
    Experiment | ValidationError | ConflictError,
    strawberry.union("CreateExperimentResult"),
]
UpdateExperimentResult = Annotated[
    Experiment | ValidationError | NotFoundError | ConflictError,
    strawberry.union("UpdateExperimentResult"),
]
ArchiveExperimentResult = Annotated[
    Experiment | NotFoundError, strawberry.union("ArchiveExperimentResult")
]
