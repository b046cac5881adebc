"""`runcast serve` as a real process, started and stopped (or killed) by a test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import pytest


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class Served:
    """A running server process and the base URL it answers on."""

    process: subprocess.Popen[str]
    url: str

    def kill(self) -> None:
        """SIGKILL the server, as a crash or the OOM killer would."""
        self.process.kill()
        self.process.wait(timeout=30)


@contextmanager
def runcast_serve(
    environment: Mapping[str, str], *, port: int | None = None
) -> Iterator[Served]:
    """Start `runcast serve`; yield once it has started, terminate it after.

    The server's log is drained in the background so it never blocks on a
    full pipe. The process may be killed inside the block.
    """
    port = port or free_port()
    command = [sys.executable, "-m", "runcast.cli", "serve", "--port", str(port)]
    with subprocess.Popen(
        command,
        env=os.environ | dict(environment),
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stderr is not None
        try:
            for line in process.stderr:
                if "Uvicorn running on" in line:
                    break
            else:
                pytest.fail(f"runcast serve exited with {process.wait()}")
            threading.Thread(target=process.stderr.read, daemon=True).start()
            yield Served(process, f"http://127.0.0.1:{port}")
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait(timeout=30)
