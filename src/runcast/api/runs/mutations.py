"""Starting, rerunning and cancelling runs."""

from __future__ import annotations

from typing import Annotated

import strawberry

from runcast.api.context import Info
from runcast.api.runs.types import (
    CancelRunInput,
    CancelRunResult,
    CreateRunInput,
    CreateRunResult,
    RerunInput,
    RerunResult,
    Run,
)

__all__ = ["RunMutations"]


@strawberry.type
class RunMutations:
    @strawberry.mutation(description="Start a run of an experiment.")
    async def create_run(
        self,
        info: Info,
        input: Annotated[
            CreateRunInput, strawberry.argument(description="What to run.")
        ],
    ) -> CreateRunResult:
        run = await info.context.orchestrator.create_run(
            experiment_id=input.experiment_id,
            idempotency_key=input.idempotency_key,
            cache=input.cache,
        )
        return Run.from_domain(run)

    @strawberry.mutation(
        description="Run a run's frozen config again: all items, or only the failed."
    )
    async def rerun(
        self,
        info: Info,
        input: Annotated[
            RerunInput, strawberry.argument(description="What to run again.")
        ],
    ) -> RerunResult:
        run = await info.context.orchestrator.rerun(
            run_id=input.id, scope=input.scope, cache=input.cache
        )
        return Run.from_domain(run)

    @strawberry.mutation(
        description="Cancel a run: PENDING ends at once, RUNNING goes via CANCELLING."
    )
    async def cancel_run(
        self,
        info: Info,
        input: Annotated[
            CancelRunInput, strawberry.argument(description="What to cancel.")
        ],
    ) -> CancelRunResult:
        run = await info.context.orchestrator.cancel_run(run_id=input.id)
        return Run.from_domain(run)
