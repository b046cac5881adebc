"""Authentication over HTTP and both WebSocket protocols, against a real server.

Each caller (no token, a wrong one, a revoked one, a read-only one, a full
one, the shared one from the settings) gets exactly its answer: 401, a
refused ``connection_init``, ``ForbiddenError``, or success.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from runcast.domain.experiments import ExperimentConfigCreate
from runcast.runtime import Runtime
from runcast.settings import Settings
from tests.api.conftest import LiveServer
from tests.api.helpers import CREATE_EXPERIMENT, row_counts
from tests.support.graphql_ws import PROTOCOLS, Protocol, graphql_websocket

FORBIDDEN = 4403
"""The close code of a WebSocket refused for its token, on both protocols."""

SHARED_TOKEN = "shared-secret-for-tests-0123456789"
EXPERIMENTS = "{ experiments(first: 5) { totalCount } }"


@dataclass(frozen=True)
class Secrets:
    """One secret of each kind a caller may present."""

    full: str
    read_only: str
    revoked: str


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings with a shared token, and no memory of checked tokens."""
    return Settings(
        database_url=database_url,
        workers=0,
        simulated_token_delay=0,
        api_token=SHARED_TOKEN,
        auth_cache_seconds=0,
    )


@pytest.fixture
async def secrets(runtime: Runtime) -> Secrets:
    """A full, a read-only and a revoked stored token."""
    full = await runtime.access.create_token(name="ci")
    read_only = await runtime.access.create_token(name="viewer", read_only=True)
    revoked = await runtime.access.create_token(name="old")
    await runtime.access.revoke_token("old")
    return Secrets(full=full.secret, read_only=read_only.secret, revoked=revoked.secret)


@dataclass(frozen=True)
class Endpoint:
    """The real server's /graphql, posted to as a client would."""

    http: httpx.AsyncClient
    url: str

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        secret: str | None = None,
        authorization: str | None = None,
    ) -> httpx.Response:
        if secret is not None:
            authorization = f"Bearer {secret}"
        headers = {} if authorization is None else {"authorization": authorization}
        body = {"query": query, "variables": variables or {}}
        return await self.http.post(self.url, json=body, headers=headers)


@pytest.fixture
async def endpoint(live_server: LiveServer) -> AsyncIterator[Endpoint]:
    """The real server's GraphQL endpoint."""
    async with httpx.AsyncClient() as http:
        yield Endpoint(http, live_server.http_url)


def new_experiment(name: str) -> dict[str, Any]:
    return {"input": {"name": name, "prompt": "Say hello"}}


class TestHttp:
    @pytest.mark.parametrize(
        "authorization",
        [None, "Bearer nope", "Bearer rct_000000000000_forged", "Basic abc", "Bearer"],
    )
    async def test_request_without_a_valid_token_is_401(
        self, endpoint: Endpoint, secrets: Secrets, authorization: str | None
    ) -> None:
        """No token, a wrong one or another scheme: 401 with a JSON error."""
        response = await endpoint.post(EXPERIMENTS, authorization=authorization)

        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    async def test_revoked_token_is_401(
        self, endpoint: Endpoint, secrets: Secrets
    ) -> None:
        response = await endpoint.post(EXPERIMENTS, secret=secrets.revoked)

        assert response.status_code == 401

    @pytest.mark.parametrize("kind", ["full", "read_only", "shared"])
    async def test_any_valid_token_may_query(
        self, endpoint: Endpoint, secrets: Secrets, kind: str
    ) -> None:
        secret = SHARED_TOKEN if kind == "shared" else getattr(secrets, kind)

        response = await endpoint.post(EXPERIMENTS, secret=secret)

        assert response.status_code == 200
        assert response.json() == {"data": {"experiments": {"totalCount": 0}}}

    async def test_read_only_token_gets_forbidden_and_nothing_is_written(
        self, endpoint: Endpoint, secrets: Secrets, runtime: Runtime
    ) -> None:
        """A mutation answers ForbiddenError, before its input is even read."""
        before = await row_counts(runtime.database)
        invalid = {"input": {"name": "", "prompt": "{{ broken"}}

        for variables in (new_experiment("blocked"), invalid):
            response = await endpoint.post(
                CREATE_EXPERIMENT, variables, secret=secrets.read_only
            )

            result = response.json()["data"]["createExperiment"]
            assert result["__typename"] == "ForbiddenError"
            assert result["code"] == "FORBIDDEN"
        assert await row_counts(runtime.database) == before

    @pytest.mark.parametrize("kind", ["full", "shared"])
    async def test_full_token_may_change(
        self, endpoint: Endpoint, secrets: Secrets, kind: str
    ) -> None:
        secret = SHARED_TOKEN if kind == "shared" else secrets.full

        response = await endpoint.post(
            CREATE_EXPERIMENT, new_experiment(f"by {kind}"), secret=secret
        )

        assert response.json()["data"]["createExperiment"]["__typename"] == (
            "Experiment"
        )

    async def test_graphiql_page_needs_no_token(
        self, endpoint: Endpoint, secrets: Secrets
    ) -> None:
        """The explorer loads, then asks for a token itself."""
        response = await endpoint.http.get(
            endpoint.url, headers={"accept": "text/html"}
        )

        assert response.status_code == 200
        assert "text/html" in response.headers["content-type"]

    async def test_token_never_reaches_the_logs(
        self,
        endpoint: Endpoint,
        secrets: Secrets,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        """Good, bad and read-only tokens, and an error: no secret is logged."""
        caplog.set_level(logging.DEBUG)

        await endpoint.post(EXPERIMENTS, secret=secrets.full)
        await endpoint.post(EXPERIMENTS, secret=secrets.revoked)
        await endpoint.post(
            CREATE_EXPERIMENT, new_experiment("x"), secret=secrets.read_only
        )
        await endpoint.post("{ nonsense }", secret=SHARED_TOKEN)

        assert caplog.records, "the server logged nothing: the check proves nothing"
        for secret in (secrets.full, secrets.revoked, secrets.read_only, SHARED_TOKEN):
            assert secret not in caplog.text


class TestWebSocket:
    @pytest.mark.parametrize("protocol", PROTOCOLS)
    @pytest.mark.parametrize("payload", [{}, {"authorization": "Bearer nope"}])
    async def test_connection_without_a_valid_token_is_refused(
        self,
        live_server: LiveServer,
        secrets: Secrets,
        protocol: Protocol,
        payload: dict[str, str],
    ) -> None:
        """Both protocols close with 4403; graphql-ws says connection_error first."""
        async with connect(live_server.ws_url, subprotocols=[protocol]) as connection:  # type: ignore[list-item]
            await connection.send(
                json.dumps({"type": "connection_init", "payload": payload})
            )
            if protocol == "graphql-ws":
                message = json.loads(await connection.recv())
                assert message["type"] == "connection_error"
            with pytest.raises(ConnectionClosed) as closed:
                await connection.recv()

        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == FORBIDDEN

    @pytest.mark.parametrize("protocol", PROTOCOLS)
    @pytest.mark.parametrize("kind", ["read_only", "full", "shared"])
    async def test_valid_token_may_subscribe(
        self,
        live_server: LiveServer,
        secrets: Secrets,
        protocol: Protocol,
        kind: str,
        runtime: Runtime,
    ) -> None:
        """A subscriber with any valid token reads a run's events."""
        secret = SHARED_TOKEN if kind == "shared" else getattr(secrets, kind)
        payload = {"authorization": f"Bearer {secret}"}
        experiment = await runtime.orchestrator.create_experiment(
            ExperimentConfigCreate(name="watched", prompt="Say hello")
        )
        run = await runtime.orchestrator.create_run(experiment_id=experiment.id)

        async with graphql_websocket(
            live_server.ws_url, protocol, init_payload=payload
        ) as connection:
            results = connection.subscribe(
                "subscription ($id: ID!) { runEvents(runId: $id) { seq } }",
                {"id": run.id},
            )
            first = await anext(results)

        assert first == {"runEvents": {"seq": 1}}

    @pytest.mark.parametrize("protocol", PROTOCOLS)
    @pytest.mark.parametrize(
        ("kind", "answer"), [("read_only", "ForbiddenError"), ("full", "Experiment")]
    )
    async def test_mutation_over_a_websocket_is_as_its_token_allows(
        self,
        live_server: LiveServer,
        secrets: Secrets,
        protocol: Protocol,
        kind: str,
        answer: str,
        runtime: Runtime,
    ) -> None:
        """A read-only token's mutation is refused typed, a full one's is made."""
        payload = {"authorization": f"Bearer {getattr(secrets, kind)}"}
        before = await row_counts(runtime.database)

        async with graphql_websocket(
            live_server.ws_url, protocol, init_payload=payload
        ) as connection:
            results = connection.subscribe(
                CREATE_EXPERIMENT, new_experiment(f"over {protocol} by {kind}")
            )
            result = await anext(results)

        assert result["createExperiment"]["__typename"] == answer
        written = await row_counts(runtime.database) != before
        assert written is (answer == "Experiment")
