"""Loading a page in a real headless Chromium, cut off from every other host.

The page's scripts run and its requests complete before the DOM is read
(Chromium's virtual time waits for the network); any host but 127.0.0.1
fails to resolve, so a page that needs the internet shows it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

__all__ = ["CHROMIUM", "rendered_dom", "require_chromium"]

CHROMIUM = Path(os.environ.get("RUNCAST_E2E_CHROMIUM", "/usr/bin/chromium"))
"""The browser: Debian's Chromium unless RUNCAST_E2E_CHROMIUM names another,
as for the web app's end-to-end tests."""

BROWSER_GUARD_SECONDS = 120
"""A guard against a hung browser, not a synchronisation."""

VIRTUAL_TIME_BUDGET_MS = 20_000
"""Page time the scripts get; it only passes while no request is pending."""


def require_chromium() -> Path:
    """The browser, or skip the test (fail it under ``CI=true``)."""
    if not CHROMIUM.is_file():
        reason = (
            f"Chromium was not found at {CHROMIUM} (apt-get install chromium, "
            "or set RUNCAST_E2E_CHROMIUM)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


def rendered_dom(url: str) -> str:
    """The document at ``url`` once its scripts have run, as HTML."""
    with tempfile.TemporaryDirectory(prefix="runcast-browser-") as profile:
        done = subprocess.run(
            [
                str(require_chromium()),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=BROWSER_GUARD_SECONDS,
            check=False,
        )
    assert done.returncode == 0, f"chromium: {done.stderr[-2000:]}"
    return done.stdout
