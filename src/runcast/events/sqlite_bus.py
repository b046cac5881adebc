"""An event bus for every process sharing one SQLite file.

Events committed by another process (a ``runcast worker`` beside ``runcast
serve``) are noticed by a cheap check of the file's ``PRAGMA data_version``
on a short timer; when it moved, the log is read on from the last event seen.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator

from sqlalchemy.ext.asyncio import AsyncConnection

from runcast.db.database import Database
from runcast.events.log_bus import LogWatchingBus

__all__ = ["DataVersionSignal", "SqliteEventBus"]

logger = logging.getLogger(__name__)


class DataVersionSignal:
    """Yields when another connection committed to the SQLite file."""

    def __init__(self, database: Database, *, check_interval: float) -> None:
        self._database = database
        self._check_interval = check_interval

    async def changes(self) -> AsyncGenerator[None]:
        """Yield after each check that found the file's version moved."""
        # data_version is per connection: keep one for as long as we watch
        async with self._database.engine.connect() as connection:
            version = await _data_version(connection)
            while True:
                await asyncio.sleep(self._check_interval)
                try:
                    current = await _data_version(connection)
                except Exception:
                    logger.exception("checking the SQLite file's version failed")
                    continue
                if current != version:
                    version = current
                    yield


class SqliteEventBus(LogWatchingBus):
    """Wakes listeners for events of this process and of others on the same file."""

    def __init__(self, database: Database, *, check_interval: float) -> None:
        super().__init__(
            database,
            DataVersionSignal(database, check_interval=check_interval),
            # one writer at a time: events commit in id order
            ordered_commits=True,
        )


async def _data_version(connection: AsyncConnection) -> int:
    result = await connection.exec_driver_sql("PRAGMA data_version")
    version = int(result.scalar_one())
    await connection.rollback()
    return version
