"""`runcast serve` and `runcast worker` as real processes, run by a test."""

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

    The process may be killed inside the block.
    """
    port = port or free_port()
    with runcast_process(
        ["serve", "--port", str(port)], environment, ready="Uvicorn running on"
    ) as process:
        yield Served(process, f"http://127.0.0.1:{port}")


@contextmanager
def runcast_worker(environment: Mapping[str, str]) -> Iterator[subprocess.Popen[str]]:
    """Start `runcast worker`; yield once its workers run, terminate it after."""
    with runcast_process(
        ["worker"], environment, ready="Runcast started with"
    ) as process:
        yield process


@contextmanager
def runcast_process(
    arguments: list[str], environment: Mapping[str, str], *, ready: str
) -> Iterator[subprocess.Popen[str]]:
    """Run `runcast ARGUMENTS`; yield once its log shows ``ready``.

    The log is drained in the background so the process never blocks on a
    full pipe.
    """
    command = [sys.executable, "-m", "runcast.cli", *arguments]
    with subprocess.Popen(
        command,
        env=os.environ | dict(environment),
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stderr is not None
        try:
            for line in process.stderr:
                if ready in line:
                    break
            else:
                pytest.fail(f"runcast {arguments[0]} exited with {process.wait()}")
            threading.Thread(target=process.stderr.read, daemon=True).start()
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait(timeout=30)
