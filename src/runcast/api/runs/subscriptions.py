"""Following runs live over WebSockets."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from runcast.api.context import Info
from runcast.api.runs.types import (
    RunEvent,
    RunStatusChange,
    event_type_for,
    event_view,
)

__all__ = ["RunSubscriptions"]


@strawberry.type
class RunSubscriptions:
    @strawberry.subscription(
        description=(
            "A run's events after `after` (from its first without it); "
            "completes after the run's terminal event."
        )
    )
    async def run_events(
        self, info: Info, run_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[RunEvent, None]:
        async for event in info.context.orchestrator.run_events(
            run_id=run_id, after=after
        ):
            yield event_type_for(event)

    @strawberry.subscription(
        description=(
            "Status changes of every run (or one experiment's) after `after`; "
            "without `after`, from now on. Never completes."
        )
    )
    async def run_status_changes(
        self,
        info: Info,
        experiment_id: strawberry.ID | None = None,
        after: str | None = None,
    ) -> AsyncGenerator[RunStatusChange, None]:
        async for event in info.context.orchestrator.status_changes(
            experiment_id=experiment_id, after=after
        ):
            yield event_view(RunStatusChange, event)
