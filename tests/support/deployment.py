"""Real Runcast processes on one database, and what tests ask of them over HTTP.

``deployment`` starts two API replicas (``runcast serve`` without workers)
and worker processes; the helpers create experiments and runs through any
replica, as a client would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx

from tests.api.helpers import CREATE_EXPERIMENT, CREATE_RUN
from tests.support.process import Served, runcast_serve, runcast_worker

ITEMS = 2
WORKERS = 3

RUN_EVENTS = """subscription ($runId: ID!) {
  runEvents(runId: $runId) { __typename cursor runId }
}"""
RUN_EVENTS_AFTER = """subscription ($runId: ID!, $after: String) {
  runEvents(runId: $runId, after: $after) { __typename cursor runId }
}"""
STATUS_CHANGES = """subscription ($experimentId: ID, $after: String) {
  runStatusChanges(experimentId: $experimentId, after: $after) {
    cursor runId status
  }
}"""


@contextmanager
def deployment(
    database_url: str, *, workers: int = WORKERS, **settings: str
) -> Iterator[tuple[Served, Served]]:
    """Two API replicas without workers, and worker processes beside them."""
    shared = {
        "RUNCAST_DATABASE_URL": database_url,
        "RUNCAST_SIMULATED_TOKEN_DELAY": "0",
        "RUNCAST_SIMULATED_OUTPUT_TOKENS": "4",
        **settings,
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


async def new_experiment(
    http: httpx.AsyncClient, server: Served, *, items: int = ITEMS
) -> str:
    data = await graphql(
        http,
        server,
        CREATE_EXPERIMENT,
        input={
            "name": "scale-out",
            "prompt": "Echo {{ n }}",
            "dataset": [{"variables": {"n": n}} for n in range(items)],
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
