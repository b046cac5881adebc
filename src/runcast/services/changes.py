"""A write transaction that announces its events once it has committed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from runcast.db.database import Database
from runcast.domain.events import RunEvent
from runcast.events.bus import EventBus

__all__ = ["Change", "recording_changes"]


class Change:
    """The session of one transaction and the events it wrote."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._last_event_id = 0

    def record(self, event: RunEvent) -> None:
        """Note an event written in this transaction, to announce after commit."""
        self._last_event_id = max(self._last_event_id, event.id)

    @property
    def last_event_id(self) -> int:
        """The newest event written, or 0."""
        return self._last_event_id


@asynccontextmanager
async def recording_changes(database: Database, bus: EventBus) -> AsyncIterator[Change]:
    """Open a write transaction; after it commits, publish its newest event.

    Nothing is published when the block raises: the transaction rolled back,
    so its events never happened.
    """
    async with database.writing() as session:
        change = Change(session)
        yield change
    if change.last_event_id:
        await bus.publish(change.last_event_id)
