"""Subscriptions over real WebSockets, with both subprotocols."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from runcast.db.database import Database
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator
from tests.api.conftest import LiveServer
from tests.support.events import stored_events
from tests.support.executors import GatedExecutor
from tests.support.graphql_ws import (
    PROTOCOLS,
    Protocol,
    SubscriptionError,
    collect,
)

RUN_EVENTS = """
subscription ($runId: ID!, $after: String) {
  runEvents(runId: $runId, after: $after) {
    __typename cursor seq
    ... on RunStatusChange { runId previousStatus status run { id status } }
  }
}
"""

STATUS_CHANGES = """
subscription ($experimentId: ID, $after: String) {
  runStatusChanges(experimentId: $experimentId, after: $after) {
    cursor seq runId status
  }
}
"""

# A guard against a hung test, not a synchronisation: nothing waits for it.
GUARD_SECONDS = 30

pytestmark = pytest.mark.parametrize("protocol", PROTOCOLS)


async def new_experiment(orchestrator: Orchestrator, name: str = "live") -> str:
    experiment = await orchestrator.create_experiment(
        ExperimentConfigCreate.model_validate(
            {
                "name": name,
                "prompt": "Hello {{ who }}",
                "dataset": [
                    {"variables": {"who": "Ada"}},
                    {"variables": {"who": "Al"}},
                ],
            }
        )
    )
    return experiment.id


class TestRunEvents:
    async def test_subscriber_sees_pending_running_succeeded_in_order(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
        db: Database,
    ) -> None:
        """A live subscriber sees each status once, in order, then completion."""
        experiment_id = await new_experiment(orchestrator)
        run = await orchestrator.create_run(experiment_id=experiment_id)
        subscriber = asyncio.create_task(
            collect(live_server.ws_url, protocol, RUN_EVENTS, {"runId": run.id})
        )

        await worker.run_once()
        received = [data["runEvents"] for data in await subscriber]
        events = [e for e in received if e["__typename"] == "RunStatusChange"]

        assert [event["cursor"] for event in received] == await stored_events(
            db, run.id
        )
        assert [event["status"] for event in events] == [
            "PENDING",
            "RUNNING",
            "SUCCEEDED",
        ]
        assert [event["previousStatus"] for event in events] == [
            None,
            "PENDING",
            "RUNNING",
        ]
        assert [event["seq"] for event in received] == list(range(1, len(received) + 1))
        assert received[-1]["run"] == {"id": run.id, "status": "SUCCEEDED"}

    async def test_run_and_item_statuses_need_no_aliases(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
    ) -> None:
        """`status` of a run and `itemStatus` of an item are selected side by side
        in one `RunEvent` selection, with no alias."""
        run = await orchestrator.create_run(
            experiment_id=await new_experiment(orchestrator)
        )
        subscription = """
        subscription ($runId: ID!) {
          runEvents(runId: $runId) {
            ... on RunStatusChange { status }
            ... on ItemFinished { itemIndex itemStatus }
          }
        }
        """
        subscriber = asyncio.create_task(
            collect(live_server.ws_url, protocol, subscription, {"runId": run.id})
        )

        await worker.run_once()
        received = [data["runEvents"] for data in await subscriber]

        items = sorted(
            (event["itemIndex"], event["itemStatus"])
            for event in received
            if "itemStatus" in event
        )
        assert items == [(0, "SUCCEEDED"), (1, "SUCCEEDED")]
        assert [event["status"] for event in received if "status" in event] == [
            "PENDING",
            "RUNNING",
            "SUCCEEDED",
        ]

    async def test_subscribing_after_the_run_finished_replays_then_completes(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
        db: Database,
    ) -> None:
        """Without a cursor a late subscriber gets the whole history, then the end."""
        run = await orchestrator.create_run(
            experiment_id=await new_experiment(orchestrator)
        )
        await worker.run_once()

        events = await collect(
            live_server.ws_url, protocol, RUN_EVENTS, {"runId": run.id}
        )

        assert [data["runEvents"]["cursor"] for data in events] == (
            await stored_events(db, run.id)
        )

    async def test_subscribing_with_the_last_cursor_of_a_finished_run_completes(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
        db: Database,
    ) -> None:
        """A client that saw everything gets nothing more and a completion."""
        run = await orchestrator.create_run(
            experiment_id=await new_experiment(orchestrator)
        )
        await worker.run_once()
        last = (await stored_events(db, run.id))[-1]

        events = await collect(
            live_server.ws_url, protocol, RUN_EVENTS, {"runId": run.id, "after": last}
        )

        assert events == []


class TestResume:
    @pytest.fixture
    def executor(self) -> GatedExecutor:
        """Items wait for the test to open the gate."""
        return GatedExecutor()

    async def test_resubscribing_with_last_cursor_gets_exactly_the_missed_events(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
        executor: GatedExecutor,
        db: Database,
    ) -> None:
        """Disconnect mid-run, resume from the cursor: no gap, no duplicate."""
        run = await orchestrator.create_run(
            experiment_id=await new_experiment(orchestrator)
        )
        execution = asyncio.create_task(worker.run_once())
        await executor.started.wait()
        before = await collect(
            live_server.ws_url, protocol, RUN_EVENTS, {"runId": run.id}, count=2
        )

        executor.gate.set()
        await execution
        last_cursor = before[-1]["runEvents"]["cursor"]
        after = await collect(
            live_server.ws_url,
            protocol,
            RUN_EVENTS,
            {"runId": run.id, "after": last_cursor},
        )

        seen = [data["runEvents"] for data in before + after]
        statuses = [e for e in seen if e["__typename"] == "RunStatusChange"]
        assert [event["status"] for event in statuses] == [
            "PENDING",
            "RUNNING",
            "SUCCEEDED",
        ]
        assert [event["cursor"] for event in seen] == await stored_events(db, run.id)


class TestRunStatusChanges:
    async def test_every_subscriber_sees_every_status_event_once_in_order(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
        db: Database,
    ) -> None:
        """50 concurrent runs plus 20 idempotent retries: 51 runs, one stream."""
        experiment_id = await new_experiment(orchestrator)
        subscribers: list[asyncio.Task[list[dict[str, Any]]]] = []
        expected_events = 51 * 3

        for _ in range(3):
            subscribers.append(
                asyncio.create_task(
                    collect(
                        live_server.ws_url,
                        protocol,
                        STATUS_CHANGES,
                        {"experimentId": experiment_id, "after": "0"},
                        count=expected_events,
                    )
                )
            )
        async with httpx.AsyncClient() as http:
            responses = await asyncio.gather(
                *(create_run(http, live_server, experiment_id) for _ in range(50)),
                *(
                    create_run(http, live_server, experiment_id, key="same-key")
                    for _ in range(20)
                ),
            )
        while await worker.run_once():
            pass
        streams = await asyncio.gather(*subscribers)

        stored = await stored_events(db, kind="status")
        assert len({response["id"] for response in responses}) == 51
        assert len(stored) == expected_events
        for stream in streams:
            assert [data["runStatusChanges"]["cursor"] for data in stream] == stored

    async def test_filters_by_experiment(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
    ) -> None:
        """A subscriber to one experiment sees none of another's runs."""
        mine = await new_experiment(orchestrator, "mine")
        other = await new_experiment(orchestrator, "other")
        await orchestrator.create_run(experiment_id=other)
        run = await orchestrator.create_run(experiment_id=mine)
        while await worker.run_once():
            pass

        events = await collect(
            live_server.ws_url,
            protocol,
            STATUS_CHANGES,
            {"experimentId": mine, "after": "0"},
            count=3,
        )

        assert {data["runStatusChanges"]["runId"] for data in events} == {run.id}


async def create_run(
    http: httpx.AsyncClient,
    server: LiveServer,
    experiment_id: str,
    key: str | None = None,
) -> dict[str, Any]:
    """Create a run over real HTTP and return it."""
    response = await http.post(
        server.http_url,
        json={
            "query": """
                mutation ($input: CreateRunInput!) {
                  createRun(input: $input) { ... on Run { id status } }
                }
            """,
            "variables": {
                "input": {"experimentId": experiment_id, "idempotencyKey": key}
            },
        },
    )
    run: dict[str, Any] = response.json()["data"]["createRun"]
    return run


class TestSubscriptionErrors:
    async def test_run_events_of_unknown_run_reports_not_found(
        self, protocol: Protocol, live_server: LiveServer
    ) -> None:
        """Subscribing to a run that does not exist is an error, not a hang."""
        with pytest.raises(SubscriptionError) as raised:
            await collect(
                live_server.ws_url, protocol, RUN_EVENTS, {"runId": "missing"}
            )

        assert "was not found" in str(raised.value)

    async def test_bad_selection_argument_is_refused_before_any_event(
        self, protocol: Protocol, live_server: LiveServer, orchestrator: Orchestrator
    ) -> None:
        """`items(first: 1000)` in an event's selection refuses the subscription
        at its start, naming the argument, instead of failing every event."""
        run = await orchestrator.create_run(
            experiment_id=await new_experiment(orchestrator)
        )
        subscription = """
        subscription ($runId: ID!) {
          runEvents(runId: $runId) {
            ... on RunStatusChange { run { items(first: 1000) { totalCount } } }
          }
        }
        """

        with pytest.raises(SubscriptionError) as raised:
            await collect(live_server.ws_url, protocol, subscription, {"runId": run.id})

        [error] = raised.value.payload
        assert error["message"].startswith("Run.items(first:): ")
        assert error["extensions"] == {"code": "VALIDATION_ERROR", "field": "first"}

    async def test_malformed_cursor_reports_validation_error(
        self, protocol: Protocol, live_server: LiveServer, orchestrator: Orchestrator
    ) -> None:
        """A cursor that is not one is rejected with a clear message."""
        run = await orchestrator.create_run(
            experiment_id=await new_experiment(orchestrator)
        )

        with pytest.raises(SubscriptionError) as raised:
            await collect(
                live_server.ws_url,
                protocol,
                RUN_EVENTS,
                {"runId": run.id, "after": "x"},
            )

        assert "is not an event cursor" in str(raised.value)

    async def test_unexpected_error_is_masked(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """An internal failure reaches the client as a reference, not a traceback."""

        async def broken(**_: object) -> AsyncIterator[object]:
            raise RuntimeError("secret detail")
            yield  # pragma: no cover - makes this a generator

        monkeypatch.setattr(orchestrator, "run_events", broken)

        with pytest.raises(SubscriptionError) as raised:
            await collect(live_server.ws_url, protocol, RUN_EVENTS, {"runId": "any"})

        assert "secret detail" not in str(raised.value)
        assert "Unexpected error; reference" in str(raised.value)


RUN_CHANGES = """
subscription ($experimentId: ID, $after: String) {
  runChanges(experimentId: $experimentId, after: $after) {
    __typename
    ... on RunStatusChange { cursor runId status }
    ... on ProgressUpdate {
      cursor runId progress { succeeded pending } usage { outputTokens }
    }
  }
}
"""

RUNS_WITH_CURSOR = """
query ($experimentId: ID!) {
  runs(experimentId: $experimentId) { eventCursor edges { node { id status } } }
}
"""


class TestRunChanges:
    async def test_follows_statuses_and_counters_after_the_lists_cursor(
        self,
        protocol: Protocol,
        live_server: LiveServer,
        orchestrator: Orchestrator,
        worker: Worker,
        db: Database,
    ) -> None:
        """From the list's cursor: what came later, statuses and counters alike."""
        experiment_id = await new_experiment(orchestrator)
        earlier = await orchestrator.create_run(experiment_id=experiment_id)
        async with httpx.AsyncClient() as http:
            response = await http.post(
                live_server.http_url,
                json={
                    "query": RUNS_WITH_CURSOR,
                    "variables": {"experimentId": experiment_id},
                },
            )
        listed = response.json()["data"]["runs"]
        await orchestrator.cancel_run(run_id=earlier.id)
        run = await orchestrator.create_run(experiment_id=experiment_id)
        while await worker.run_once():
            pass

        changes = [
            data["runChanges"]
            for data in await collect(
                live_server.ws_url,
                protocol,
                RUN_CHANGES,
                {"experimentId": experiment_id, "after": listed["eventCursor"]},
                count=6,
            )
        ]

        assert [node["node"]["id"] for node in listed["edges"]] == [earlier.id]
        assert [(c["__typename"], c["runId"]) for c in changes] == [
            ("RunStatusChange", earlier.id),
            ("RunStatusChange", run.id),
            ("RunStatusChange", run.id),
            ("ProgressUpdate", run.id),
            ("ProgressUpdate", run.id),
            ("RunStatusChange", run.id),
        ]
        assert [c["progress"]["succeeded"] for c in changes if "progress" in c] == [
            1,
            2,
        ]
        assert changes[-1]["status"] == "SUCCEEDED"
        status_and_progress = sorted(
            await stored_events(db, kind="status")
            + await stored_events(db, kind="progress"),
            key=int,
        )
        assert [c["cursor"] for c in changes] == [
            cursor
            for cursor in status_and_progress
            if int(cursor) > int(listed["eventCursor"])
        ]
