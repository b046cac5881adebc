"""How much the execution engine costs per item, against plain SQLite commits.

A run of ITEMS items is executed end to end with the simulated executor
answering at once: claim, render, stream (coalesced output events), score,
record, finish. The reference, measured in the same process on the same
disk, is one bare ``sqlite3`` commit of a small row in WAL mode. The ratio
(engine time per item / reference commit time) says how many bare commits
one item costs; it moves with the code, not with the machine.

Run it with ``make bench`` (``python -m bench.engine``).
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.runs import queue_run, scratch_runtime

ITEMS = 200
REPEATS = 3


def reference_commit_seconds(folder: Path, commits: int = 500) -> float:
    """Seconds per bare SQLite commit of one small row, in WAL mode."""
    with sqlite3.connect(folder / "reference.db", isolation_level=None) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT)")
        started = time.perf_counter()
        for number in range(commits):
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO rows (payload) VALUES (?)", (f"row {number}",))
            db.execute("COMMIT")
        return (time.perf_counter() - started) / commits


async def engine_item_seconds(folder: Path) -> float:
    """Seconds per item of a run executed end to end."""
    async with scratch_runtime(folder) as runtime:
        await queue_run(runtime, items=ITEMS)
        started = time.perf_counter()
        await runtime.new_worker().run_once()
        return (time.perf_counter() - started) / ITEMS


def main() -> None:
    """Print the median ratio of several measurements."""
    ratios = []
    for _ in range(REPEATS):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            reference = reference_commit_seconds(folder)
            item = asyncio.run(engine_item_seconds(folder))
            ratios.append(item / reference)
            print(
                f"item {item * 1000:.2f} ms, bare commit {reference * 1000:.3f} ms,"
                f" ratio {item / reference:.1f}"
            )
    print(f"engine: one item costs {statistics.median(ratios):.1f} bare commits")


if __name__ == "__main__":
    main()
