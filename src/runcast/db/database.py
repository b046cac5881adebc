"""The database: an async engine, and transactions for reading and writing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_delay,
    wait_exponential,
)

T = TypeVar("T")

__all__ = [
    "Database",
    "DatabaseUnavailableError",
    "begin_sqlite_transactions",
    "connection_of",
    "ensure_sqlite_folder",
    "first_line",
    "psycopg_url",
]

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
)


class DatabaseUnavailableError(Exception):
    """The database did not answer; the message says why, in one line."""


class Database:
    """Runs transactions on one database, SQLite or PostgreSQL.

    Repositories are plain functions over a synchronous ``Session``;
    ``read(work)`` and ``write(work)`` run one of them (or several) in one
    transaction, and a write commits when ``work`` returns. Each transaction
    runs whole in a thread with a synchronous connection of its own: one
    hand-over per transaction instead of several per statement, a cancelled
    caller never leaves a transaction half done, and the work of a large one
    (validating ten thousand rows, say) is not done on the event loop. On
    PostgreSQL through the async engine's ``run_sync`` it was, holding the
    loop for half a second.

    On SQLite writes run in a single thread, after ``BEGIN IMMEDIATE``, in
    the order they were asked for. On PostgreSQL writers run side by side;
    only appending events is one at a time (``db.events.append_events``).

    ``reading()`` and ``writing()`` give async sessions, for checks and tests.
    """

    def __init__(
        self,
        url: str | URL,
        *,
        echo: bool = False,
        pool_size: int = 10,
        statement_timeout: float = 30,
    ) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        ensure_sqlite_folder(self.url)
        self._pool_size = pool_size
        self._statement_timeout = statement_timeout
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
        self._readers = self._transaction_threads(
            sqlite_threads=_SQLITE_READER_THREADS, immediate=False
        )
        # PostgreSQL's writers share the readers' threads and connections
        self._writers = (
            self._transaction_threads(sqlite_threads=1, immediate=True)
            if self.is_sqlite
            else self._readers
        )

    async def read(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a read transaction: one consistent snapshot.

        A read the database could not answer (it restarted, a connection
        dropped, the file was locked) is tried again, with backoff, for up
        to ``READ_RETRY_SECONDS``: reading twice changes nothing, and a live
        view should ride out a restart rather than fail.
        """
        return await _until_available(lambda: self._readers.run(work))

    async def read_statement(self, work: Callable[[Connection], T]) -> T:
        """Run ``work``, one Core statement, on a plain connection.

        No ORM session is made, and on SQLite the statement is a transaction
        of its own: no ``BEGIN`` and ``COMMIT`` around it. For the point
        reads a request makes most (a run by id): half their cost was the
        session and the transaction. Tried again as ``read`` is.
        """
        return await _until_available(lambda: self._readers.run_statement(work))

    async def write(self, work: Callable[[Session], T], *, guarded: bool = False) -> T:
        """Run ``work`` in a write transaction; it commits unless ``work`` raises.

        A ``guarded`` write (whose changes are compare-and-sets on what it
        read) is tried again, as a read is, while the database does not
        answer, but only when the failure says nothing was committed: it
        could not connect, the server shut the transaction down, or the file
        was locked. A connection lost with its commit in flight is not tried
        again, as its outcome is unknown.
        """
        if guarded:
            return await _until_available(
                lambda: self._write_once(work), retry_if=_rolled_back
            )
        return await self._write_once(work)

    async def _write_once(self, work: Callable[[Session], T]) -> T:
        if self._write_lock is None:
            return await self._writers.run(work)
        async with self._write_lock:
            return await self._writers.run(work)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """An async session for reads; it sees one consistent snapshot."""
        async with self._read_sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """An async transaction that commits when the block ends without an error."""
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

    async def run_on_connection(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` on a plain connection; raise ``DatabaseUnavailableError``
        when the database cannot be reached."""
        try:
            async with self._reader.connect() as connection:
                return await connection.run_sync(work)
        except (OSError, TimeoutError, DBAPIError) as error:
            raise DatabaseUnavailableError(first_line(error)) from error

    async def ping(self) -> None:
        """Return once the database answered a trivial query, within
        ``PING_TIMEOUT`` seconds."""
        try:
            async with asyncio.timeout(PING_TIMEOUT):
                await self.run_on_connection(
                    lambda connection: connection.execute(_PING)
                )
        except TimeoutError as error:
            raise DatabaseUnavailableError(
                f"no answer within {PING_TIMEOUT:g} s"
            ) from error

    @property
    def engine(self) -> AsyncEngine:
        """The async engine for reads (and writes, except on SQLite)."""
        return self._reader

    async def dispose(self) -> None:
        """Close every pooled connection and stop the threads."""
        await self._reader.dispose()
        await self._writer.dispose()
        await self._readers.dispose()
        if self._writers is not self._readers:
            await self._writers.dispose()

    def _create_engine(self, *, echo: bool, immediate: bool) -> AsyncEngine:
        if self.is_sqlite:
            engine = create_async_engine(self.url, echo=echo)
            _configure_sqlite(engine.sync_engine, immediate=immediate)
            return engine
        return create_async_engine(
            self.url,
            echo=echo,
            pool_size=self._pool_size,
            max_overflow=self._pool_size,
            # a connection that died with its server is replaced, not used
            pool_pre_ping=True,
            connect_args={"server_settings": {"statement_timeout": self._timeout_ms}},
        )

    def _transaction_threads(
        self, *, sqlite_threads: int, immediate: bool
    ) -> _TransactionThreads:
        """Threads for transactions: on SQLite ``sqlite_threads`` of them, on
        PostgreSQL one per connection of the pool."""
        if self.is_sqlite:
            engine = create_engine(
                self.url.set(drivername="sqlite"),
                pool_size=sqlite_threads,
                max_overflow=0,
            )
            _configure_sqlite(engine, immediate=immediate)
            return _TransactionThreads(engine, threads=sqlite_threads)
        engine = create_engine(
            psycopg_url(self.url),
            pool_size=self._pool_size,
            max_overflow=0,
            pool_pre_ping=True,
            connect_args={"options": f"-c statement_timeout={self._timeout_ms}"},
        )
        return _TransactionThreads(engine, threads=self._pool_size)

    @property
    def _timeout_ms(self) -> str:
        return str(round(self._statement_timeout * 1000))


_SQLITE_READER_THREADS = 4


def psycopg_url(url: URL) -> URL:
    """The psycopg URL of a PostgreSQL URL written for asyncpg.

    asyncpg's ``ssl`` query option is libpq's ``sslmode`` (``require``,
    ``verify-full``, ...); every other part is the same.
    """
    query = dict(url.query)
    if "ssl" in query:
        query["sslmode"] = query.pop("ssl")
    return url.set(drivername="postgresql+psycopg", query=query)


class _TransactionThreads:
    """Transactions on synchronous connections, in threads of their own."""

    def __init__(self, engine: Engine, *, threads: int) -> None:
        self._threads = ThreadPoolExecutor(threads, thread_name_prefix="runcast-db")
        self._engine = engine

    async def run(self, work: Callable[[Session], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self._transaction, work)

    async def run_statement(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` of one statement outside of any transaction of ours."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self._statement, work)

    def _transaction(self, work: Callable[[Session], T]) -> T:
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            return work(session)

    def _statement(self, work: Callable[[Connection], T]) -> T:
        with self._engine.connect().execution_options(
            **{_ONE_STATEMENT: True}
        ) as connection:
            return work(connection)

    async def dispose(self) -> None:
        """Close every connection once the transactions under way have ended.

        A transaction whose caller was cancelled still runs to its end in its
        thread; closing the pool before it returned its connection would
        leave that connection open.
        """
        await asyncio.to_thread(self._close)

    def _close(self) -> None:
        self._threads.shutdown()  # waits for the transactions under way
        self._engine.dispose()


_ONE_STATEMENT = "runcast_one_statement"
"""Execution option of a connection whose transaction is one statement:
SQLite runs it in a transaction of its own, so no ``BEGIN`` is sent."""

_PING = text("SELECT 1")
PING_TIMEOUT = 5.0
"""Seconds a health check waits for the database."""
READ_RETRY_SECONDS = 30.0
"""How long a read is tried again while the database does not answer."""


async def _until_available(
    call: Callable[[], Awaitable[T]],
    *,
    retry_if: Callable[[BaseException], bool] | None = None,
) -> T:
    """``call()``, tried again with backoff while the database does not answer
    (``retry_if``, by default ``_is_unavailable``, says so), for up to
    ``READ_RETRY_SECONDS``."""
    unavailable = retry_if or _is_unavailable
    try:
        return await call()
    except Exception as error:
        if not unavailable(error):
            raise
    # the database did not answer: try again, and only now pay for retrying
    async for attempt in AsyncRetrying(
        retry=retry_if_exception(unavailable),
        stop=stop_after_delay(READ_RETRY_SECONDS),
        wait=wait_exponential(multiplier=0.05, max=2),
        reraise=True,
    ):
        with attempt:
            return await call()
    raise AssertionError("unreachable: the last attempt raises")  # pragma: no cover


def connection_of(source: Session | Connection) -> Connection:
    """The connection a session reads through, or the connection itself."""
    return source.connection() if isinstance(source, Session) else source


def _is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database did not answer, not that we erred."""
    if isinstance(error, OSError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    # psycopg's errors carry their SQLSTATE, asyncpg's adapted ones their cause
    original = error.orig
    cause = original.__cause__ if original is not None else None
    sqlstate = (
        getattr(original, "sqlstate", None) or getattr(cause, "sqlstate", None) or ""
    )
    # psycopg's failure to connect has no SQLSTATE: no server answered it
    if isinstance(original, psycopg.OperationalError) and not sqlstate:
        return True
    # connection exceptions, and a server shutting down or starting up
    if sqlstate.startswith(("08", "57P")):
        return True
    return "database is locked" in str(error.orig)


_SHUT_DOWN = ("57P01", "57P02", "57P03")
"""Admin shutdown, crash shutdown, cannot connect now: the server ended (or
refused) the transaction, which therefore did not commit."""


def _rolled_back(error: BaseException) -> bool:
    """Whether ``error`` says the database did not answer and a transaction it
    interrupted cannot have committed."""
    if isinstance(error, OSError):
        return True  # refused or unreachable: nothing was sent
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None) or ""
    if sqlstate.startswith(_SHUT_DOWN):
        return True
    message = str(original)
    # psycopg's words when it could not connect, SQLite's for a busy file
    return message.startswith("connection failed") or "database is locked" in message


def first_line(error: BaseException) -> str:
    """What went wrong with the database, in one line."""
    original = getattr(error, "orig", None) or error
    lines = str(original).strip().splitlines()
    return lines[0] if lines else type(original).__name__


def ensure_sqlite_folder(url: URL) -> None:
    """Create the folder of a SQLite database file if it is missing."""
    database = url.database
    if url.get_backend_name() == "sqlite" and database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def begin_sqlite_transactions(engine: Engine, *, immediate: bool) -> None:
    """Make every SQLAlchemy transaction on ``engine`` a real SQLite transaction.

    The driver otherwise begins one only before DML and commits before DDL,
    so a schema change would not be all-or-nothing. Here the driver begins
    nothing and each SQLAlchemy transaction emits ``BEGIN`` (``BEGIN
    IMMEDIATE``: take the write lock at once) itself. Works on the pysqlite
    and aiosqlite drivers (for an async engine pass its ``sync_engine``).
    """
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if not connection.get_execution_options().get(_ONE_STATEMENT):
            connection.exec_driver_sql(begin)


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    begin_sqlite_transactions(engine, immediate=immediate)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()
