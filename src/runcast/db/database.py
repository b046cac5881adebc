"""The database: an async engine, and transactions for reading and writing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

__all__ = ["Database", "ensure_sqlite_folder"]

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
)


class Database:
    """Opens sessions on one database, SQLite or PostgreSQL.

    ``writing()`` gives a transaction that commits on success. On SQLite it
    starts with ``BEGIN IMMEDIATE`` so two writers never deadlock on a lock
    upgrade, and writers within the process queue on a lock rather than
    spinning on SQLite's busy handler.
    """

    def __init__(self, url: str | URL, *, echo: bool = False) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        ensure_sqlite_folder(self.url)
        self._reader = self._create_engine(echo=echo, immediate=False)
        self._writer = (
            self._create_engine(echo=echo, immediate=True)
            if self.is_sqlite
            else self._reader
        )
        self._read_sessions = async_sessionmaker(
            self._reader, class_=AsyncSession, expire_on_commit=False
        )
        self._write_sessions = async_sessionmaker(
            self._writer, class_=AsyncSession, expire_on_commit=False
        )
        self._write_lock = asyncio.Lock() if self.is_sqlite else None

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A session for reads; it sees one consistent snapshot."""
        async with self._read_sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A transaction that commits when the block ends without an error."""
        if self._write_lock is None:
            async with self._write_sessions() as session, session.begin():
                yield session
            return
        async with (
            self._write_lock,
            self._write_sessions() as session,
            session.begin(),
        ):
            yield session

    @property
    def engine(self) -> AsyncEngine:
        """The engine for reads (and writes, except on SQLite)."""
        return self._reader

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self._reader.dispose()
        await self._writer.dispose()

    def _create_engine(self, *, echo: bool, immediate: bool) -> AsyncEngine:
        engine = create_async_engine(self.url, echo=echo)
        if self.is_sqlite:
            _configure_sqlite(engine, immediate=immediate)
        return engine


def ensure_sqlite_folder(url: URL) -> None:
    """Create the folder of a SQLite database file if it is missing."""
    database = url.database
    if url.get_backend_name() == "sqlite" and database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: AsyncEngine, *, immediate: bool) -> None:
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy, not the driver, decide when transactions begin
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)
