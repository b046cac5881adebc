"""Following runs live over WebSockets."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from runcast.api.context import Info
from runcast.api.runs.types import (
    ProgressUpdate,
    RunChange,
    RunEvent,
    RunStatusChange,
    event_type_for,
    event_view,
)

__all__ = ["RunSubscriptions"]

EventAfter = Annotated[
    str | None,
    strawberry.argument(
        description="Resume after this event's `cursor`, missing none in between."
    ),
]
ExperimentFilter = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Only this experiment's runs; null: all."),
]


@strawberry.type
class RunSubscriptions:
    @strawberry.subscription(
        description=(
            "A run's events after `after` (from its first without it); "
            "completes after the run's terminal event. With `reviews`, its "
            "`ReviewAdded` events too, and then it never completes: reviews "
            "come at any time, also after the run finished."
        )
    )
    async def run_events(
        self,
        info: Info,
        run_id: Annotated[
            strawberry.ID, strawberry.argument(description="The run to follow.")
        ],
        after: EventAfter = None,
        reviews: Annotated[
            bool,
            strawberry.argument(
                description=(
                    "Also the run's reviews, and follow them past the terminal "
                    "event; without them `seq` skips the reviews' numbers."
                )
            ),
        ] = False,
    ) -> AsyncGenerator[RunEvent, None]:
        async for event in info.context.orchestrator.run_events(
            run_id=run_id, after=after, reviews=reviews
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
        experiment_id: ExperimentFilter = None,
        after: EventAfter = None,
    ) -> AsyncGenerator[RunStatusChange, None]:
        async for event in info.context.orchestrator.status_changes(
            experiment_id=experiment_id, after=after
        ):
            yield event_view(RunStatusChange, event)

    @strawberry.subscription(
        description=(
            "Status changes and new counters of every run (or one experiment's) "
            "after `after`; without `after`, from now on. Never completes: what "
            "a list of runs needs to stay current."
        )
    )
    async def run_changes(
        self,
        info: Info,
        experiment_id: ExperimentFilter = None,
        after: EventAfter = None,
    ) -> AsyncGenerator[RunChange, None]:
        async for event in info.context.orchestrator.run_changes(
            experiment_id=experiment_id, after=after
        ):
            change = event_type_for(event)
            assert isinstance(change, RunStatusChange | ProgressUpdate)
            yield change
