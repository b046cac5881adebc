"""A run whose events come at a steady pace, and the same pace played by the reference.

With the simulated executor waiting ``TOKEN_DELAY`` per token, answers of
``ANSWER_TOKENS`` tokens, an output event per token and one item at a time,
a run emits ``EVENTS_PER_ITEM`` events every ``ITEM_SECONDS``: about four a
second.
"""

from __future__ import annotations

import math
from pathlib import Path

from bench.reference.replay import RecordedEvent
from bench.runs import sqlite_url

__all__ = [
    "ANSWER_TOKENS",
    "EVENTS_PER_ITEM",
    "ITEM_SECONDS",
    "items_lasting",
    "paced_sequence",
    "paced_settings",
]

TOKEN_DELAY = 0.375
ANSWER_TOKENS = 4
ITEM_SECONDS = TOKEN_DELAY * ANSWER_TOKENS
EVENTS_PER_ITEM = ANSWER_TOKENS + 2  # the output events, the result, the progress


def paced_settings(
    database: Path, *, workers: int = 0, database_url: str | None = None
) -> dict[str, str]:
    """``RUNCAST_*`` variables of a server whose runs emit events at this pace.

    The database is the SQLite file ``database``, unless ``database_url``
    names another.
    """
    return {
        "RUNCAST_DATABASE_URL": database_url or sqlite_url(database),
        "RUNCAST_WORKERS": str(workers),
        "RUNCAST_SIMULATED_TOKEN_DELAY": str(TOKEN_DELAY),
        "RUNCAST_SIMULATED_OUTPUT_TOKENS": str(ANSWER_TOKENS),
        "RUNCAST_DELTA_FLUSH_TOKENS": "1",
        "RUNCAST_ITEMS_PER_RUN": "1",
        "RUNCAST_LOG_LEVEL": "warning",
    }


def items_lasting(seconds: float) -> int:
    """Items of a run that emits events for at least ``seconds``."""
    return max(1, math.ceil(seconds / ITEM_SECONDS))


def paced_sequence(items: int) -> list[RecordedEvent]:
    """The events such a run emits, at the offsets it emits them."""
    events = [RecordedEvent("RunStatusChange", 1, -1.0, status="PENDING")]
    events.append(RecordedEvent("RunStatusChange", 2, 0.001, status="RUNNING"))
    for index in range(items):
        start = index * ITEM_SECONDS
        for token in range(1, ANSWER_TOKENS + 1):
            events.append(
                RecordedEvent(
                    "OutputDelta",
                    len(events) + 1,
                    start + token * TOKEN_DELAY,
                    item_index=index,
                    text=" word",
                )
            )
        done = start + ITEM_SECONDS
        events.append(
            RecordedEvent("ItemFinished", len(events) + 1, done, item_index=index)
        )
        events.append(RecordedEvent("ProgressUpdate", len(events) + 1, done))
    events.append(
        RecordedEvent(
            "RunStatusChange",
            len(events) + 1,
            items * ITEM_SECONDS + 0.001,
            status="SUCCEEDED",
        )
    )
    return events
