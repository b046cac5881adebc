"""Server processes on a free port, ready once ``GET /healthz`` answers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from starlette.types import ASGIApp

from bench.limits import raise_open_file_limit
from bench.memory import cpu_seconds, resident_bytes
from bench.ports import LOOPBACK, free_port

__all__ = ["ServerProcess", "ServerStartError", "python_module", "serve"]

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
_POLL_INTERVAL = 0.05


class ServerStartError(RuntimeError):
    """A server process exited or did not answer /healthz in time."""


@dataclass(frozen=True)
class ServerProcess:
    """A running server: its process, where it listens, and its log."""

    process: asyncio.subprocess.Process
    port: int
    log: Path

    @property
    def url(self) -> str:
        """The HTTP base URL, e.g. ``http://127.0.0.1:8123``."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def websocket_url(self) -> str:
        """The GraphQL WebSocket URL."""
        return f"ws://{LOOPBACK}:{self.port}/graphql"

    def resident_bytes(self) -> int:
        """The server's resident memory now."""
        return resident_bytes(self.process.pid)

    def cpu_seconds(self) -> float:
        """CPU time the server has used so far."""
        return cpu_seconds(self.process.pid)

    def log_tail(self, lines: int = 20) -> str:
        """The last lines the server wrote, for error messages."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def run_server(app: ASGIApp, port: int) -> int:
    """Serve ``app`` on the loopback interface until the process is terminated."""
    raise_open_file_limit()
    uvicorn.run(
        app, host=LOOPBACK, port=port, log_level="warning", ws="websockets-sansio"
    )
    return 0


def python_module(module: str, *arguments: str) -> list[str]:
    """The command line that runs ``python -m module arguments`` in this venv."""
    return [sys.executable, "-m", module, *arguments]


@asynccontextmanager
async def serve(
    command: Sequence[str],
    *,
    log: Path,
    env: Mapping[str, str] | None = None,
    port: int | None = None,
) -> AsyncIterator[ServerProcess]:
    """Start ``command`` (``{port}`` in it is replaced) and wait until it is ready.

    The server is ready once ``GET /healthz`` answers 200; it is terminated
    (then killed, if it lingers) when the block ends.
    """
    port = port or free_port()
    arguments = [part.replace("{port}", str(port)) for part in command]
    environment = {**os.environ, **(env or {})}
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            *arguments,
            env=environment,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=output,
        )
    server = ServerProcess(process=process, port=port, log=log)
    try:
        await _wait_until_ready(server)
        yield server
    finally:
        await _stop(process)


async def _wait_until_ready(server: ServerProcess) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    async with httpx.AsyncClient(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if server.process.returncode is not None:
                raise ServerStartError(
                    f"server exited with {server.process.returncode}:\n"
                    + server.log_tail()
                )
            with contextlib.suppress(httpx.HTTPError):
                response = await client.get(f"{server.url}/healthz")
                if response.status_code == 200:
                    return
            await asyncio.sleep(_POLL_INTERVAL)  # polling for readiness
    raise ServerStartError(
        f"no answer on /healthz within {READY_TIMEOUT:g} s:\n" + server.log_tail()
    )


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()
