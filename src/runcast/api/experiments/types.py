"""GraphQL types of experiments, generated from the domain's pydantic models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry
from pydantic import Field
from strawberry.scalars import JSON

from runcast.api.context import Info
from runcast.api.deferred_inputs import DeferredInput, deferred_input
from runcast.api.descriptions import domain_descriptions
from runcast.api.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)
from runcast.api.node import Node
from runcast.api.views import view_of, view_of_model
from runcast.domain import assertions
from runcast.domain import experiments as domain

if TYPE_CHECKING:
    from runcast.api.runs.types import Run

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


@strawberry.pydantic.type(
    name="ModelSettings", description="Which executor and model answer, and how."
)
@domain_descriptions
class ModelSettings(domain.ModelSettings):
    pass


@strawberry.pydantic.type(name="Assertion", description="A check of an output.")
@domain_descriptions
class Assertion(assertions.Assertion):
    judge: ModelSettings | None = None
    embedding: ModelSettings | None = None


@strawberry.pydantic.type(
    name="RunBudget", description="Limits that fail a run once it spent them."
)
@domain_descriptions
class RunBudget(domain.RunBudget):
    pass


@strawberry.pydantic.type(
    name="DatasetItem", description="One row of a dataset: the variables of one item."
)
@domain_descriptions
class DatasetItem(domain.DatasetItem):
    variables: JSON  # type: ignore[assignment]
    assertions: list[Assertion]


@strawberry.pydantic.type(name="ExperimentConfig", description="What a run executes.")
@domain_descriptions
class ExperimentConfig(domain.ExperimentConfig):
    model: ModelSettings
    dataset: list[DatasetItem]
    assertions: list[Assertion]
    budget: RunBudget | None = None


@strawberry.pydantic.type(name="Experiment", description="A prompt experiment.")
@domain_descriptions
class Experiment(Node, domain.ExperimentSummary):
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

    @strawberry.pydantic.field(description="The newest run; null: never run.")
    async def last_run(
        self, info: Info
    ) -> Annotated[Run, strawberry.lazy("runcast.api.runs.types")] | None:
        from runcast.api.runs.types import Run  # noqa: PLC0415 - types of runs import these

        run = await info.context.loaders.latest_runs.load(self.id)
        return None if run is None else Run.from_domain(run)

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


@strawberry.pydantic.input(
    name="ModelSettingsInput",
    description="Which executor and model answer; left-out fields take defaults.",
)
@domain_descriptions
class ModelSettingsInput(domain.ModelSettings):
    pass


@strawberry.pydantic.input(name="AssertionInput", description="A check of an output.")
@domain_descriptions
class AssertionInput(assertions.Assertion):
    judge: ModelSettingsInput | None = None
    embedding: ModelSettingsInput | None = None


@strawberry.pydantic.input(
    name="RunBudgetInput", description="Limits on what each run may spend."
)
@domain_descriptions
class RunBudgetInput(domain.RunBudget):
    pass


AssertionInputs = Annotated[
    list[AssertionInput], Field(max_length=domain.MAX_ASSERTIONS)
]


@strawberry.pydantic.input(name="DatasetItemInput", description="One row of a dataset.")
@domain_descriptions
class DatasetItemInput(domain.DatasetItem):
    variables: JSON  # type: ignore[assignment]
    assertions: AssertionInputs = Field(default_factory=list)


@deferred_input
@strawberry.pydantic.input(
    name="CreateExperimentInput",
    description="A new experiment: only `name` and `prompt` are required.",
)
@domain_descriptions
class CreateExperimentInput(domain.ExperimentConfigCreate):
    # the orchestrator validates it again, whole, as the Experiment it stores
    checks_content = False

    model: ModelSettingsInput = Field(default_factory=ModelSettingsInput)
    dataset: Annotated[
        list[DatasetItemInput], Field(max_length=domain.MAX_DATASET_ITEMS)
    ] = Field(default_factory=list)
    assertions: AssertionInputs = Field(default_factory=list)
    budget: RunBudgetInput | None = None


@deferred_input
@strawberry.pydantic.input(
    name="UpdateExperimentInput",
    description="Fields left out keep their value; `budget: null` removes the budget.",
)
@domain_descriptions
class UpdateExperimentInput(domain.ExperimentConfigUpdate):
    id: strawberry.ID = Field(description="The experiment to change.")
    name: strawberry.Maybe[domain.ExperimentName]  # type: ignore[assignment]
    description: strawberry.Maybe[domain.Description]  # type: ignore[assignment]
    prompt: strawberry.Maybe[domain.Prompt]  # type: ignore[assignment]
    model: strawberry.Maybe[ModelSettingsInput]  # type: ignore[assignment]
    dataset: strawberry.Maybe[  # type: ignore[assignment]
        Annotated[list[DatasetItemInput], Field(max_length=domain.MAX_DATASET_ITEMS)]
    ]
    assertions: strawberry.Maybe[AssertionInputs]  # type: ignore[assignment]
    budget: strawberry.Maybe[RunBudgetInput | None]  # type: ignore[assignment]
    repetitions: strawberry.Maybe[int]  # type: ignore[assignment]


# what the mutations' resolvers are handed for them (see deferred_inputs)
if TYPE_CHECKING:
    CreateExperimentArgument = DeferredInput[CreateExperimentInput]
    UpdateExperimentArgument = DeferredInput[UpdateExperimentInput]
else:
    CreateExperimentArgument = CreateExperimentInput
    UpdateExperimentArgument = UpdateExperimentInput


@strawberry.input(name="ArchiveExperimentInput", description="Which one to archive.")
class ArchiveExperimentInput:
    id: strawberry.ID = strawberry.field(description="The experiment to archive.")


CreateExperimentResult = Annotated[
    Experiment | ValidationError | ConflictError | ForbiddenError,
    strawberry.union(
        "CreateExperimentResult",
        description="The experiment created, or why it was not.",
    ),
]
UpdateExperimentResult = Annotated[
    Experiment | ValidationError | NotFoundError | ConflictError | ForbiddenError,
    strawberry.union(
        "UpdateExperimentResult",
        description="The experiment as changed, or why it was not.",
    ),
]
ArchiveExperimentResult = Annotated[
    Experiment | NotFoundError | ForbiddenError,
    strawberry.union(
        "ArchiveExperimentResult",
        description="The experiment archived, or why it was not.",
    ),
]
