"""A real uvicorn server on a loopback port, for WebSocket tests."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import uvicorn

from runcast.app import create_app
from runcast.runtime import Runtime


@dataclass(frozen=True)
class LiveServer:
    """Where a running server listens."""

    http_url: str
    ws_url: str


@pytest.fixture
async def live_server(runtime: Runtime) -> AsyncIterator[LiveServer]:
    """Serve the app with uvicorn on a free port in this event loop.

    The socket is bound and listening before the server task starts, so a
    client may connect at once: the kernel queues it until uvicorn accepts.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    app = create_app(runtime.settings, runtime=runtime)
    config = uvicorn.Config(app, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        yield LiveServer(
            http_url=f"http://127.0.0.1:{port}/graphql",
            ws_url=f"ws://127.0.0.1:{port}/graphql",
        )
    finally:
        server.should_exit = True
        await task
        listener.close()
