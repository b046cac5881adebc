"""Running the frontend's Node scripts against a test server."""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["FRONTEND", "NodeRun", "require_node", "run_node_script"]

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"

NODE_GUARD_SECONDS = 120
"""A guard against a hung script, not a synchronisation."""


@dataclass(frozen=True)
class NodeRun:
    """How a script ended and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def require_node(*packages: str) -> str:
    """The ``node`` executable, once it and ``packages`` are installed.

    Without them the test is skipped, except under ``CI=true``, where it
    fails: CI must run it.
    """
    node = shutil.which("node")
    missing = [
        package
        for package in packages
        if not (FRONTEND / "node_modules" / package / "package.json").exists()
    ]
    reason = (
        "node is not installed"
        if node is None
        else f"frontend/node_modules lacks {', '.join(missing)} (cd frontend && npm ci)"
        if missing
        else None
    )
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    assert node is not None
    return node


async def run_node_script(node: str, script: str, *arguments: str) -> NodeRun:
    """Run ``frontend/scripts/<script>`` without blocking this event loop."""
    process = await asyncio.create_subprocess_exec(
        node,
        str(FRONTEND / "scripts" / script),
        *arguments,
        cwd=FRONTEND,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(NODE_GUARD_SECONDS):
            stdout, stderr = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return NodeRun(process.returncode, stdout.decode(), stderr.decode())
