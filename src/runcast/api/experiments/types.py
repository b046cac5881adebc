"""GraphQL types of experiments, generated from the domain's pydantic models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import strawberry
from pydantic import Field
from strawberry.scalars import JSON

from runcast.api.context import Info
from runcast.api.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)
from runcast.api.views import view_of, view_of_model
from runcast.domain import assertions
from runcast.domain import experiments as domain

__all__ = [
    "ArchiveExperimentInput",
    "ArchiveExperimentResult",
    "Assertion",
    "AssertionInput",
    "CreateExperimentInput",
    "CreateExperimentResult",
    "DatasetItem",
    "DatasetItemInput",
    "Experiment",
    "ExperimentConfig",
    "ModelSettings",
    "ModelSettingsInput",
    "RunBudget",
    "RunBudgetInput",
    "UpdateExperimentInput",
    "UpdateExperimentResult",
]


@strawberry.pydantic.type(name="ModelSettings")
class ModelSettings(domain.ModelSettings):
    pass


@strawberry.pydantic.type(name="Assertion", description="A check of an output.")
class Assertion(assertions.Assertion):
    pass


@strawberry.pydantic.type(name="RunBudget")
class RunBudget(domain.RunBudget):
    pass


@strawberry.pydantic.type(name="DatasetItem")
class DatasetItem(domain.DatasetItem):
    variables: JSON  # type: ignore[assignment]
    assertions: list[Assertion]


@strawberry.pydantic.type(name="ExperimentConfig", description="What a run executes.")
class ExperimentConfig(domain.ExperimentConfig):
    model: ModelSettings
    dataset: list[DatasetItem]
    assertions: list[Assertion]
    budget: RunBudget | None = None


@strawberry.pydantic.type(name="Experiment", description="A prompt experiment.")
class Experiment(domain.ExperimentSummary):
    id: strawberry.ID
    model: ModelSettings
    assertions: list[Assertion]
    budget: RunBudget | None = None
    known_dataset: strawberry.Private[Sequence[domain.DatasetItem] | None] = None

    @strawberry.pydantic.field(description="The rows a run executes, in order.")
    async def dataset(self, info: Info) -> list[DatasetItem]:
        dataset = self.known_dataset
        if dataset is None:
            dataset = await info.context.loaders.experiment_datasets.load(self.id)
            assert dataset is not None, "experiments are never deleted"
        return [view_of_model(DatasetItem, row) for row in dataset]

    @classmethod
    def from_domain(
        cls, experiment: domain.Experiment | domain.ExperimentSummary
    ) -> Experiment:
        """Return the GraphQL view of a domain experiment, whole or summed up.

        A summary's dataset is read only if a client asks for it.
        """
        if isinstance(experiment, domain.Experiment):
            return view_of(
                cls, **dict(experiment.summary()), known_dataset=experiment.dataset
            )
        return view_of_model(cls, experiment)


@strawberry.pydantic.input(name="ModelSettingsInput")
class ModelSettingsInput(domain.ModelSettings):
    pass


@strawberry.pydantic.input(name="AssertionInput")
class AssertionInput(assertions.Assertion):
    pass


@strawberry.pydantic.input(name="RunBudgetInput")
class RunBudgetInput(domain.RunBudget):
    pass


AssertionInputs = Annotated[
    list[AssertionInput], Field(max_length=domain.MAX_ASSERTIONS)
]


@strawberry.pydantic.input(name="DatasetItemInput")
class DatasetItemInput(domain.DatasetItem):
    variables: JSON  # type: ignore[assignment]
    assertions: AssertionInputs = Field(default_factory=list)


@strawberry.pydantic.input(name="CreateExperimentInput")
class CreateExperimentInput(domain.ExperimentConfigCreate):
    model: ModelSettingsInput = Field(default_factory=ModelSettingsInput)
    dataset: Annotated[
        list[DatasetItemInput], Field(max_length=domain.MAX_DATASET_ITEMS)
    ] = Field(default_factory=list)
    assertions: AssertionInputs = Field(default_factory=list)
    budget: RunBudgetInput | None = None


@strawberry.pydantic.input(
    name="UpdateExperimentInput",
    description="Fields left out keep their value; `budget: null` removes the budget.",
)
class UpdateExperimentInput(domain.ExperimentConfigUpdate):
    id: strawberry.ID
    name: strawberry.Maybe[domain.ExperimentName]  # type: ignore[assignment]
    description: strawberry.Maybe[domain.Description]  # type: ignore[assignment]
    prompt: strawberry.Maybe[domain.Prompt]  # type: ignore[assignment]
    model: strawberry.Maybe[ModelSettingsInput]  # type: ignore[assignment]
    dataset: strawberry.Maybe[  # type: ignore[assignment]
        Annotated[list[DatasetItemInput], Field(max_length=domain.MAX_DATASET_ITEMS)]
    ]
    assertions: strawberry.Maybe[AssertionInputs]  # type: ignore[assignment]
    budget: strawberry.Maybe[RunBudgetInput | None]  # type: ignore[assignment]


@strawberry.input(name="ArchiveExperimentInput")
class ArchiveExperimentInput:
    id: strawberry.ID


CreateExperimentResult = Annotated[
    Experiment | ValidationError | ConflictError | ForbiddenError,
    strawberry.union("CreateExperimentResult"),
]
UpdateExperimentResult = Annotated[
    Experiment | ValidationError | NotFoundError | ConflictError | ForbiddenError,
    strawberry.union("UpdateExperimentResult"),
]
ArchiveExperimentResult = Annotated[
    Experiment | NotFoundError | ForbiddenError,
    strawberry.union("ArchiveExperimentResult"),
]
