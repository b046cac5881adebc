"""Event streams: replay from the log after a cursor, then follow it live."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection

from runcast.db.database import Database
from runcast.db.events import last_event_id, list_events
from runcast.domain.events import EventCursor, RunEvent, RunEventKind
from runcast.events.bus import EventBus

__all__ = ["follow_events", "latest_cursor"]

_BATCH_SIZE = 500


async def follow_events(
    database: Database,
    bus: EventBus,
    *,
    after: EventCursor,
    run_id: str | None = None,
    experiment_id: str | None = None,
    kinds: Collection[RunEventKind] | None = None,
    until_terminal: bool = False,
    live: bool = True,
    poll_interval: float = 1.0,
) -> AsyncIterator[RunEvent]:
    """Yield every matching event after ``after``, in order, then live ones.

    The listener is registered before the first read, so an event committed
    while the replay runs is not missed; reading strictly after the last id
    sent means none is sent twice. With ``until_terminal`` the stream ends
    after the first event that ends its run; without ``live`` it ends once the
    log holds nothing more. The bus only wakes readers in this process, so a
    live stream also looks at the log every ``poll_interval`` seconds, for
    events written by other processes (``runcast worker``).
    """
    cursor = after
    with bus.listen() as listener:
        while True:
            listener.reset()
            async with database.reading() as session:
                events = await list_events(
                    session,
                    after=cursor,
                    run_id=run_id,
                    experiment_id=experiment_id,
                    kinds=kinds,
                    limit=_BATCH_SIZE,
                )
            for event in events:
                yield event
                cursor = event.id
                if until_terminal and event.is_terminal:
                    return
            if len(events) < _BATCH_SIZE:
                if not live:
                    return
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(poll_interval):
                        await listener.wait()


async def latest_cursor(database: Database) -> EventCursor:
    """Return the cursor of the newest event in the log."""
    async with database.reading() as session:
        return await last_event_id(session)
