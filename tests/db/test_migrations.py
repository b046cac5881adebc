"""Migrations: they build the schema the tables describe, and can run again."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from runcast.db.migrate import alembic_config, upgrade_database
from runcast.db.tables import metadata
from runcast.domain.errors import ConflictError
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.services.orchestrator import Orchestrator
from tests.support import migration_kill


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    """Where the migrated database lives (its folder does not exist yet)."""
    return tmp_path / "data" / "migrated.db"


@pytest.fixture
def url(database_file: Path) -> str:
    """The SQLAlchemy URL of the migrated database."""
    return f"sqlite+aiosqlite:///{database_file}"


def schema(database_file: Path) -> list[tuple[str, str, str | None]]:
    """Every table and index in the file, with the SQL that made it."""
    with sqlite3.connect(database_file) as connection:
        rows = connection.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    connection.close()
    return [(type_, name, sql) for type_, name, sql in rows]


def revision(database_file: Path) -> list[str]:
    """The revisions Alembic recorded in the file."""
    with sqlite3.connect(database_file) as connection:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    connection.close()
    return [row[0] for row in rows]


def head(url: str) -> str:
    """The newest revision among Runcast's migrations."""
    current = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert current is not None
    return current


class TestUpgrade:
    def test_upgrade_matches_table_metadata(self, url: str) -> None:
        """Autogenerate finds nothing to add: migrations and models agree."""
        upgrade_database(url)

        command.check(alembic_config(url))

    def test_upgrade_creates_every_table(self, url: str, database_file: Path) -> None:
        """Every SQLModel table exists after upgrading, at the head revision."""
        upgrade_database(url)

        tables = {name for type_, name, _ in schema(database_file) if type_ == "table"}
        assert set(metadata.tables) <= tables
        assert revision(database_file) == [head(url)]

    def test_upgrade_twice_changes_nothing(self, url: str, database_file: Path) -> None:
        """A second upgrade of an up-to-date database is a no-op."""
        upgrade_database(url)
        before = schema(database_file)

        upgrade_database(url)

        assert schema(database_file) == before
        assert revision(database_file) == [head(url)]

    def test_upgrade_keeps_rows(self, url: str, database_file: Path) -> None:
        """Upgrading again does not touch stored data."""
        upgrade_database(url)
        with sqlite3.connect(database_file) as connection:
            connection.execute(
                "INSERT INTO experiments (id, name, description, prompt, model,"
                " dataset, archived, created_at, updated_at) VALUES"
                " ('e', 'n', '', 'p', '{}', '[]', 0, '2030-01-01 00:00:00',"
                " '2030-01-01 00:00:00')"
            )
        connection.close()

        upgrade_database(url)

        with sqlite3.connect(database_file) as connection:
            names = connection.execute("SELECT name FROM experiments").fetchall()
        connection.close()
        assert names == [("n",)]

    def test_items_stored_before_repetitions_are_their_rows_only_repetition(
        self, url: str, database_file: Path
    ) -> None:
        """0013 gives an old item its index as its row, and repetition 0."""
        database_file.parent.mkdir(parents=True)
        command.upgrade(alembic_config(url), "0012")
        with sqlite3.connect(database_file) as connection:
            connection.execute(
                "INSERT INTO experiments (id, name, description, prompt, model,"
                " dataset, assertions, archived, created_at, updated_at) VALUES"
                " ('e', 'n', '', 'p', '{}', '[]', '[]', 0, '2030-01-01 00:00:00',"
                " '2030-01-01 00:00:00')"
            )
            connection.executemany(
                'INSERT INTO run_items (run_id, "index", variables, status,'
                " input_tokens, output_tokens, cost, attempts, assertion_results)"
                " VALUES ('r', ?, '{}', 'pending', 0, 0, 0, 0, '[]')",
                [(index,) for index in (0, 1, 7)],
            )
        connection.close()

        upgrade_database(url)

        with sqlite3.connect(database_file) as connection:
            items = connection.execute(
                'SELECT "index", row_index, repetition FROM run_items ORDER BY 1'
            ).fetchall()
            repetitions = connection.execute(
                "SELECT repetitions FROM experiments"
            ).fetchall()
        connection.close()
        assert items == [(0, 0, 0), (1, 1, 0), (7, 7, 0)]
        assert repetitions == [(1,)]

    def test_downgrade_then_upgrade_rebuilds_schema(
        self, url: str, database_file: Path
    ) -> None:
        """Every migration can be undone and redone to the same schema."""
        upgrade_database(url)
        migrated = schema(database_file)

        command.downgrade(alembic_config(url), "base")
        emptied = schema(database_file)
        upgrade_database(url)

        assert [
            name
            for type_, name, _ in emptied
            if type_ == "table" and not name.startswith("sqlite_")
        ] == ["alembic_version"]
        assert schema(database_file) == migrated

    def test_live_name_index_is_partial(self, url: str, database_file: Path) -> None:
        """The unique name index only covers experiments that are not archived."""
        upgrade_database(url)

        [sql] = [
            sql
            for _, name, sql in schema(database_file)
            if name == "uq_experiments_live_name"
        ]
        assert sql is not None
        assert sql.startswith("CREATE UNIQUE INDEX")
        assert sql.endswith("WHERE archived = 0")


class TestKilledMigration:
    def test_upgrade_after_kill_at_any_statement_completes_schema(
        self, tmp_path: Path
    ) -> None:
        """`runcast migrate` SIGKILLed before or after any statement of a first
        migration: the next upgrade succeeds and builds the whole schema."""
        clean = tmp_path / "clean.db"
        upgrade_database(f"sqlite+aiosqlite:///{clean}")

        killed = subprocess.run(
            [sys.executable, migration_kill.__file__, str(tmp_path / "killed")],
            capture_output=True,
            text=True,
            timeout=1_800,  # a hang guard, not a speed check
            check=True,
        )
        report = json.loads(killed.stdout)
        for crash in report["crashes"]:
            upgrade_database(f"sqlite+aiosqlite:///{crash['file']}")

        assert report["statements"] > 20
        assert len(report["crashes"]) == 2 * report["statements"]
        for crash in report["crashes"]:
            database_file = Path(crash["file"])
            assert schema(database_file) == schema(clean), crash["point"]
            assert revision(database_file) == revision(clean), crash["point"]


class TestLiveNameIndex:
    async def test_archived_experiment_frees_its_name(
        self, orchestrator: Orchestrator
    ) -> None:
        """Once "a" is archived, a new experiment may be called "a"."""
        first = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="a", prompt="hi")
        )
        await orchestrator.archive_experiment(experiment_id=first.id)

        second = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="a", prompt="hi")
        )

        assert second.id != first.id
        assert second.name == "a"

    async def test_second_live_name_raises_conflict(
        self, orchestrator: Orchestrator
    ) -> None:
        """Two live experiments cannot share a name, even after an archive."""
        first = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="a", prompt="hi")
        )
        await orchestrator.archive_experiment(experiment_id=first.id)
        await orchestrator.create_experiment(
            ExperimentConfigCreate(name="a", prompt="hi")
        )

        with pytest.raises(ConflictError) as error:
            await orchestrator.create_experiment(
                ExperimentConfigCreate(name="a", prompt="other")
            )

        assert error.value.field == "name"
        page = await orchestrator.list_experiments()
        assert [experiment.name for experiment in page.items] == ["a"]

    async def test_many_archived_experiments_share_a_name(
        self, orchestrator: Orchestrator
    ) -> None:
        """Archived experiments are outside the index, so any number share a name."""
        for _ in range(3):
            experiment = await orchestrator.create_experiment(
                ExperimentConfigCreate(name="a", prompt="hi")
            )
            await orchestrator.archive_experiment(experiment_id=experiment.id)

        page = await orchestrator.list_experiments()

        assert page.total_count == 0

    async def test_trimmed_names_conflict(self, orchestrator: Orchestrator) -> None:
        """Names are compared after trimming, so " a " clashes with "a"."""
        await orchestrator.create_experiment(
            ExperimentConfigCreate(name="a", prompt="hi")
        )

        with pytest.raises(ConflictError):
            await orchestrator.create_experiment(
                ExperimentConfigCreate(name="  a  ", prompt="hi")
            )
