"""The ``runcast`` command line, run as a user would run it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, inspect

from runcast.cli import main
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


class TestMigrate:
    def test_migrate_creates_the_tables(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`runcast migrate` brings an empty database to the current schema."""
        database = tmp_path / "nested" / "runcast.db"
        monkeypatch.setenv("RUNCAST_DATABASE_URL", f"sqlite+aiosqlite:///{database}")

        assert main(["migrate"]) == 0

        tables = set(inspect(create_engine(f"sqlite:///{database}")).get_table_names())
        assert {"experiments", "runs", "run_items", "run_events"} <= tables


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

        assert health.json() == {"status": "ok"}
        assert json.loads(answer.text) == {"data": {"experiments": {"totalCount": 0}}}


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
