"""A real `runcast serve` per test module, and the CLI run as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.process import Served, runcast_serve

CLI_TIMEOUT_SECONDS = 120


@dataclass
class Cli:
    """`python -m runcast.cli` pointed at one server, run in a work folder."""

    url: str
    folder: Path

    def __call__(
        self, *arguments: str, environment: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``runcast ARGUMENTS`` to its end; return what it printed."""
        variables = {
            key: value for key, value in os.environ.items() if key != "RUNCAST_TOKEN"
        }
        return subprocess.run(
            [sys.executable, "-m", "runcast.cli", *arguments],
            env=variables | {"RUNCAST_URL": self.url} | (environment or {}),
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_SECONDS,
            check=False,
        )


def server_environment(folder: Path, **extra: str) -> dict[str, str]:
    """A server on a SQLite file in ``folder``; simulated answers at once."""
    return {
        "RUNCAST_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'runcast.db'}",
        "RUNCAST_SIMULATED_TOKEN_DELAY": "0",
        **extra,
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One `runcast serve` shared by the tests of a module."""
    folder = tmp_path_factory.mktemp("server")
    with runcast_serve(server_environment(folder)) as served:
        yield served


@pytest.fixture
def cli(server: Served, tmp_path: Path) -> Cli:
    """The CLI, talking to this module's server, working in ``tmp_path``."""
    return Cli(url=server.url, folder=tmp_path)
