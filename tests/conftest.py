"""Fixtures shared by every test: a real database, a started runtime, clients.

Every test that asks for ``settings`` (or anything built on it) runs twice:
on a SQLite file and on a PostgreSQL database of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from runcast.app import create_app
from runcast.db.database import Database
from runcast.execution.executor import Executor
from runcast.execution.worker import Worker
from runcast.runtime import Runtime
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings
from tests.support.postgres import PostgresServer, fresh_database, postgres_url


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The PostgreSQL server of this test session."""
    server = PostgresServer(postgres_url())
    yield server
    asyncio.run(server.close())


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres: PostgresServer
) -> AsyncIterator[str]:
    """A fresh database: a SQLite file, or a migrated PostgreSQL database."""
    async with fresh_database(
        request.param, sqlite_file=tmp_path / "runcast.db", postgres=postgres
    ) as url:
        yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for a fresh database; no background workers, no token delay."""
    return Settings(database_url=database_url, workers=0, simulated_token_delay=0)


@pytest.fixture
def executor() -> Executor | None:
    """The executor workers use; None means the simulated one from settings.

    Override it in a test module or class to control when answers come.
    """
    return None


@pytest.fixture
async def runtime(
    settings: Settings, executor: Executor | None
) -> AsyncIterator[Runtime]:
    """A migrated, started runtime; tests drive its worker themselves."""
    runtime = Runtime(settings, executor=executor)
    await runtime.start()
    yield runtime
    await runtime.stop()


@pytest.fixture
def db(runtime: Runtime) -> Database:
    """The runtime's database."""
    return runtime.database


@pytest.fixture
def orchestrator(runtime: Runtime) -> Orchestrator:
    """The runtime's orchestrator."""
    return runtime.orchestrator


@pytest.fixture
def worker(runtime: Runtime) -> Worker:
    """A worker the test runs step by step with ``run_once``."""
    return runtime.new_worker()


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    app = create_app(runtime.settings, runtime=runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://localhost"
    ) as http:
        yield http


class GraphQLClient:
    """Posts GraphQL operations and returns the decoded response."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def execute(
        self, query: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Return the whole response body (``data`` and ``errors``)."""
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Return ``data``, failing the test if there are errors."""
        body = await self.execute(query, variables)
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
def graphql(client: httpx.AsyncClient) -> GraphQLClient:
    """A GraphQL client over the in-process app."""
    return GraphQLClient(client)
