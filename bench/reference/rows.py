"""Rows of Runcast's SQLite file read with bare aiosqlite, for the references.

The SQL follows ``runcast.db.tables``; when those tables change, change it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

__all__ = ["EXPERIMENT_NAME", "RUN", "RUNS_PAGE", "RowReader"]

RUN = (
    "SELECT id, status, total_items, succeeded_items, failed_items"
    " FROM runs WHERE id = ?"
)
RUNS_PAGE = (
    "SELECT id, status, total_items, succeeded_items, failed_items, experiment_id"
    " FROM runs ORDER BY created_at DESC, id DESC LIMIT ?"
)
EXPERIMENT_NAME = "SELECT name FROM experiments WHERE id = ?"

Row = tuple[Any, ...]


class RowReader:
    """A few aiosqlite connections to one file, each lent to one query at a time."""

    def __init__(self, path: Path, *, connections: int = 4) -> None:
        self._path = path
        self._size = connections
        self._idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all: list[aiosqlite.Connection] = []

    async def open(self) -> None:
        """Open the connections."""
        for _ in range(self._size):
            connection = await aiosqlite.connect(self._path)
            await connection.execute("PRAGMA busy_timeout=10000")
            self._all.append(connection)
            self._idle.put_nowait(connection)

    async def close(self) -> None:
        """Close every connection."""
        for connection in self._all:
            await connection.close()

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[aiosqlite.Connection]:
        connection = await self._idle.get()
        try:
            yield connection
        finally:
            self._idle.put_nowait(connection)

    async def one(self, sql: str, parameters: Sequence[Any]) -> Row | None:
        """The first row the query returns, or None."""
        async with (
            self._connection() as connection,
            connection.execute(sql, parameters) as cursor,
        ):
            row = await cursor.fetchone()
        return None if row is None else tuple(row)

    async def all(self, sql: str, parameters: Sequence[Any]) -> list[Row]:
        """Every row the query returns."""
        async with (
            self._connection() as connection,
            connection.execute(sql, parameters) as cursor,
        ):
            return [tuple(row) for row in await cursor.fetchall()]
