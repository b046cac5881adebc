"""The plain Strawberry reference: naive resolvers, no DataLoader, no extensions.

``runs(first:)`` reads a page of runs and each run's experiment with its own
query, the way a first implementation would. ``runEvents`` streams a
``Replay`` (a recorded run) instead of reading a log.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import datetime

import strawberry
from strawberry.types import Info

from bench.reference.replay import Emitted, Replay
from bench.reference.rows import EXPERIMENT_NAME, RUNS_PAGE, RowReader

__all__ = ["PlainContext", "create_plain_schema"]


@dataclass(frozen=True)
class PlainContext:
    """What the resolvers reach: the rows and the replay."""

    rows: RowReader | None
    replay: Replay


@strawberry.type
class Experiment:
    name: str


@strawberry.type
class RunProgress:
    total: int
    succeeded: int
    failed: int
    pending: int


@strawberry.type
class Run:
    id: strawberry.ID
    status: str
    progress: RunProgress
    experiment_id: strawberry.Private[str]

    @strawberry.field
    async def experiment(self, info: Info[PlainContext, None]) -> Experiment:
        rows = info.context.rows
        assert rows is not None, "served without a database"
        row = await rows.one(EXPERIMENT_NAME, (self.experiment_id,))
        assert row is not None, f"no experiment {self.experiment_id}"
        return Experiment(name=row[0])


@strawberry.type
class RunEdge:
    node: Run


@strawberry.type
class RunConnection:
    edges: list[RunEdge]


@strawberry.type
class Query:
    @strawberry.field
    async def runs(
        self, info: Info[PlainContext, None], first: int = 50
    ) -> RunConnection:
        rows = info.context.rows
        assert rows is not None, "served without a database"
        page = await rows.all(RUNS_PAGE, (first,))
        return RunConnection(
            edges=[
                RunEdge(
                    node=Run(
                        id=strawberry.ID(run_id),
                        status=status.upper(),
                        progress=RunProgress(
                            total=total,
                            succeeded=succeeded,
                            failed=failed,
                            pending=total - succeeded - failed,
                        ),
                        experiment_id=experiment_id,
                    )
                )
                for run_id, status, total, succeeded, failed, experiment_id in page
            ]
        )


@strawberry.interface
class RunEvent:
    cursor: str
    seq: int
    at: datetime
    run_id: strawberry.ID


@strawberry.type
class OutputDelta(RunEvent):
    item_index: int
    text: str


@strawberry.type
class ItemFinished(RunEvent):
    item_index: int


@strawberry.type
class ProgressUpdate(RunEvent):
    pass


@strawberry.type
class RunStatusChange(RunEvent):
    status: str


def _event(emitted: Emitted, run_id: strawberry.ID) -> RunEvent:
    event = emitted.event
    cursor, seq, at = str(event.seq), event.seq, emitted.at
    if event.typename == "OutputDelta":
        return OutputDelta(
            cursor=cursor,
            seq=seq,
            at=at,
            run_id=run_id,
            item_index=event.item_index or 0,
            text=event.text or "",
        )
    if event.typename == "ItemFinished":
        return ItemFinished(
            cursor=cursor,
            seq=seq,
            at=at,
            run_id=run_id,
            item_index=event.item_index or 0,
        )
    if event.typename == "RunStatusChange":
        return RunStatusChange(
            cursor=cursor, seq=seq, at=at, run_id=run_id, status=event.status or ""
        )
    return ProgressUpdate(cursor=cursor, seq=seq, at=at, run_id=run_id)


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def run_events(
        self,
        info: Info[PlainContext, None],
        run_id: strawberry.ID,
        after: str | None = None,
    ) -> AsyncGenerator[RunEvent]:
        async for emitted in info.context.replay.subscribe():
            yield _event(emitted, run_id)


def create_plain_schema() -> strawberry.Schema:
    """The reference schema."""
    return strawberry.Schema(
        query=Query,
        subscription=Subscription,
        types=[OutputDelta, ItemFinished, ProgressUpdate, RunStatusChange],
    )
