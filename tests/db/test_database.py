"""The database handle: SQLite settings, transactions and timestamp columns."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.errors import AdminShutdown
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import (
    IntegrityError,
    OperationalError,
    ProgrammingError,
    StatementError,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col

from runcast.db.database import Database, psycopg_url
from runcast.db.tables import ExperimentRow, RunRow
from runcast.db.types import UTCDateTime, utc_now

SessionFactory = Callable[[Database], AbstractAsyncContextManager[AsyncSession]]

READING: SessionFactory = Database.reading
WRITING: SessionFactory = Database.writing


def experiment_row(id: str, *, created_at: datetime | None = None) -> ExperimentRow:
    """A minimal experiment row."""
    at = created_at or datetime(2030, 1, 1, tzinfo=UTC)
    return ExperimentRow(
        id=id,
        name=f"name-{id}",
        prompt="hi",
        model={},
        dataset=[],
        created_at=at,
        updated_at=at,
    )


async def count_experiments(db: Database) -> int:
    """How many experiment rows are stored."""
    async with db.reading() as session:
        return (
            await session.scalar(select(func.count()).select_from(ExperimentRow)) or 0
        )


async def write_then_fail(db: Database, id: str) -> None:
    """Add and flush an experiment row in a writing() block, then raise."""
    async with db.writing() as session:
        session.add(experiment_row(id))
        await session.flush()
        raise RuntimeError("boom")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
class TestSqlitePragmas:
    @pytest.mark.parametrize("open_session", [READING, WRITING], ids=["read", "write"])
    @pytest.mark.parametrize(
        ("pragma", "expected"),
        [("journal_mode", "wal"), ("foreign_keys", 1), ("busy_timeout", 10_000)],
    )
    async def test_connection_has_pragma_set(
        self,
        db: Database,
        open_session: SessionFactory,
        pragma: str,
        expected: str | int,
    ) -> None:
        """Every reading or writing connection uses WAL, foreign keys, a timeout."""
        async with open_session(db) as session:
            value = await session.scalar(text(f"PRAGMA {pragma}"))

        assert value == expected


class TestConstraints:
    async def test_insert_with_unknown_foreign_key_raises(self, db: Database) -> None:
        """Foreign keys are enforced: a run of a missing experiment is refused."""
        run = RunRow(
            id="run-1",
            experiment_id="missing",
            status="pending",
            created_at=utc_now(),
        )

        with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
            async with db.writing() as session:
                session.add(run)

        async with db.reading() as session:
            assert await session.get(RunRow, "run-1") is None


class TestDatabaseFile:
    @pytest.fixture
    async def nested_db(self, tmp_path: Path) -> AsyncIterator[Database]:
        """A database whose file sits in folders that do not exist yet."""
        database = Database(
            f"sqlite+aiosqlite:///{tmp_path / 'deep' / 'er' / 'runcast.db'}"
        )
        yield database
        await database.dispose()

    async def test_new_database_creates_parent_folder(
        self, tmp_path: Path, nested_db: Database
    ) -> None:
        """Opening a database in a missing folder creates the folder."""
        folder = tmp_path / "deep" / "er"

        async with nested_db.writing() as session:
            await session.execute(text("CREATE TABLE t (x INTEGER)"))

        assert folder.is_dir()
        assert (folder / "runcast.db").is_file()


class TestTransactions:
    async def test_writing_commits_on_success(self, db: Database) -> None:
        """A row added in a writing() block that ends normally is stored."""
        async with db.writing() as session:
            session.add(experiment_row("kept"))

        async with db.reading() as session:
            assert (await session.get(ExperimentRow, "kept")) is not None

    async def test_writing_that_raises_rolls_back(self, db: Database) -> None:
        """A writing() block that raises leaves nothing behind, even flushed rows."""
        with pytest.raises(RuntimeError, match="boom"):
            await write_then_fail(db, "lost")

        assert await count_experiments(db) == 0

    async def test_writing_after_rollback_still_works(self, db: Database) -> None:
        """A failed transaction does not break the next one."""
        with pytest.raises(RuntimeError):
            await write_then_fail(db, "lost")

        async with db.writing() as session:
            session.add(experiment_row("kept"))

        assert await count_experiments(db) == 1


class TestTransactionThreads:
    async def test_reads_and_writes_run_their_work_off_the_event_loop(
        self, db: Database
    ) -> None:
        """On either database a transaction's work runs in a thread of its own,
        so a large one (ten thousand rows to build) never holds the loop."""
        # Arrange
        loop_thread = threading.get_ident()
        threads: dict[str, int] = {}

        def work(name: str) -> Callable[[Any], int]:
            def run(source: Any) -> int:
                threads[name] = threading.get_ident()
                return count_rows(source)

            return run

        # Act
        await db.write(lambda session: session.add(experiment_row("kept")))
        written = await db.write(work("write"))
        read = await db.read(work("read"))
        read_statement = await db.read_statement(work("read_statement"))

        # Assert
        assert (written, read, read_statement) == (1, 1, 1)
        assert set(threads) == {"write", "read", "read_statement"}
        assert loop_thread not in threads.values()


class TestStatementTimeout:
    async def test_statement_past_the_timeout_is_cancelled_not_retried(
        self, database_url: str
    ) -> None:
        """On PostgreSQL a read running past the statement timeout fails with
        PostgreSQL's cancellation at once, as a wrong read does."""
        if database_url.startswith("sqlite"):
            pytest.skip("SQLite has no statement timeout")
        # Arrange
        database = Database(database_url, statement_timeout=0.1)

        # Act
        try:
            with pytest.raises(OperationalError) as raised:
                await database.read(
                    lambda session: session.execute(text("SELECT pg_sleep(30)"))
                )
        finally:
            await database.dispose()

        # Assert
        assert "statement timeout" in str(raised.value)


class TestPsycopgUrl:
    def test_asyncpg_url_becomes_psycopg_with_its_ssl_mode(self) -> None:
        """The URL users write for asyncpg reaches psycopg's threads with the
        same host, credentials and options, ``ssl`` spelt ``sslmode``."""
        # Arrange
        url = make_url(
            "postgresql+asyncpg://runcast:secret@db.internal:5432/runcast"
            "?ssl=verify-full&application_name=runcast"
        )

        # Act
        converted = psycopg_url(url)

        # Assert
        assert converted.drivername == "postgresql+psycopg"
        assert (converted.username, converted.password) == ("runcast", "secret")
        assert (converted.host, converted.port) == ("db.internal", 5432)
        assert converted.database == "runcast"
        assert dict(converted.query) == {
            "sslmode": "verify-full",
            "application_name": "runcast",
        }


@pytest.fixture
def sent() -> Iterator[list[tuple[int, str]]]:
    """Every statement any engine of this process sends while the test runs,
    with the (DBAPI) connection it was sent on."""
    recorded: list[tuple[int, str]] = []

    def record(connection: Connection, *arguments: Any) -> None:
        recorded.append((id(connection.connection.dbapi_connection), arguments[1]))

    event.listen(Engine, "before_cursor_execute", record)
    yield recorded
    event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every statement any engine of this process sends, while the test runs."""
    sent: list[str] = []

    def record(*arguments: Any) -> None:
        sent.append(arguments[2])

    event.listen(Engine, "before_cursor_execute", record)
    yield sent
    event.remove(Engine, "before_cursor_execute", record)


def count_rows(source: Session | Connection) -> int:
    return source.scalar(select(func.count()).select_from(ExperimentRow)) or 0


class TestOneStatementReads:
    async def test_a_snapshot_read_is_one_transaction(
        self, db: Database, statements: list[str]
    ) -> None:
        """Several statements of one read see one snapshot: BEGIN ... COMMIT."""
        await db.read(count_rows)

        if db.is_sqlite:
            assert statements[0] == "BEGIN"
        assert any("count" in statement for statement in statements)

    async def test_a_one_statement_read_sends_only_its_statement(
        self, db: Database, sent: list[tuple[int, str]]
    ) -> None:
        """On SQLite a read of one statement is a transaction of its own: its
        connection sends that statement alone (the bus may read the log on
        another connection meanwhile)."""
        async with db.writing() as session:
            session.add(experiment_row("kept"))
        sent.clear()

        assert await db.read_statement(count_rows) == 1

        if db.is_sqlite:
            [(connection, count)] = [(c, s) for c, s in sent if "count" in s]
            assert [s for c, s in sent if c == connection] == [count]

    async def test_a_one_statement_read_leaves_the_next_read_a_snapshot(
        self, db: Database, statements: list[str]
    ) -> None:
        """The connection it used begins the next snapshot read as ever."""
        for _ in range(8):  # more reads than reader connections
            await db.read_statement(count_rows)
        statements.clear()

        assert await db.read(count_rows) == 0

        if db.is_sqlite:
            assert statements[0] == "BEGIN"


class FailingFirst:
    """A read that raises ``error`` the first ``times`` it runs, then counts rows."""

    def __init__(self, error: Exception, *, times: int = 1) -> None:
        self.error = error
        self.times = times
        self.calls = 0

    def __call__(self, source: Session | Connection) -> int:
        self.calls += 1
        if self.calls <= self.times:
            raise self.error
        return count_rows(source)


class TestReadRetries:
    @pytest.mark.parametrize("kind", ["snapshot", "statement"])
    async def test_read_the_database_did_not_answer_is_tried_again(
        self, db: Database, kind: str
    ) -> None:
        """A dropped connection or a locked file costs a retry, not an error."""
        reading = db.read if kind == "snapshot" else db.read_statement
        dropped = OperationalError("SELECT 1", {}, Exception("gone"))
        dropped.connection_invalidated = True
        for error in (
            dropped,
            OperationalError("SELECT 1", {}, Exception("database is locked")),
            # PostgreSQL shutting down, as psycopg says it
            OperationalError("SELECT 1", {}, AdminShutdown("terminating")),
            # psycopg failing to connect: no server answered, no SQLSTATE
            OperationalError(
                None, {}, psycopg.OperationalError("the database is shutting down")
            ),
            ConnectionRefusedError("refused"),
        ):
            read = FailingFirst(error, times=2)

            assert await reading(read) == 0
            assert read.calls == 3

    async def test_read_that_is_wrong_fails_at_once(self, db: Database) -> None:
        """A mistake (bad SQL, a missing table) is not tried again."""
        mistake = ProgrammingError("SELECT nope", {}, Exception("no such column"))
        read = FailingFirst(mistake)

        with pytest.raises(ProgrammingError):
            await db.read(read)
        assert read.calls == 1


class TestGuardedWrites:
    async def test_a_guarded_write_is_tried_again_while_nothing_answers(
        self, db: Database
    ) -> None:
        """A write whose changes are guarded rides out a restart as a read does."""
        refused = OperationalError(
            None, {}, psycopg.OperationalError("connection failed: refused")
        )
        write = FailingFirst(refused, times=2)

        assert await db.write(write, guarded=True) == 0
        assert write.calls == 3

    async def test_a_commit_whose_outcome_is_unknown_is_not_tried_again(
        self, db: Database
    ) -> None:
        """A connection lost mid-transaction may have committed: it fails."""
        lost = OperationalError(
            None, {}, psycopg.OperationalError("server closed the connection")
        )
        lost.connection_invalidated = True
        write = FailingFirst(lost)

        with pytest.raises(OperationalError):
            await db.write(write, guarded=True)
        assert write.calls == 1

    async def test_a_transaction_the_server_shut_down_is_tried_again(
        self, db: Database
    ) -> None:
        """An admin shutdown rolled the transaction back: it is tried again."""
        shut = OperationalError("UPDATE", {}, AdminShutdown("terminating"))
        write = FailingFirst(shut, times=1)

        assert await db.write(write, guarded=True) == 0
        assert write.calls == 2

    async def test_any_other_write_fails_at_once(self, db: Database) -> None:
        """An unguarded write might commit twice: it is not tried again."""
        refused = OperationalError(
            None, {}, psycopg.OperationalError("connection failed: refused")
        )
        write = FailingFirst(refused)

        with pytest.raises(OperationalError):
            await db.write(write)
        assert write.calls == 1


class TestUTCDateTime:
    @pytest.mark.parametrize(
        "written",
        [
            datetime(2030, 6, 1, 12, 30, 15, 123456, tzinfo=UTC),
            datetime(2030, 6, 1, 14, 30, tzinfo=timezone(timedelta(hours=2))),
            datetime(
                2030, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=-9, minutes=-30))
            ),
        ],
    )
    async def test_round_trip_returns_aware_utc(
        self, db: Database, written: datetime
    ) -> None:
        """A stored time comes back as the same instant, tagged UTC."""
        async with db.writing() as session:
            session.add(experiment_row("e", created_at=written))

        async with db.reading() as session:
            read = await session.scalar(
                select(col(ExperimentRow.created_at)).where(
                    col(ExperimentRow.id) == "e"
                )
            )

        assert read is not None
        assert read.tzinfo is UTC
        assert read == written
        assert read.utcoffset() == timedelta(0)

    async def test_naive_datetime_is_rejected(self, db: Database) -> None:
        """Storing a time without a zone fails and stores nothing."""
        naive = datetime(2030, 1, 1, 12, 0)

        with pytest.raises(StatementError, match="naive datetimes are not stored"):
            async with db.writing() as session:
                session.add(experiment_row("naive", created_at=naive))

        assert await count_experiments(db) == 0

    async def test_null_round_trips(self, db: Database) -> None:
        """A nullable timestamp stays None."""
        async with db.writing() as session:
            session.add(experiment_row("exp"))
            await session.flush()
            session.add(
                RunRow(
                    id="run",
                    experiment_id="exp",
                    status="pending",
                    config={},
                    created_at=utc_now(),
                )
            )

        async with db.reading() as session:
            run = await session.get(RunRow, "run")

        assert run is not None
        assert run.started_at is None
        assert run.created_at.tzinfo is UTC

    def test_process_bind_param_converts_to_utc(self) -> None:
        """Values are normalised to UTC before they reach the driver."""
        column_type = UTCDateTime()
        local = datetime(2030, 1, 1, 5, 0, tzinfo=timezone(timedelta(hours=5)))

        bound = column_type.process_bind_param(local, sqlite.dialect())

        assert bound == datetime(2030, 1, 1, 0, 0, tzinfo=UTC)
        assert bound is not None
        assert bound.tzinfo is UTC

    def test_utc_now_is_aware_utc(self) -> None:
        """utc_now() gives an aware UTC time."""
        assert utc_now().tzinfo is UTC
