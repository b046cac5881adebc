"""Reading experiments."""

from __future__ import annotations

from typing import Annotated

import strawberry

from runcast.api.context import Info
from runcast.api.experiments.types import Experiment
from runcast.api.pagination import (
    Connection,
    PageAfter,
    PageSize,
    connection_from_page,
)

__all__ = ["ExperimentQueries"]


@strawberry.type
class ExperimentQueries:
    @strawberry.field(description="An experiment by id, archived or not.")
    async def experiment(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The experiment's id.")
        ],
    ) -> Experiment | None:
        experiment = await info.context.loaders.experiments.load(id)
        return None if experiment is None else Experiment.from_domain(experiment)

    @strawberry.field(description="Live experiments, newest first.")
    async def experiments(
        self,
        info: Info,
        first: PageSize = None,
        after: PageAfter = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Only experiments whose name contains it, any case."
            ),
        ] = None,
    ) -> Connection[Experiment]:
        page = await info.context.orchestrator.list_experiments(
            first=first, after=after, search=search
        )
        return connection_from_page(page, after=after, to_node=Experiment.from_domain)
