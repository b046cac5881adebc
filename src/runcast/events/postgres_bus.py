"""An event bus for every process on one PostgreSQL database: LISTEN/NOTIFY.

Each transaction that appends events also runs ``pg_notify`` (see
``db/events.py``), which PostgreSQL delivers when, and only if, it commits.
Every process listens on one connection of its own; a notification makes it
read the log on from the last event it handed on. Notifications carry
nothing but "look": PostgreSQL may fold several into one, and one that is
lost (the listening connection dropped) is made good by reading again after
reconnecting, and by a look every ``fallback_interval`` regardless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator
from typing import Any

import asyncpg
from sqlalchemy.engine import URL

from runcast.db.database import Database
from runcast.db.events import EVENTS_CHANNEL
from runcast.events.log_bus import LogWatchingBus

__all__ = ["NotifySignal", "PostgresEventBus"]

logger = logging.getLogger(__name__)

FIRST_RETRY_DELAY = 0.1
LAST_RETRY_DELAY = 5.0
CONNECT_TIMEOUT = 10.0
_LINE_ERRORS = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


class NotifySignal:
    """Yields when PostgreSQL tells of a commit with events, and every so often."""

    def __init__(self, url: URL, *, fallback_interval: float) -> None:
        self._dsn = url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._fallback_interval = fallback_interval

    async def changes(self) -> AsyncGenerator[None]:
        """Yield on each notification; reconnect with backoff when the line drops."""
        delay = FIRST_RETRY_DELAY
        while True:
            try:
                connection = await asyncpg.connect(self._dsn, timeout=CONNECT_TIMEOUT)
            except _LINE_ERRORS as error:
                logger.warning("cannot listen for events (%s); retrying", error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, LAST_RETRY_DELAY)
                continue
            delay = FIRST_RETRY_DELAY
            try:
                async with contextlib.aclosing(
                    self._notifications(connection)
                ) as notifications:
                    async for _ in notifications:
                        yield
            except _LINE_ERRORS as error:
                logger.warning("lost the events connection (%s); reconnecting", error)
            finally:
                with contextlib.suppress(Exception):
                    await asyncio.shield(connection.close(timeout=1))

    async def _notifications(
        self, connection: asyncpg.Connection
    ) -> AsyncGenerator[None]:
        woken = asyncio.Event()

        def wake(*_: Any) -> None:
            woken.set()

        await connection.add_listener(EVENTS_CHANNEL, wake)
        # what was committed while no one listened
        yield
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._fallback_interval):
                    await woken.wait()
            if not woken.is_set():
                # quiet for a while: make sure the line is still there
                await connection.execute("SELECT 1", timeout=CONNECT_TIMEOUT)
            woken.clear()
            yield


class PostgresEventBus(LogWatchingBus):
    """Wakes listeners for events of every process on the database."""

    def __init__(self, database: Database, *, fallback_interval: float) -> None:
        super().__init__(
            database,
            NotifySignal(database.url, fallback_interval=fallback_interval),
            ordered_commits=False,
        )
