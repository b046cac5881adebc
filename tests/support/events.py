"""Reading what happened to runs from their events."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import col

from runcast.db.database import Database
from runcast.db.tables import RunEventRow
from runcast.domain.events import RunEvent, StatusChanged
from runcast.domain.runs import RunStatus


def statuses_of(events: Iterable[RunEvent]) -> list[RunStatus]:
    """The statuses the events' runs went through, in order."""
    return [
        event.payload.status
        for event in events
        if isinstance(event.payload, StatusChanged)
    ]


async def stored_events(
    db: Database, run_id: str | None = None, *, kind: str | None = None
) -> list[str]:
    """Cursors of the events in the log, oldest first."""
    statement = select(col(RunEventRow.id)).order_by(col(RunEventRow.id))
    if run_id is not None:
        statement = statement.where(col(RunEventRow.run_id) == run_id)
    if kind is not None:
        statement = statement.where(col(RunEventRow.kind) == kind)
    async with db.reading() as session:
        return [str(event_id) for event_id in (await session.scalars(statement)).all()]
