"""Runcast scaled out on PostgreSQL: two API replicas and three workers.

Every process is a real ``runcast`` process sharing one PostgreSQL database.
Runs are started through both replicas; subscribers on each see every event
of every run, in order, once, whichever process wrote it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from runcast.db.database import Database
from tests.support.deployment import (
    RUN_EVENTS,
    RUN_EVENTS_AFTER,
    STATUS_CHANGES,
    deployment,
    new_experiment,
    start_run,
    ws_url,
)
from tests.support.events import stored_events
from tests.support.graphql_ws import collect

RUNS = 200
SUBSCRIBERS_AT_ONCE = 20
GUARD_SECONDS = 240
PROTOCOL = "graphql-transport-ws"

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


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

    async def test_subscriber_of_a_killed_replica_resumes_on_the_other(
        self, database_url: str
    ) -> None:
        """SIGKILL a replica mid-stream; from its cursor the other gives the rest."""
        with deployment(
            database_url, workers=1, RUNCAST_SIMULATED_TOKEN_DELAY="0.05"
        ) as (a, b):
            async with (
                asyncio.timeout(GUARD_SECONDS),
                httpx.AsyncClient(timeout=60) as http,
            ):
                experiment_id = await new_experiment(http, a, items=20)
                run_id = await start_run(http, a, experiment_id)
                before = await collect(
                    ws_url(a), PROTOCOL, RUN_EVENTS, {"runId": run_id}, count=5
                )
                a.kill()
                last = before[-1]["runEvents"]["cursor"]
                after = await collect(
                    ws_url(b),
                    PROTOCOL,
                    RUN_EVENTS_AFTER,
                    {"runId": run_id, "after": last},
                    guard=GUARD_SECONDS,
                )

        database = Database(database_url)
        try:
            stored = await stored_events(database, run_id)
        finally:
            await database.dispose()
        cursors = [data["runEvents"]["cursor"] for data in before + after]
        assert cursors == stored
        assert after[-1]["runEvents"]["__typename"] == "RunStatusChange"
