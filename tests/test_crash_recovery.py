"""A process killed mid-run: the run resumes elsewhere, or fails as CRASHED.

Each test runs `runcast serve` (and `runcast worker`) as real processes on a
SQLite file or a PostgreSQL database, watches the run over a real WebSocket,
SIGKILLs the process executing it mid-run and starts another.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from runcast.db.database import Database
from tests.support.graphql_ws import graphql_websocket
from tests.support.process import runcast_serve, runcast_worker

ITEMS = 100
FINISHED_BEFORE_KILL = 3
# A guard against a hung test, not a synchronisation: nothing waits for it.
GUARD_SECONDS = 60

CREATE_EXPERIMENT = """
mutation ($input: CreateExperimentInput!) {
  createExperiment(input: $input) { ... on Experiment { id } }
}
"""
CREATE_RUN = """
mutation ($id: ID!) { createRun(input: { experimentId: $id }) { ... on Run { id } } }
"""
RUN_EVENTS = """
subscription ($runId: ID!) {
  runEvents(runId: $runId) {
    __typename seq cursor
    ... on RunStatusChange { status run { attempt error { code } } }
  }
}
"""


class Crash:
    """One process's life after another on the same database."""

    def __init__(
        self,
        database: Database,
        folder: Path,
        *,
        run_max_attempts: int,
        repetitions: int = 1,
    ) -> None:
        self.database = database
        self.repetitions = repetitions
        self.execution_log = folder / "executions.jsonl"
        self.environment = {
            "RUNCAST_DATABASE_URL": database.url.render_as_string(hide_password=False),
            "RUNCAST_SIMULATED_EXECUTION_LOG": str(self.execution_log),
            "RUNCAST_SIMULATED_OUTPUT_TOKENS": "10",
            "RUNCAST_SIMULATED_TOKEN_DELAY": "0.005",
            "RUNCAST_ITEMS_PER_RUN": "1",
            "RUNCAST_LEASE_SECONDS": "1",
            "RUNCAST_REAP_INTERVAL": "0.2",
            "RUNCAST_WORKER_POLL_INTERVAL": "0.1",
            "RUNCAST_RUN_MAX_ATTEMPTS": str(run_max_attempts),
        }

    async def kill_mid_run_then_restart(
        self,
    ) -> tuple[str, dict[int, str], list[dict[str, Any]]]:
        """Start a run, SIGKILL the server mid-run, start it again.

        Return the run's id, the outputs stored at the kill, and every event
        of the run as a subscriber to the restarted server receives them.
        """
        async with asyncio.timeout(GUARD_SECONDS):
            with runcast_serve(self.environment) as server:
                run_id = await self.start_run(server.url)
                await self.watch_until_items_finish(server.url, run_id)
                server.kill()
            kept = await self.finished_outputs(run_id)

            with runcast_serve(self.environment) as server:
                events = await self.follow_to_the_end(server.url, run_id)
        return run_id, kept, events

    async def start_run(self, url: str) -> str:
        """Create a 100-item experiment (rows times repetitions) and start a run."""
        async with httpx.AsyncClient(base_url=url) as http:
            experiment = await _graphql(
                http,
                CREATE_EXPERIMENT,
                {
                    "input": {
                        "name": "crash",
                        "prompt": "Tell me about {{ n }}",
                        "dataset": [
                            {"variables": {"n": n}}
                            for n in range(ITEMS // self.repetitions)
                        ],
                        "repetitions": self.repetitions,
                    }
                },
            )
            run = await _graphql(
                http, CREATE_RUN, {"id": experiment["createExperiment"]["id"]}
            )
        run_id: str = run["createRun"]["id"]
        return run_id

    async def watch_until_items_finish(
        self, url: str, run_id: str, *, more_than: int = 0
    ) -> None:
        """Follow the run's events until a few more items have finished."""
        finished = 0
        async with graphql_websocket(_ws(url), "graphql-transport-ws") as socket:
            async for data in socket.subscribe(RUN_EVENTS, {"runId": run_id}):
                if data["runEvents"]["__typename"] == "ItemFinished":
                    finished += 1
                if finished == more_than + FINISHED_BEFORE_KILL:
                    return
        pytest.fail("the run ended before the server could be killed")

    async def follow_to_the_end(self, url: str, run_id: str) -> list[dict[str, Any]]:
        """Every event of the run, from its first to its terminal one."""
        async with graphql_websocket(_ws(url), "graphql-transport-ws") as socket:
            return [
                data["runEvents"]
                async for data in socket.subscribe(RUN_EVENTS, {"runId": run_id})
            ]

    async def finished_outputs(self, run_id: str) -> dict[int, str]:
        """Outputs of the items stored as finished, by index."""
        rows = await self._query(
            'SELECT "index", output FROM run_items '
            "WHERE run_id = :run_id AND status != 'pending'",
            run_id,
        )
        return dict(rows)

    async def stored_seqs(self, run_id: str) -> list[int]:
        """The sequence numbers in the run's event log, in log order."""
        rows = await self._query(
            "SELECT seq FROM run_events WHERE run_id = :run_id ORDER BY id", run_id
        )
        return [seq for (seq,) in rows]

    async def assert_streamed_whole_log(
        self, run_id: str, events: list[dict[str, Any]]
    ) -> None:
        """The stream is the run's event log, numbered 1, 2, … with no gap."""
        seqs = [event["seq"] for event in events]
        assert seqs == await self.stored_seqs(run_id)
        assert seqs == list(range(1, len(events) + 1))

    async def assert_finished_items_kept(
        self, run_id: str, kept: dict[int, str]
    ) -> None:
        """Every item ran; those finished before the kill kept their output
        and were never sent to the model again."""
        outputs = await self.finished_outputs(run_id)
        assert len(outputs) == ITEMS
        assert {index: outputs[index] for index in kept} == kept
        executions = self.executions(run_id)
        assert all(executions[index] == 1 for index in kept)
        assert set(executions) == set(range(ITEMS))

    def executions(self, run_id: str) -> Counter[int]:
        """How many times each item of the run was sent to the model."""
        entries = map(json.loads, self.execution_log.read_text().splitlines())
        return Counter(e["item_index"] for e in entries if e["run_id"] == run_id)

    async def _query(self, sql: str, run_id: str) -> list[Any]:
        async with self.database.reading() as session:
            result = await session.execute(text(sql), {"run_id": run_id})
            return [tuple(row) for row in result.all()]


async def _graphql(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def _ws(url: str) -> str:
    return url.replace("http://", "ws://") + "/graphql"


def _statuses(events: list[dict[str, Any]]) -> list[str]:
    return [e["status"] for e in events if e["__typename"] == "RunStatusChange"]


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """The database every process of a test shares."""
    database = Database(database_url)
    yield database
    await database.dispose()


class TestCrashRecovery:
    # a server and its in-process worker on the embedded database; on
    # PostgreSQL, workers apart are killed below and the server is restarted
    # in test_database_restart.py
    @pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
    async def test_killed_run_resumes_without_redoing_finished_items(
        self, database: Database, tmp_path: Path
    ) -> None:
        """After SIGKILL and a restart the run completes; nothing is lost or redone."""
        crash = Crash(database, tmp_path, run_max_attempts=3)
        run_id, kept, events = await crash.kill_mid_run_then_restart()

        assert FINISHED_BEFORE_KILL <= len(kept) < ITEMS
        assert _statuses(events) == [
            "PENDING",
            "RUNNING",
            "PENDING",
            "RUNNING",
            "SUCCEEDED",
        ]
        assert events[-1]["run"]["attempt"] == 2
        await crash.assert_finished_items_kept(run_id, kept)
        await crash.assert_streamed_whole_log(run_id, events)

    @pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
    async def test_killed_repeated_run_never_executes_a_finished_cell_again(
        self, database: Database, tmp_path: Path
    ) -> None:
        """25 rows asked 4 times: after SIGKILL no finished cell is asked again."""
        crash = Crash(database, tmp_path, run_max_attempts=3, repetitions=4)
        run_id, kept, events = await crash.kill_mid_run_then_restart()

        assert FINISHED_BEFORE_KILL <= len(kept) < ITEMS
        assert _statuses(events)[-1] == "SUCCEEDED"
        await crash.assert_finished_items_kept(run_id, kept)
        cells = await crash._query(
            'SELECT "index", row_index, repetition FROM run_items '
            'WHERE run_id = :run_id ORDER BY "index"',
            run_id,
        )
        assert cells == [(index, index // 4, index % 4) for index in range(ITEMS)]
        await crash.assert_streamed_whole_log(run_id, events)

    @pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
    async def test_killed_run_without_attempts_left_fails_as_crashed(
        self, database: Database, tmp_path: Path
    ) -> None:
        """With one attempt per run, a crash FAILS the run with CRASHED."""
        crash = Crash(database, tmp_path, run_max_attempts=1)
        run_id, kept, events = await crash.kill_mid_run_then_restart()

        assert _statuses(events) == ["PENDING", "RUNNING", "FAILED"]
        assert events[-1]["run"]["error"] == {"code": "CRASHED"}
        assert await crash.finished_outputs(run_id) == kept
        await crash.assert_streamed_whole_log(run_id, events)

    # workers beside an API on one database: the scale-out deployment
    @pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
    async def test_workers_killed_one_after_another_never_redo_finished_items(
        self, database: Database, tmp_path: Path
    ) -> None:
        """Three workers SIGKILLed in turn mid-run; a fourth finishes the run."""
        crash = Crash(database, tmp_path, run_max_attempts=5)
        api = crash.environment | {"RUNCAST_WORKERS": "0"}
        async with asyncio.timeout(GUARD_SECONDS * 2):
            with runcast_serve(api) as server:
                run_id = await crash.start_run(server.url)
                kept: dict[int, str] = {}
                # what was finished at each kill, and how often it had run then
                at_kills: list[tuple[dict[int, str], Counter[int]]] = []
                for _ in range(3):
                    with runcast_worker(crash.environment) as worker:
                        await crash.watch_until_items_finish(
                            server.url, run_id, more_than=len(kept)
                        )
                        worker.kill()
                        worker.wait(timeout=30)
                    kept = await crash.finished_outputs(run_id)
                    at_kills.append((kept, crash.executions(run_id)))
                with runcast_worker(crash.environment):
                    events = await crash.follow_to_the_end(server.url, run_id)

        assert _statuses(events) == [
            "PENDING",
            *["RUNNING", "PENDING"] * 3,
            "RUNNING",
            "SUCCEEDED",
        ]
        outputs = await crash.finished_outputs(run_id)
        assert len(outputs) == ITEMS
        executions = crash.executions(run_id)
        assert set(executions) == set(range(ITEMS))
        for finished, executed in at_kills:
            # kept as they were, and never sent to the model again
            assert {index: outputs[index] for index in finished} == finished
            assert {i: executions[i] for i in finished} == {
                i: executed[i] for i in finished
            }
        await crash.assert_streamed_whole_log(run_id, events)
