"""PostgreSQL restarted under a running run: nothing is lost, nothing is stuck.

`runcast serve` (with its worker) runs a run while a subscriber follows it;
the PostgreSQL server itself is restarted mid-run. The processes reconnect:
the run ends SUCCEEDED with every item, the subscriber's stream is the
event table, and the run's sequence numbers have no gap.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from runcast.db.database import Database
from tests.support.deployment import RUN_EVENTS, new_experiment, start_run, ws_url
from tests.support.events import stored_events
from tests.support.graphql_ws import graphql_websocket
from tests.support.postgres import START_COMMAND
from tests.support.process import runcast_serve

ITEMS = 40
EVENTS_BEFORE_RESTART = 10
GUARD_SECONDS = 120
RESTART_COMMAND = START_COMMAND.replace(" start", " restart")
RUN_STATUS = "query ($id: ID!) { run(id: $id) { status progress { succeeded } } }"

pytestmark = [
    pytest.mark.parametrize("database_url", ["postgresql"], indirect=True),
    # the server it restarts is every other test's too
    pytest.mark.serial,
]


def restart_postgres() -> None:
    """Restart the local PostgreSQL server, or skip (fail under CI) if we cannot."""
    if shutil.which("pg_ctlcluster") is None or not Path("/etc/postgresql").is_dir():
        reason = "restarting PostgreSQL needs Debian's pg_ctlcluster"
    elif os.geteuid() != 0:
        reason = "restarting PostgreSQL needs root"
    else:
        subprocess.run(RESTART_COMMAND, shell=True, check=True, timeout=60)
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


async def run_status(http: httpx.AsyncClient, url: str, run_id: str) -> Any:
    response = await http.post(
        f"{url}/graphql",
        json={
            "query": RUN_STATUS,
            "variables": {"id": run_id},
        },
    )
    return response.json()["data"]["run"]


class TestDatabaseRestart:
    async def test_run_survives_a_restart_of_postgres(self, database_url: str) -> None:
        """Mid-run restart: the run ends SUCCEEDED, the stream equals the table."""
        environment = {
            "RUNCAST_DATABASE_URL": database_url,
            "RUNCAST_SIMULATED_TOKEN_DELAY": "0.02",
            "RUNCAST_SIMULATED_OUTPUT_TOKENS": "8",
            "RUNCAST_LEASE_SECONDS": "2",
            "RUNCAST_REAP_INTERVAL": "0.2",
            "RUNCAST_WORKER_POLL_INTERVAL": "0.2",
        }
        received: list[dict[str, Any]] = []
        with runcast_serve(environment) as server:
            async with (
                asyncio.timeout(GUARD_SECONDS),
                httpx.AsyncClient(timeout=60) as http,
            ):
                experiment_id = await new_experiment(http, server, items=ITEMS)
                run_id = await start_run(http, server, experiment_id)
                async with graphql_websocket(
                    ws_url(server), "graphql-transport-ws"
                ) as socket:
                    async for data in socket.subscribe(RUN_EVENTS, {"runId": run_id}):
                        received.append(data["runEvents"])
                        if len(received) == EVENTS_BEFORE_RESTART:
                            await asyncio.to_thread(restart_postgres)
                run = await run_status(http, server.url, run_id)

        assert run == {"status": "SUCCEEDED", "progress": {"succeeded": ITEMS}}
        database = Database(database_url)
        try:
            stored = await stored_events(database, run_id)
        finally:
            await database.dispose()
        assert [event["cursor"] for event in received] == stored
