"""Changing experiments."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from runcast.api.context import Info
from runcast.api.experiments.types import (
    ArchiveExperimentInput,
    ArchiveExperimentResult,
    CreateExperimentArgument,
    CreateExperimentResult,
    Experiment,
    UpdateExperimentArgument,
    UpdateExperimentResult,
)
from runcast.domain.experiments import ExperimentConfigUpdate

__all__ = ["ExperimentMutations"]


@strawberry.type
class ExperimentMutations:
    @strawberry.mutation(description="Create an experiment.")
    async def create_experiment(
        self,
        info: Info,
        input: Annotated[
            CreateExperimentArgument,
            strawberry.argument(description="The new experiment."),
        ],
    ) -> CreateExperimentResult:
        # built off the event loop; the orchestrator validates it whole, there too
        given = await input.built()
        experiment = await info.context.orchestrator.create_experiment(given)
        return Experiment.from_domain(experiment)

    @strawberry.mutation(description="Change an experiment; existing runs keep theirs.")
    async def update_experiment(
        self,
        info: Info,
        input: Annotated[
            UpdateExperimentArgument,
            strawberry.argument(description="Which experiment, and what changes."),
        ],
    ) -> UpdateExperimentResult:
        given = await input.built()
        changes = await asyncio.to_thread(
            ExperimentConfigUpdate.model_validate,
            given.model_dump(exclude={"id"}, exclude_unset=True),
        )
        experiment = await info.context.orchestrator.update_experiment(
            experiment_id=given.id, changes=changes
        )
        return Experiment.from_domain(experiment)

    @strawberry.mutation(description="Archive an experiment; its name becomes free.")
    async def archive_experiment(
        self,
        info: Info,
        input: Annotated[
            ArchiveExperimentInput,
            strawberry.argument(description="Which experiment to archive."),
        ],
    ) -> ArchiveExperimentResult:
        experiment = await info.context.orchestrator.archive_experiment(
            experiment_id=input.id
        )
        return Experiment.from_domain(experiment)
