"""The ``runcast`` command line, run as a user would run it."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from runcast.cli import main
from runcast.db.database import Database
from tests.support.postgres import PostgresServer, fresh_database
from tests.support.process import runcast_serve

ROOT = Path(__file__).resolve().parent.parent


class TestExportSchema:
    def test_committed_schema_matches_export(self, tmp_path: Path) -> None:
        """schema.graphql is exactly what `runcast export-schema` writes."""
        exported = tmp_path / "schema.graphql"

        assert main(["export-schema", "--output", str(exported)]) == 0

        assert exported.read_text() == (ROOT / "schema.graphql").read_text(), (
            "schema.graphql is stale: run `make schema`"
        )

    def test_export_schema_prints_sdl_to_stdout(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --output the schema goes to standard output."""
        main(["export-schema"])

        assert "type Query {" in capsys.readouterr().out


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_database(
    request: pytest.FixtureRequest, tmp_path: Path, postgres: PostgresServer
) -> AsyncIterator[str]:
    """The URL of a database without any table yet."""
    async with fresh_database(
        request.param,
        sqlite_file=tmp_path / "nested" / "runcast.db",
        postgres=postgres,
        migrated=False,
    ) as url:
        yield url


async def table_names(url: str) -> set[str]:
    database = Database(url)
    try:
        names = await database.run_on_connection(
            lambda connection: inspect(connection).get_table_names()
        )
    finally:
        await database.dispose()
    return set(names)


def run_command(*argv: str) -> Awaitable[int]:
    """``runcast argv…`` in a thread: commands run event loops of their own."""
    return asyncio.to_thread(main, list(argv))


UNREACHABLE = "postgresql+asyncpg://postgres@127.0.0.1:1/runcast"


class TestMigrate:
    async def test_migrate_creates_the_tables(
        self, empty_database: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`runcast migrate` brings an empty database to the current schema."""
        monkeypatch.setenv("RUNCAST_DATABASE_URL", empty_database)

        assert await run_command("migrate") == 0

        tables = await table_names(empty_database)
        assert {"experiments", "runs", "run_items", "run_events"} <= tables

    @pytest.mark.parametrize("empty_database", ["postgresql"], indirect=True)
    async def test_worker_on_a_database_not_migrated_says_so_in_one_line(
        self,
        empty_database: str,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A worker refuses a database behind its migrations, and names the fix."""
        monkeypatch.setenv("RUNCAST_DATABASE_URL", empty_database)

        assert await run_command("worker") == 1

        error = capsys.readouterr().err
        assert error.count("\n") == 1
        assert "is at migration none" in error
        assert "run `runcast migrate`" in error
        assert await table_names(empty_database) == set()

    @pytest.mark.parametrize("command", ["serve", "worker", "migrate"])
    async def test_unreachable_database_is_one_line(
        self,
        command: str,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """No traceback when PostgreSQL does not answer: one line that says so."""
        monkeypatch.setenv("RUNCAST_DATABASE_URL", UNREACHABLE)

        assert await run_command(command) == 1

        error = capsys.readouterr().err
        assert error.startswith("runcast: cannot ")
        assert "127.0.0.1:1" in error
        assert error.count("\n") == 1


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`runcast serve` as a real process on a free port; yields its base URL."""
    environment = {
        "RUNCAST_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
        "RUNCAST_SIMULATED_TOKEN_DELAY": "0",
    }
    with runcast_serve(environment) as server:
        yield server.url


class TestServe:
    def test_serve_answers_health_and_graphql(self, served: str) -> None:
        """The served app migrates its SQLite file and answers GraphQL."""
        health = httpx.get(f"{served}/healthz")
        answer = httpx.post(
            f"{served}/graphql",
            json={"query": "{ experiments { totalCount } }"},
        )

        assert health.json() == {"status": "ok", "database": "ok"}
        assert json.loads(answer.text) == {"data": {"experiments": {"totalCount": 0}}}


class TestTokens:
    async def test_create_list_and_revoke_a_token(
        self,
        database_url: str,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The secret alone goes to stdout, once; the list never shows it."""
        monkeypatch.setenv("RUNCAST_DATABASE_URL", database_url)

        assert await run_command("token", "create", "--name", "ci") == 0
        secret = capsys.readouterr().out.strip()
        assert await run_command("token", "create", "--name", "ro", "--read-only") == 0
        capsys.readouterr()
        assert await run_command("token", "list") == 0
        listed = capsys.readouterr().out
        assert await run_command("token", "revoke", "ci") == 0
        capsys.readouterr()
        assert await run_command("token", "list") == 0
        after = capsys.readouterr().out

        assert secret.startswith("rct_")
        assert secret.split("_")[1] in listed
        assert secret not in listed
        assert [line.split()[1] for line in listed.splitlines()] == [
            "full",
            "read-only",
        ]
        assert "ci" not in after.split()
        assert "ro" in after.split()

    @pytest.mark.parametrize("argv", [("create", "--name", "ci"), ("revoke", "nope")])
    async def test_token_mistakes_are_one_line(
        self,
        database_url: str,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        argv: tuple[str, ...],
    ) -> None:
        """A duplicate name or an unknown token: exit 1 and a line that says so."""
        monkeypatch.setenv("RUNCAST_DATABASE_URL", database_url)
        assert await run_command("token", "create", "--name", "ci") == 0
        capsys.readouterr()

        assert await run_command("token", *argv) == 1

        error = capsys.readouterr().err
        assert error.startswith("runcast: ")
        assert error.count("\n") == 1


class TestServeBeyondLoopback:
    def test_serve_on_all_addresses_without_a_token_is_refused(
        self, tmp_path: Path
    ) -> None:
        """One line naming the ways out; the server never starts."""
        environment = os.environ | {
            "RUNCAST_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'open.db'}"
        }
        command = [sys.executable, "-m", "runcast.cli", "serve", "--host", "0.0.0.0"]

        finished = subprocess.run(
            command,
            check=False,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )

        assert finished.returncode == 1
        refusal = finished.stderr.splitlines()[-1]
        assert refusal.startswith("runcast: will not serve on 0.0.0.0")
        assert "--insecure" in refusal
        assert "Uvicorn running" not in finished.stderr

    def test_serve_on_all_addresses_with_a_token_requires_it(
        self, tmp_path: Path
    ) -> None:
        """With RUNCAST_API_TOKEN it serves, and only to callers with the token."""
        environment = {
            "RUNCAST_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}",
            "RUNCAST_API_TOKEN": "a-long-shared-secret-0123456789",
            "RUNCAST_HOST": "0.0.0.0",
        }
        query = {"query": "{ experiments { totalCount } }"}

        with runcast_serve(environment) as server:
            refused = httpx.post(f"{server.url}/graphql", json=query)
            served = httpx.post(
                f"{server.url}/graphql",
                json=query,
                headers={"authorization": "Bearer a-long-shared-secret-0123456789"},
            )

        assert refused.status_code == 401
        assert served.json() == {"data": {"experiments": {"totalCount": 0}}}


class TestServeWebSocketLimit:
    def test_serve_closes_a_frame_over_the_message_limit_with_1009(
        self, tmp_path: Path
    ) -> None:
        """uvicorn itself refuses frames past ``RUNCAST_WS_MAX_MESSAGE_BYTES``.

        The frame is binary: had it reached the app, it would close with 4400.
        """
        # Arrange
        environment = {
            "RUNCAST_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}",
            "RUNCAST_WS_MAX_MESSAGE_BYTES": "1000",
        }
        with runcast_serve(environment) as server:
            ws_url = server.url.replace("http://", "ws://") + "/graphql"
            with connect(ws_url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
                # Act
                socket.send(b"x" * 2000)
                with pytest.raises(ConnectionClosed) as closed:
                    socket.recv(timeout=30)

        # Assert
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 1009


class TestExportModels:
    def test_export_models_writes_json_schema_of_public_models(
        self, tmp_path: Path
    ) -> None:
        """The JSON Schema defines every public domain model."""
        output = tmp_path / "models.json"

        assert main(["export-models", "--output", str(output)]) == 0

        definitions = json.loads(output.read_text())["$defs"]
        assert {"Experiment", "ExperimentConfigCreate", "Run", "RunItem"} <= set(
            definitions
        )
        assert definitions["Run"]["properties"]["status"]["$ref"].endswith("RunStatus")
