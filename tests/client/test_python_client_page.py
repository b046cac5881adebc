"""docs/python-client.md's script works against a real server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import server_environment
from tests.support.process import Served, runcast_serve

PAGE = Path(__file__).resolve().parents[2] / "docs" / "python-client.md"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    """A server with simulated answers at once."""
    with runcast_serve(server_environment(tmp_path)) as served:
        yield served


class TestPythonClientPage:
    def test_script_creates_runs_follows_and_prints_the_results(
        self, server: Served, tmp_path: Path
    ) -> None:
        """The page's complete script runs to the end and prints every item."""
        script = re.search(r"```python\n(.*?)```", PAGE.read_text(), re.DOTALL)
        assert script is not None
        (tmp_path / "script.py").write_text(script.group(1))

        ran = subprocess.run(
            [sys.executable, "script.py"],
            cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if k != "RUNCAST_TOKEN"}
            | {"RUNCAST_URL": server.url},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

        assert ran.returncode == 0, ran.stderr
        lines = ran.stdout.splitlines()
        assert lines[0].endswith(": 3 items")
        assert sorted(line for line in lines if line.startswith("item ")) == [
            f"item {index}: SUCCEEDED" for index in range(3)
        ]
        assert "status: SUCCEEDED" in lines
        assert "reviewed item 0 as anonymous" in lines
        assert lines[-1] == (
            "finished SUCCEEDED, pass rate 1.0, human pass rate 1.0 (1 reviewed)"
        )
