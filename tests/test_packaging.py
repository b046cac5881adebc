"""The wheel: built from a clean copy of the repo, installed offline, served.

A fresh venv gets the locked dependencies from uv's cache (``uv sync
--frozen --offline --no-install-project``) and Runcast from the wheel alone
(``uv pip install --offline --no-deps``): nothing is downloaded, and the
installed ``runcast serve`` runs outside any checkout. A real headless
Chromium, which can reach no host but 127.0.0.1, then shows that the web app
and GraphiQL work from the wheel's files alone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.browser import rendered_dom
from tests.support.process import free_port

ROOT = Path(__file__).resolve().parent.parent
BUILT_WEB_APP = ROOT / "frontend" / "dist"
STEP_TIMEOUT_SECONDS = 120


def find_uv() -> str:
    """The uv that runs the tests (``uv run`` says which in ``UV``)."""
    for candidate in (
        os.environ.get("UV"),
        shutil.which("uv"),
        str(ROOT / ".tools/bin/uv"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("uv is not installed (`make install`)")


def run(
    command: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> None:
    """Run ``command``; fail the test with its output when it fails."""
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT_SECONDS,
        check=False,
    )
    assert done.returncode == 0, f"{command[:3]}: {done.stdout}{done.stderr}"


def clean_copy(target: Path) -> Path:
    """The repo's files as a fresh clone of this working tree would have them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Runcast's wheel, built by `scripts/build_wheel.py` in a clean copy."""
    if not (BUILT_WEB_APP / "index.html").is_file():
        pytest.fail("the web app is not built: `make frontend` (make test does)")
    copy = clean_copy(tmp_path_factory.mktemp("clone"))
    out = tmp_path_factory.mktemp("wheel")
    run(
        [
            sys.executable,
            str(copy / "scripts" / "build_wheel.py"),
            "--frontend",
            str(BUILT_WEB_APP),
            "--out-dir",
            str(out),
            "--uv",
            find_uv(),
        ],
        cwd=copy,
    )
    (built,) = out.glob("runcast-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding the locked dependencies and the wheel; its `runcast`."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    uv = find_uv()
    offline = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_OFFLINE": "1"}
    offline.pop("VIRTUAL_ENV", None)
    run(
        [uv, "sync", "--frozen", "--no-dev", "--no-install-project", "--quiet"],
        cwd=ROOT,
        env=offline,
    )
    python = str(venv / "bin" / "python")
    install = [uv, "pip", "install", "--no-deps", "--quiet", "--python", python]
    run([*install, str(wheel)], env=offline)
    return venv / "bin" / "runcast"


@pytest.fixture(scope="module")
def served(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The installed `runcast serve`, run outside the checkout; its base URL."""
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RUNCAST_", "COV_", "COVERAGE"))
    }
    environment["RUNCAST_DATABASE_URL"] = f"sqlite+aiosqlite:///{folder / 'r.db'}"
    with subprocess.Popen(
        [str(installed), "serve", "--port", str(port)],
        cwd=folder,
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stderr is not None
        try:
            for line in process.stderr:
                if "Uvicorn running on" in line:
                    break
            else:
                pytest.fail(f"the installed runcast serve exited: {process.wait()}")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)


class TestInstalledWheel:
    def test_wheel_carries_the_built_web_app(self, wheel: Path) -> None:
        """The wheel holds index.html, graphiql.html and the assets."""
        listed = subprocess.run(
            [sys.executable, "-m", "zipfile", "-l", str(wheel)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

        assert "runcast/web/index.html" in listed
        assert "runcast/web/graphiql.html" in listed
        assert "runcast/web/assets/" in listed

    def test_installed_runcast_serves_the_app(self, served: str) -> None:
        """`/` answers with the web app's page and its script loads."""
        page = httpx.get(f"{served}/", timeout=30)

        scripts = re.findall(r'src="(/assets/[^"]+\.js)"', page.text)
        assert page.status_code == 200
        assert "<title>Runcast</title>" in page.text
        assert scripts
        assert httpx.get(f"{served}{scripts[0]}", timeout=30).status_code == 200

    def test_installed_runcast_serves_the_bundled_graphiql(self, served: str) -> None:
        """GET /graphql in a browser is the bundled GraphiQL, its assets served."""
        page = httpx.get(
            f"{served}/graphql", headers={"accept": "text/html"}, timeout=30
        )

        assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page.text)
        assert page.status_code == 200
        assert "GraphiQL" in page.text
        assert assets
        for asset in assets:
            assert httpx.get(f"{served}{asset}", timeout=30).status_code == 200, asset

    def test_installed_web_app_works_in_a_browser_offline(self, served: str) -> None:
        """In Chromium, the app's page renders what the installed API answers."""
        created = httpx.post(
            f"{served}/graphql",
            json={
                "query": """mutation($input: CreateExperimentInput!) {
                  createExperiment(input: $input) { __typename }
                }""",
                "variables": {
                    "input": {
                        "name": "Packaged greetings",
                        "prompt": "Say hello to {{ name }}.",
                        "dataset": [{"variables": {"name": "Ada"}}],
                    }
                },
            },
            timeout=30,
        ).json()
        assert created == {"data": {"createExperiment": {"__typename": "Experiment"}}}

        page = rendered_dom(f"{served}/")

        assert 'class="app-header' in page
        assert "Packaged greetings" in page

    def test_installed_graphiql_works_in_a_browser_offline(self, served: str) -> None:
        """In Chromium, GraphiQL starts with its editors from the wheel's assets."""
        page = rendered_dom(f"{served}/graphql")

        assert 'class="graphiql-container"' in page
        assert "monaco-editor" in page
