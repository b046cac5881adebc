"""Memory of ``runcast export``: peak RSS of the CLI exporting a large run.

A run of ``export_items[1]`` items (10,000 in full mode) is executed into a
scratch SQLite file, which a ``runcast serve`` without workers then serves;
``runcast export RUN --format jsonl -o FILE`` runs as its own process, and
its peak RSS is its ``VmHWM`` just before it exits (``bench.cli_peak``). The
reference is the same export of an ``export_items[0]``-item run from the same
server, alternated round by round: a ratio near 1 says the CLI's memory does
not grow with the run, as it fetches and writes one page at a time.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from bench.figure import Bound, Figure, UnmeasuredError
from bench.runs import queue_run, scratch_runtime, sqlite_url
from bench.servers import python_module, serve
from bench.sizes import Sizes

__all__ = ["measure_export_memory"]

MEGABYTE = 1_000_000
RSS_BOUND_MB = 100


async def _finished_runs(folder: Path, sizes: tuple[int, ...]) -> list[str]:
    """Execute a run of each size into ``folder/bench.db``; their ids."""
    async with scratch_runtime(folder) as runtime:
        run_ids = [await queue_run(runtime, items=items) for items in sizes]
        for _ in run_ids:
            await runtime.new_worker().run_once()
    return run_ids


async def _export_peak_bytes(url: str, run_id: str, output: Path, items: int) -> int:
    """Run ``runcast export`` to its end; its peak RSS in bytes."""
    process = await asyncio.create_subprocess_exec(
        *python_module(
            "bench.cli_peak", "export", run_id, "--format", "jsonl", "-o", str(output)
        ),
        env={**os.environ, "RUNCAST_URL": url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    printed, errors = await process.communicate()
    if process.returncode != 0:
        raise UnmeasuredError(
            f"runcast export exited {process.returncode}: {errors.decode()}"
        )
    with output.open("rb") as lines:
        written = sum(1 for _ in lines)
    if written != items:
        raise UnmeasuredError(f"runcast export wrote {written} rows of {items}")
    return int(printed.split()[-1])


async def measure_export_memory(sizes: Sizes, folder: Path) -> list[Figure]:
    """Peak RSS of the CLI exporting the large run, against the small one."""
    small, large = sizes.export_items
    figure = Figure(
        key="export memory",
        title=(
            f"peak RSS of `runcast export --format jsonl` of a {large:,}-item run"
            f" (reference: of a {small:,}-item run)"
        ),
        unit="MB",
        bounds=(Bound("runcast", at_most=RSS_BOUND_MB),),
    )
    small_id, large_id = await _finished_runs(folder, (small, large))
    async with serve(
        python_module("runcast.cli", "serve", "--port", "{port}"),
        log=folder / "runcast.log",
        env={
            "RUNCAST_DATABASE_URL": sqlite_url(folder / "bench.db"),
            "RUNCAST_WORKERS": "0",
            "RUNCAST_LOG_LEVEL": "warning",
        },
    ) as server:
        for _ in range(sizes.rounds):
            for run_id, items, samples in (
                (large_id, large, figure.runcast),
                (small_id, small, figure.reference),
            ):
                peak = await _export_peak_bytes(
                    server.url, run_id, folder / "out.jsonl", items
                )
                samples.append(peak / MEGABYTE)
    return [figure]
