"""Reading runs."""

from __future__ import annotations

from typing import Annotated

import strawberry

from runcast.api.context import Info
from runcast.api.pagination import PageAfter, PageSize
from runcast.api.runs.types import (
    CompareRunsResult,
    Run,
    RunComparison,
    RunConnection,
)
from runcast.api.selections import selects
from runcast.domain.runs import RunStatus

__all__ = ["RunQueries"]


@strawberry.type
class RunQueries:
    @strawberry.field(description="A run by id.")
    async def run(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The run's id.")],
    ) -> Run | None:
        run = await info.context.loaders.runs.load(id)
        return None if run is None else Run.from_domain(run)

    @strawberry.field(description="Runs, newest first, optionally filtered.")
    async def runs(
        self,
        info: Info,
        experiment_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only this experiment's runs; null: all."),
        ] = None,
        status: Annotated[
            RunStatus | None,
            strawberry.argument(description="Only runs in this status; null: any."),
        ] = None,
        first: PageSize = None,
        after: PageAfter = None,
    ) -> RunConnection:
        page = await info.context.orchestrator.list_runs(
            experiment_id=experiment_id,
            status=status,
            first=first,
            after=after,
            with_experiments=selects(info, "edges", "node", "experiment"),
        )
        return RunConnection.from_page(page, after=after)

    @strawberry.field(description="Two runs side by side: `other` against `base`.")
    async def compare_runs(
        self,
        info: Info,
        base_id: Annotated[
            strawberry.ID, strawberry.argument(description="The run measured against.")
        ],
        other_id: Annotated[
            strawberry.ID, strawberry.argument(description="The run measured.")
        ],
    ) -> CompareRunsResult:
        comparison = await info.context.orchestrator.compare_runs(
            base_run_id=base_id, other_run_id=other_id
        )
        return RunComparison.from_domain(comparison)
