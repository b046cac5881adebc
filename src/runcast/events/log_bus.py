"""A bus for every process sharing one database: the log tells what others wrote.

Notices of this process are delivered at once. Whenever a ``ChangeSignal``
says the log may have grown (a SQLite file's version moved, PostgreSQL
notified a commit), the notices of the events after the last one seen (ids
and what they are about, no payloads) are read from the log and those of
other processes delivered. The log stays the truth: a signal that comes
late, twice or not at all only delays a wake-up; the next one reads on from
the last id handed on, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Sequence
from functools import partial
from typing import Protocol

from runcast.db import events as event_store
from runcast.db.database import Database
from runcast.domain.events import EventCursor, EventNotice
from runcast.events.bus import InMemoryEventBus

__all__ = ["ChangeSignal", "LogWatchingBus"]

logger = logging.getLogger(__name__)

_NOTICES_PER_READ = 1000
_REMEMBERED_LOCAL_IDS = 100_000


class ChangeSignal(Protocol):
    """Says when the event log may have grown."""

    def changes(self) -> AsyncGenerator[None]:
        """Yield each time the log may hold events not seen yet, forever."""
        ...


class LogWatchingBus(InMemoryEventBus):
    """Wakes listeners for events of this process and of others on the database."""

    def __init__(self, database: Database, signal: ChangeSignal) -> None:
        super().__init__()
        self._database = database
        self._signal = signal
        self._cursor: EventCursor = 0
        # events published here, so the watcher does not announce them twice
        self._published_here: set[EventCursor] = set()
        self._watcher: asyncio.Task[None] | None = None

    async def publish(self, notices: Sequence[EventNotice]) -> None:
        """Wake the listeners of each notice's topic."""
        if len(self._published_here) < _REMEMBERED_LOCAL_IDS:
            self._published_here.update(notice.id for notice in notices)
        self.deliver(notices)

    async def start(self) -> None:
        """Start watching the log for other processes' events."""
        self._cursor = await self._database.read(event_store.last_event_id)
        self._watcher = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        """Stop watching."""
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
            self._watcher = None

    async def _watch(self) -> None:
        # closed however the watch ends, so the signal's connection is too
        async with contextlib.aclosing(self._signal.changes()) as changes:
            async for _ in changes:
                try:
                    await self._announce_new_events()
                except Exception:
                    logger.exception("reading other processes' events failed")

    async def _announce_new_events(self) -> None:
        while True:
            notices = await self._database.read(
                partial(
                    event_store.list_notices,
                    after=self._cursor,
                    limit=_NOTICES_PER_READ,
                )
            )
            if not notices:
                return
            self._cursor = notices[-1].id
            elsewhere = [n for n in notices if n.id not in self._published_here]
            self._published_here = {
                event_id for event_id in self._published_here if event_id > self._cursor
            }
            self.deliver(elsewhere)
            if len(notices) < _NOTICES_PER_READ:
                return
