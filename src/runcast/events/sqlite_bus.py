"""An event bus for every process sharing one SQLite file.

Notices of this process are delivered at once. Events committed by another
process (a ``runcast worker`` beside ``runcast serve``) are noticed by a
cheap check of the file's ``PRAGMA data_version`` on a short timer; when it
moved, the new events' notices (ids and what they are about, no payloads)
are read from the log and delivered. The log stays the truth: a check that
comes late only delays a wake-up, it loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from functools import partial

from sqlalchemy.ext.asyncio import AsyncConnection

from runcast.db import events as event_store
from runcast.db.database import Database
from runcast.domain.events import EventCursor, EventNotice
from runcast.events.bus import InMemoryEventBus

__all__ = ["SqliteEventBus"]

logger = logging.getLogger(__name__)

_NOTICES_PER_READ = 1000
_REMEMBERED_LOCAL_IDS = 100_000


class SqliteEventBus(InMemoryEventBus):
    """Wakes listeners for events of this process and of others on the same file."""

    def __init__(self, database: Database, *, check_interval: float) -> None:
        super().__init__()
        self._database = database
        self._check_interval = check_interval
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
        """Start watching the file for other processes' events."""
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
        # data_version is per connection: keep one for as long as we watch
        async with self._database.engine.connect() as connection:
            version = await _data_version(connection)
            while True:
                await asyncio.sleep(self._check_interval)
                try:
                    current = await _data_version(connection)
                    if current != version:
                        version = current
                        await self._announce_new_events()
                except Exception:
                    logger.exception("looking for other processes' events failed")

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


async def _data_version(connection: AsyncConnection) -> int:
    result = await connection.exec_driver_sql("PRAGMA data_version")
    version = int(result.scalar_one())
    await connection.rollback()
    return version
