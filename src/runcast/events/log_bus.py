"""A bus for every process sharing one database: the log tells what others wrote.

Whenever a ``ChangeSignal`` says the log may have grown (a SQLite file's
version moved, PostgreSQL notified a commit), the notices of the events
after the last one seen (ids and what they are about, no payloads) are read
from the log and delivered. The log stays the truth: a signal that comes
late, twice or not at all only delays a wake-up; the next one reads on from
the last id handed on, so nothing is lost.

Notices of this process are delivered at once too. Where transactions
commit events in id order (SQLite: one writer at a time), readers may read
the log up to its end, and this process's events that follow the last one
seen move the cursor on, so the log is not read for them again. Where they
may not (PostgreSQL: appends run concurrently), an id can become visible
before a smaller one still being committed. The bus then hands on only the
ids up to the first one missing, its ``horizon``, and readers of several
runs read no further (this process's notices are delivered again as the
horizon passes them, for those readers). A missing id fills in when its
transaction commits (its notification wakes the bus); one missing for a
while is settled (``settle_log`` waits for every append in flight, after
which whatever is still missing was rolled back and is skipped).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncGenerator, Callable, Sequence
from functools import partial
from typing import Protocol

from sqlalchemy.orm import Session

from runcast.db import events as event_store
from runcast.db.database import Database
from runcast.domain.events import EventCursor, EventNotice
from runcast.events.bus import InMemoryEventBus

__all__ = ["GAP_PATIENCE", "ChangeSignal", "LogWatchingBus"]

logger = logging.getLogger(__name__)

_NOTICES_PER_READ = 1000
_REMEMBERED_LOCAL_IDS = 100_000

GAP_PATIENCE = 0.05
"""Seconds a missing id may stay missing before the log is settled.

Only a matter of cost: settling makes appends wait, while a missing id
usually fills in within a commit's time. Correctness never depends on it.
"""


class ChangeSignal(Protocol):
    """Says when the event log may have grown."""

    def changes(self) -> AsyncGenerator[None]:
        """Yield each time the log may hold events not seen yet, forever."""
        ...


class LogWatchingBus(InMemoryEventBus):
    """Wakes listeners for events of this process and of others on the database.

    ``ordered_commits`` says whether the database commits events in id
    order; without it the bus keeps a horizon (see the module's notes).
    """

    def __init__(
        self,
        database: Database,
        signal: ChangeSignal,
        *,
        ordered_commits: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._database = database
        self._signal = signal
        self._ordered_commits = ordered_commits
        self._clock = clock
        self._cursor: EventCursor = 0
        # events published here, so the watcher does not announce them twice
        self._published_here: set[EventCursor] = set()
        self._gap: tuple[EventCursor, float] | None = None
        self._watcher: asyncio.Task[None] | None = None

    @property
    def horizon(self) -> EventCursor | None:
        """Every event up to here that will ever commit has; None: the log's end."""
        return None if self._ordered_commits else self._cursor

    async def publish(self, notices: Sequence[EventNotice]) -> None:
        """Wake the listeners of each notice's topic.

        Beyond a horizon, readers of several runs cannot read these events
        yet: they are woken again once the horizon passes them.
        """
        if self._follows_cursor(notices):
            # the log's next events: nothing to read for them, nor to remember
            self._cursor = notices[-1].id
        elif len(self._published_here) < _REMEMBERED_LOCAL_IDS:
            self._published_here.update(notice.id for notice in notices)
        self.deliver(notices)

    def _follows_cursor(self, notices: Sequence[EventNotice]) -> bool:
        """Whether ``notices`` are the very next events of an ordered log."""
        if not (self._ordered_commits and notices):
            return False
        first, last = notices[0].id, notices[-1].id
        return first == self._cursor + 1 and last - first == len(notices) - 1

    async def start(self) -> None:
        """Start watching the log for other processes' events."""
        self._cursor = await self._database.read(_settled_last_event_id)
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
            notices = await self._read_notices(settled=False)
            complete = self._gap_free(notices)
            if len(complete) < len(notices) and self._gap_lasted(complete, notices):
                # whatever is still missing once appends in flight end, never will be
                notices = await self._read_notices(settled=True)
                complete = notices
            if complete:
                self._hand_on(complete)
            if len(complete) < _NOTICES_PER_READ:
                return

    async def _read_notices(self, *, settled: bool) -> list[EventNotice]:
        read = partial(
            event_store.list_notices, after=self._cursor, limit=_NOTICES_PER_READ
        )
        return await self._database.read(_settled(read) if settled else read)

    def _gap_free(self, notices: list[EventNotice]) -> list[EventNotice]:
        """The notices up to the first missing id (all, when commits are ordered)."""
        if self._ordered_commits:
            return notices
        expected = self._cursor + 1
        for position, notice in enumerate(notices):
            if notice.id != expected:
                return notices[:position]
            expected += 1
        return notices

    def _gap_lasted(
        self, complete: list[EventNotice], notices: list[EventNotice]
    ) -> bool:
        """Whether the first missing id has been missing for ``GAP_PATIENCE``."""
        missing = (complete[-1].id if complete else self._cursor) + 1
        now = self._clock()
        if self._gap is None or self._gap[0] != missing:
            self._gap = (missing, now)
            return False
        return now - self._gap[1] >= GAP_PATIENCE

    def _hand_on(self, notices: list[EventNotice]) -> None:
        # a publish meanwhile may have moved the cursor past some of them
        notices = [notice for notice in notices if notice.id > self._cursor]
        if not notices:
            return
        self._cursor = notices[-1].id
        self._gap = None
        here = self._published_here
        self.deliver([n for n in notices if n.id not in here])
        if not self._ordered_commits:
            # woken at publish, readers of several runs could not read these yet
            local = [n for n in notices if n.id in here]
            self.deliver(local, run_listeners=False)
        self._published_here = {
            event_id for event_id in here if event_id > self._cursor
        }


Read = Callable[[Session], list[EventNotice]]


def _settled(read: Read) -> Read:
    def settled_read(session: Session) -> list[EventNotice]:
        event_store.settle_log(session)
        return read(session)

    return settled_read


def _settled_last_event_id(session: Session) -> EventCursor:
    event_store.settle_log(session)
    return event_store.last_event_id(session)
