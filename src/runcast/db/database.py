"""The database: an async engine, and transactions for reading and writing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

T = TypeVar("T")

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
        self._sqlite_writer = _SqliteWriter(self.url) if self.is_sqlite else None

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

    async def writing_in_one_go(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one write transaction with a synchronous session.

        For hot paths that write many rows at once. On SQLite the whole
        transaction runs in a thread of its own on a connection of its own:
        one hand-over to that thread instead of several for every statement.
        """
        if self._sqlite_writer is None or self._write_lock is None:
            async with self.writing() as session:
                return await session.run_sync(work)
        async with self._write_lock:
            return await self._sqlite_writer.run(work)

    @property
    def engine(self) -> AsyncEngine:
        """The engine for reads (and writes, except on SQLite)."""
        return self._reader

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self._reader.dispose()
        await self._writer.dispose()
        if self._sqlite_writer is not None:
            await self._sqlite_writer.dispose()

    def _create_engine(self, *, echo: bool, immediate: bool) -> AsyncEngine:
        engine = create_async_engine(self.url, echo=echo)
        if self.is_sqlite:
            _configure_sqlite(engine.sync_engine, immediate=immediate)
        return engine


class _SqliteWriter:
    """Write transactions on a synchronous SQLite connection, in one thread."""

    def __init__(self, url: URL) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="runcast-writer")
        self._engine = create_engine(url.set(drivername="sqlite"), pool_size=1)
        _configure_sqlite(self._engine, immediate=True)

    async def run(self, work: Callable[[Session], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, self._transaction, work)

    def _transaction(self, work: Callable[[Session], T]) -> T:
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            return work(session)

    async def dispose(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._thread, self._engine.dispose)
        self._thread.shutdown()


def ensure_sqlite_folder(url: URL) -> None:
    """Create the folder of a SQLite database file if it is missing."""
    database = url.database
    if url.get_backend_name() == "sqlite" and database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy, not the driver, decide when transactions begin
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)
