"""A real uvicorn server on a loopback port, for WebSocket tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from runcast.app import create_app
from runcast.runtime import Runtime
from tests.support.servers import serving


@dataclass(frozen=True)
class LiveServer:
    """Where a running server listens."""

    http_url: str
    ws_url: str


@pytest.fixture
async def live_server(runtime: Runtime) -> AsyncIterator[LiveServer]:
    """Serve the app with uvicorn on a free port in this event loop."""
    async with serving(create_app(runtime.settings, runtime=runtime)) as port:
        yield LiveServer(
            http_url=f"http://127.0.0.1:{port}/graphql",
            ws_url=f"ws://127.0.0.1:{port}/graphql",
        )
