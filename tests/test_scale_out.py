"""Runcast scaled out on PostgreSQL: two API replicas and three workers.

Every process is a real ``runcast`` process sharing one PostgreSQL database.
Runs are started through both replicas; subscribers on each see every event
of every run, in order, once, whichever process wrote it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import pytest

from runcast.db.database import Database
from tests.api.helpers import CREATE_EXPERIMENT, CREATE_RUN
from tests.support.events import stored_events
from tests.support.graphql_ws import collect
from tests.support.process import Served, runcast_serve, runcast_worker

RUNS = 200
ITEMS = 2
WORKERS = 3
SUBSCRIBERS_AT_ONCE = 20
GUARD_SECONDS = 240
PROTOCOL = "graphql-transport-ws"

RUN_EVENTS = """subscription ($runId: ID!) {
  runEvents(runId: $runId) { __typename cursor runId }
}"""
STATUS_CHANGES = """subscription ($experimentId: ID, $after: String) {
  runStatusChanges(experimentId: $experimentId, after: $after) {
    cursor runId status
  }
}"""

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@contextmanager
def deployment(
    database_url: str, *, workers: int = WORKERS
) -> Iterator[tuple[Served, Served]]:
    """Two API replicas without workers, and worker processes beside them."""
    shared = {
        "RUNCAST_DATABASE_URL": database_url,
        "RUNCAST_SIMULATED_TOKEN_DELAY": "0",
        "RUNCAST_SIMULATED_OUTPUT_TOKENS": "4",
    }
    with ExitStack() as stack:
        replicas = tuple(
            stack.enter_context(runcast_serve(shared | {"RUNCAST_WORKERS": "0"}))
            for _ in range(2)
        )
        for _ in range(workers):
            stack.enter_context(runcast_worker(shared))
        yield replicas[0], replicas[1]


async def graphql(http: httpx.AsyncClient, server: Served, query: str, **v: Any) -> Any:
    response = await http.post(
        f"{server.url}/graphql", json={"query": query, "variables": v}
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def new_experiment(http: httpx.AsyncClient, server: Served) -> str:
    data = await graphql(
        http,
        server,
        CREATE_EXPERIMENT,
        input={
            "name": "scale-out",
            "prompt": "Echo {{ n }}",
            "dataset": [{"variables": {"n": n}} for n in range(ITEMS)],
        },
    )
    experiment_id: str = data["createExperiment"]["id"]
    return experiment_id


async def start_run(
    http: httpx.AsyncClient, server: Served, experiment_id: str, key: str | None = None
) -> str:
    data = await graphql(
        http,
        server,
        CREATE_RUN,
        input={"experimentId": experiment_id, "idempotencyKey": key},
    )
    run = data["createRun"]
    assert run["__typename"] == "Run", run
    run_id: str = run["id"]
    return run_id


def ws_url(server: Served) -> str:
    return server.url.replace("http://", "ws://") + "/graphql"


class TestScaleOut:
    async def test_subscribers_on_both_replicas_see_every_event_once_in_order(
        self, database_url: str
    ) -> None:
        """200 runs through two replicas, executed by three workers elsewhere."""
        with deployment(database_url) as (a, b):
            async with (
                asyncio.timeout(GUARD_SECONDS),
                httpx.AsyncClient(timeout=60) as http,
            ):
                experiment_id = await new_experiment(http, a)
                statuses = asyncio.create_task(
                    collect(
                        ws_url(b),
                        PROTOCOL,
                        STATUS_CHANGES,
                        {"experimentId": experiment_id, "after": "0"},
                        count=RUNS * 3,
                        guard=GUARD_SECONDS,
                    )
                )
                run_ids = await asyncio.gather(
                    *(
                        start_run(http, (a, b)[number % 2], experiment_id)
                        for number in range(RUNS)
                    )
                )
                gate = asyncio.Semaphore(SUBSCRIBERS_AT_ONCE)

                async def follow(run_id: str) -> list[dict[str, Any]]:
                    async with gate:
                        return await collect(
                            ws_url(a),
                            PROTOCOL,
                            RUN_EVENTS,
                            {"runId": run_id},
                            guard=GUARD_SECONDS,
                        )

                streams = await asyncio.gather(*(follow(r) for r in run_ids))
                status_stream = await statuses

        database = Database(database_url)
        try:
            for run_id, stream in zip(run_ids, streams, strict=True):
                cursors = [data["runEvents"]["cursor"] for data in stream]
                assert cursors == await stored_events(database, run_id)
                assert stream[-1]["runEvents"]["__typename"] == "RunStatusChange"
            status_cursors = [
                data["runStatusChanges"]["cursor"] for data in status_stream
            ]
            assert status_cursors == await stored_events(database, kind="status")
            finals = {
                data["runStatusChanges"]["runId"]: data["runStatusChanges"]["status"]
                for data in status_stream
            }
            assert finals == dict.fromkeys(run_ids, "SUCCEEDED")
        finally:
            await database.dispose()

    async def test_one_idempotency_key_across_replicas_makes_one_run(
        self, database_url: str
    ) -> None:
        """100 concurrent createRun with one key, half to each replica: one run."""
        with deployment(database_url, workers=0) as (a, b):
            async with (
                asyncio.timeout(GUARD_SECONDS),
                httpx.AsyncClient(timeout=60) as http,
            ):
                experiment_id = await new_experiment(http, a)
                run_ids = await asyncio.gather(
                    *(
                        start_run(http, (a, b)[n % 2], experiment_id, key="once")
                        for n in range(100)
                    )
                )

        assert len(set(run_ids)) == 1
