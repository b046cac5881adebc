"""A real `runcast serve` per test module, and the CLI run as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from tests.support.process import Served, runcast_serve

CLI_TIMEOUT_SECONDS = 120
PASSING = [{"kind": "max_tokens", "value": "100000"}]
FAILING = [{"kind": "contains", "value": "no simulated answer says this"}]


def write_experiment(
    folder: Path, name: str, *, rows: int = 3, assertions: list[dict[str, str]]
) -> Path:
    """An experiment YAML file beside a CSV dataset of ``rows`` people."""
    (folder / "people.csv").write_text(
        "name,expected\n" + "".join(f"person {index},\n" for index in range(rows))
    )
    lines = [f"name: {name}", 'prompt: "Say hello to {{name}}"', "model:"]
    lines += ["  executor: simulated", "  temperature: 0.2", "assertions:"]
    for assertion in assertions:
        lines += [
            f"  - kind: {assertion['kind']}",
            f"    value: {assertion['value']!r}",
        ]
    lines.append("dataset: people.csv")
    path = folder / "experiment.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def create(cli: Cli, name: str, **options: object) -> dict[str, object]:
    """Create the experiment over the CLI; return its JSON."""
    path = write_experiment(cli.folder, name, **options)  # type: ignore[arg-type]
    created = cli("experiments", "create", "-f", str(path), "--json")
    assert created.returncode == 0, created.stderr
    experiment: dict[str, object] = json.loads(created.stdout)
    return experiment


def one_error_line(stderr: str) -> str:
    """The command's error, checked to be one `runcast: …` line and no traceback."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("runcast: "), stderr
    return lines[0]


@dataclass
class Cli:
    """`python -m runcast.cli` pointed at one server, run in a work folder."""

    url: str
    folder: Path

    def __call__(
        self, *arguments: str, environment: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``runcast ARGUMENTS`` to its end; return what it printed."""
        return subprocess.run(
            [sys.executable, "-m", "runcast.cli", *arguments],
            env=self.environment(environment),
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_SECONDS,
            check=False,
        )

    def start(self, *arguments: str) -> subprocess.Popen[str]:
        """Start ``runcast ARGUMENTS``, its stdout and stderr piped; do not wait."""
        return subprocess.Popen(
            [sys.executable, "-m", "runcast.cli", *arguments],
            env=self.environment(),
            cwd=self.folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """This process's environment, pointed at the server, without a token."""
        variables = {
            key: value for key, value in os.environ.items() if key != "RUNCAST_TOKEN"
        }
        # wide enough that rich never wraps a table cell
        return variables | {"RUNCAST_URL": self.url, "COLUMNS": "200"} | (extra or {})


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


def read_through_line(stream: IO[str], prefix: str) -> str:
    """What ``stream`` says up to its first line starting with ``prefix``.

    Read a byte at a time from the pipe itself: nothing past that line goes
    into the file object's buffer, where a later ``communicate()``, which
    reads the pipe directly, would never see it.
    """
    said = b""
    while True:
        line = b""
        while not line.endswith(b"\n"):
            byte = os.read(stream.fileno(), 1)
            if not byte:
                raise AssertionError(f"no line starts with {prefix!r}: {said!r}")
            line += byte
        said += line
        if line.startswith(prefix.encode()):
            return said.decode()
