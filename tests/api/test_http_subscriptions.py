"""Subscriptions over HTTP: graphql-sse and multipart, against a real server."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from websockets.asyncio.client import connect

from runcast.domain.experiments import ExperimentConfigCreate
from runcast.execution.worker import Worker
from runcast.runtime import Runtime
from runcast.settings import Settings
from tests.api.conftest import LiveServer
from tests.support.events import stored_events
from tests.support.graphql_ws import close_frame

RUN_EVENTS = "subscription ($id: ID!) { runEvents(runId: $id) { cursor } }"
MULTIPART = 'multipart/mixed;subscriptionSpec="1.0", application/json'


async def finished_run(runtime: Runtime, worker: Worker) -> str:
    """A run of two items, executed to its end."""
    experiment = await runtime.orchestrator.create_experiment(
        ExperimentConfigCreate(
            name="streamed",
            prompt="Hi {{ who }}",
            dataset=[{"variables": {"who": "a"}}, {"variables": {"who": "b"}}],
        )
    )
    run = await runtime.orchestrator.create_run(experiment_id=experiment.id)
    await worker.run_once()
    return run.id


def sse_data(text: str) -> list[dict[str, Any]]:
    """The payloads of a graphql-sse stream's `next` events."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if lines.get("event") == "next":
            events.append(json.loads(lines["data"])["data"])
    return events


def multipart_data(text: str) -> list[dict[str, Any]]:
    """The payloads of a multipart subscription's parts."""
    events = []
    for part in text.split("--graphql"):
        _, _, body = part.partition("\r\n\r\n")
        body = body.strip()
        if body.startswith("{") and '"payload"' in body:
            events.append(json.loads(body)["payload"]["data"])
    return events


async def subscribe(
    live_server: LiveServer, run_id: str, *, accept: str, token: str | None = None
) -> httpx.Response:
    headers = {"accept": accept}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    body = {"query": RUN_EVENTS, "variables": {"id": run_id}}
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.post(live_server.http_url, json=body, headers=headers)


class TestStreams:
    async def test_sse_replays_the_run_and_completes(
        self, live_server: LiveServer, runtime: Runtime, worker: Worker
    ) -> None:
        run_id = await finished_run(runtime, worker)

        response = await subscribe(live_server, run_id, accept="text/event-stream")

        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        streamed = [event["runEvents"]["cursor"] for event in sse_data(response.text)]
        assert streamed == await stored_events(runtime.database, run_id)
        assert "event: complete" in response.text

    async def test_multipart_replays_the_run(
        self, live_server: LiveServer, runtime: Runtime, worker: Worker
    ) -> None:
        run_id = await finished_run(runtime, worker)

        response = await subscribe(live_server, run_id, accept=MULTIPART)

        assert response.status_code == 200
        assert response.headers["content-type"].startswith("multipart/mixed")
        parts = multipart_data(response.text)
        streamed = [event["runEvents"]["cursor"] for event in parts]
        assert streamed == await stored_events(runtime.database, run_id)

    async def test_plain_json_subscription_is_still_refused(
        self, live_server: LiveServer, runtime: Runtime, worker: Worker
    ) -> None:
        """Without a streaming Accept there is nothing to stream into: a 400."""
        run_id = await finished_run(runtime, worker)

        response = await subscribe(live_server, run_id, accept="application/json")

        assert response.status_code == 400


class TestBadStreamedRequests:
    @pytest.mark.parametrize("accept", ["text/event-stream", MULTIPART])
    @pytest.mark.parametrize(
        ("body", "code", "message"),
        [
            ({}, "BAD_REQUEST", "No GraphQL query found in the request"),
            (
                {"query": "{ 0 }"},
                "BAD_REQUEST",
                "Syntax Error: Expected Name, found Int '0'.",
            ),
            ({"query": "{ a; }"}, "BAD_REQUEST", "Syntax Error: Unexpected character"),
            (
                {"query": "{ " + "__typename " * 3_000 + "}"},
                "QUERY_TOO_LARGE",
                "the query has more than 2000 tokens",
            ),
        ],
        ids=["no query", "parse error", "lexer error", "too many tokens"],
    )
    async def test_bad_streamed_query_is_a_json_400_before_streaming(
        self,
        client: httpx.AsyncClient,
        caplog: pytest.LogCaptureFixture,
        accept: str,
        body: dict[str, str],
        code: str,
        message: str,
    ) -> None:
        """A stream's query is checked first: a 400, never INTERNAL_ERROR or a crash."""
        # Act
        response = await client.post(
            "/graphql",
            content=json.dumps(body),
            headers={"accept": accept, "content-type": "application/json"},
        )

        # Assert
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == code
        assert error["message"].startswith(message)
        assert not [r for r in caplog.records if r.levelname == "ERROR"]

    @pytest.mark.parametrize("accept", ["text/event-stream", MULTIPART])
    @pytest.mark.parametrize(
        ("params", "message"),
        [
            (
                {"query": "{ __typename }", "operationName": "Missing"},
                'Unknown operation named \\"Missing\\".',
            ),
            (
                {"query": "query A { __typename }", "operationName": ""},
                'Unknown operation named \\"\\".',
            ),
            (
                {"query": 'mutation { cancelRun(input: {id: "x"}) { __typename } }'},
                "mutations are not allowed",
            ),
        ],
        ids=["unknown operation", "empty operation name", "mutation over GET"],
    )
    async def test_refused_streamed_operation_says_why(
        self,
        client: httpx.AsyncClient,
        caplog: pytest.LogCaptureFixture,
        accept: str,
        params: dict[str, str],
        message: str,
    ) -> None:
        """Strawberry's refusal arrives as itself, not as INTERNAL_ERROR."""
        # Act
        response = await client.get(
            "/graphql", params=params, headers={"accept": accept}
        )

        # Assert
        assert "INTERNAL_ERROR" not in response.text
        assert message in response.text
        assert not [r for r in caplog.records if r.levelname == "ERROR"]

    async def test_query_accepting_a_stream_after_json_gets_json(
        self, live_server: LiveServer
    ) -> None:
        """urql lists streams after JSON for every request: it gets plain JSON."""
        accept = (
            "application/graphql-response+json, application/graphql+json, "
            "application/json, text/event-stream, multipart/mixed"
        )
        async with httpx.AsyncClient(timeout=30) as http:
            response = await http.post(
                live_server.http_url,
                json={"query": "{ experiments { totalCount } }"},
                headers={"accept": accept},
            )

        assert response.headers["content-type"].startswith(
            "application/graphql-response+json"
        )
        assert response.json() == {"data": {"experiments": {"totalCount": 0}}}


class TestStreamsNeedTheToken:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(
            update={"api_token": SecretStr("a-shared-secret-0123456789")}
        )

    @pytest.mark.parametrize("accept", ["text/event-stream", MULTIPART])
    async def test_stream_without_the_token_is_401(
        self,
        live_server: LiveServer,
        runtime: Runtime,
        worker: Worker,
        accept: str,
    ) -> None:
        run_id = await finished_run(runtime, worker)

        refused = await subscribe(live_server, run_id, accept=accept)
        served = await subscribe(
            live_server, run_id, accept=accept, token="a-shared-secret-0123456789"
        )

        assert refused.status_code == 401
        assert served.status_code == 200


class TestStreamsCountAsConnections:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """One connection at a time for the whole process."""
        return settings.model_copy(update={"max_connections": 1})

    async def test_open_stream_takes_the_place_of_a_connection(
        self, live_server: LiveServer
    ) -> None:
        """While a stream is open, another stream gets a 503 and a WebSocket a
        1013; plain queries are no connections and are answered."""
        open_subscription = {"query": "subscription { runStatusChanges { seq } }"}
        async with (
            httpx.AsyncClient(timeout=30) as http,
            http.stream(
                "POST",
                live_server.http_url,
                json=open_subscription,
                headers={"accept": "text/event-stream"},
            ) as held,
        ):
            assert held.status_code == 200

            # Act
            refused = await http.post(
                live_server.http_url,
                json=open_subscription,
                headers={"accept": "text/event-stream"},
            )
            socket = await connect(
                live_server.ws_url, subprotocols=["graphql-transport-ws"]
            )
            close = await close_frame(socket)
            query = await http.post(
                live_server.http_url, json={"query": "{ experiments { totalCount } }"}
            )

        # Assert
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "1"
        assert refused.json()["errors"][0]["extensions"]["code"] == (
            "TOO_MANY_CONNECTIONS"
        )
        assert (close.code, close.reason) == (1013, "Try again later")
        assert query.json() == {"data": {"experiments": {"totalCount": 0}}}
