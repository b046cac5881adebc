"""The engine's reference: a bare asyncio loop writing an item's rows with aiosqlite.

Per item it does what Runcast's engine must do at the least: in one
transaction, append the item's output event, store the item's result, count
it on its run and append the item's result and progress events. The SQLite
file is set up as Runcast's is (WAL, ``synchronous=NORMAL``).
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

__all__ = ["loop_seconds"]

_SCHEMA = """
CREATE TABLE runs (
    id TEXT PRIMARY KEY, status TEXT NOT NULL, total_items INTEGER NOT NULL,
    succeeded_items INTEGER NOT NULL DEFAULT 0, failed_items INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0, last_event_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE run_items (
    id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs (id),
    "index" INTEGER NOT NULL, variables JSON NOT NULL, status TEXT NOT NULL,
    output TEXT, latency_ms FLOAT, output_tokens INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0, assertion_results JSON, score FLOAT,
    UNIQUE (run_id, "index")
);
CREATE TABLE run_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL REFERENCES runs (id),
    experiment_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
    payload JSON NOT NULL, at TEXT NOT NULL, UNIQUE (run_id, seq)
);
CREATE INDEX ix_run_events_experiment_id ON run_events (experiment_id);
"""
_RUN_ID = "reference-run"
_OUTPUT = "the quick answer is that prompts shape outputs and every run tells a story"


async def loop_seconds(path: Path, *, items: int) -> float:
    """Seconds the loop takes to record ``items`` items (set-up not counted)."""
    async with aiosqlite.connect(path, isolation_level=None) as db:
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.executescript(_SCHEMA)
        await db.execute(
            "INSERT INTO runs (id, status, total_items) VALUES (?, 'running', ?)",
            (_RUN_ID, items),
        )
        await db.executemany(
            'INSERT INTO run_items (run_id, "index", variables, status)'
            " VALUES (?, ?, ?, 'pending')",
            [(_RUN_ID, n, json.dumps({"topic": f"topic {n}"})) for n in range(items)],
        )
        started = time.perf_counter()
        seq = 0
        for index in range(items):
            await db.execute("BEGIN IMMEDIATE")
            for kind, payload in _events(index, items):
                seq += 1
                await db.execute(
                    "INSERT INTO run_events (run_id, experiment_id, seq, kind, payload,"
                    " at) VALUES (?, 'reference', ?, ?, ?, ?)",
                    (_RUN_ID, seq, kind, json.dumps(payload), _now()),
                )
            await db.execute(
                "UPDATE run_items SET status = 'succeeded', output = ?,"
                " latency_ms = 0, output_tokens = 14, attempts = 1,"
                " assertion_results = ?, score = 1"
                " WHERE run_id = ? AND \"index\" = ? AND status = 'pending'",
                (
                    _OUTPUT,
                    json.dumps([{"kind": "contains", "passed": True}]),
                    _RUN_ID,
                    index,
                ),
            )
            await db.execute(
                "UPDATE runs SET succeeded_items = succeeded_items + 1,"
                " output_tokens = output_tokens + 14, last_event_seq = ?"
                " WHERE id = ?",
                (seq, _RUN_ID),
            )
            await db.execute("COMMIT")
        return time.perf_counter() - started


def _events(index: int, items: int) -> list[tuple[str, dict[str, object]]]:
    return [
        ("output_delta", {"item_index": index, "attempt": 1, "text": _OUTPUT}),
        ("item", {"item_index": index, "status": "succeeded", "score": 1.0}),
        ("progress", {"progress": {"total": items, "succeeded": index + 1}}),
    ]


def _now() -> str:
    return datetime.now(UTC).isoformat()
