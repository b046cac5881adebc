"""A long subscription keeps the server's memory flat."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import coverage
import pytest
from bench.runs import queue_run
from bench.subscription_memory import bytes_per_event

from runcast.api.schema import create_schema
from runcast.api.views import RECENT_EVENTS
from runcast.execution.worker import Worker
from runcast.runtime import Runtime
from runcast.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """An output event for every token, so a small run makes a long stream."""
    return settings.model_copy(update={"delta_flush_tokens": 1})


# What it measures is the subscription layer's memory (graphql-core's
# executor, the shared results), which is the same whatever the database.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.serial  # measures this process's allocations, alone
async def test_memory_per_delivered_event_stays_flat(
    runtime: Runtime, worker: Worker
) -> None:
    """After a warm-up, each delivered event leaves almost nothing behind.

    Strawberry's default execution context keeps over a kilobyte per event.
    """
    run_id = await queue_run(runtime, items=200)
    await worker.run_once()

    with coverage_paused():
        kept = await bytes_per_event(
            create_schema(),
            runtime.orchestrator,
            run_id,
            # past the events' objects and results kept for other subscribers,
            # and long enough that their turnover does not look like growth
            warm_up=2 * RECENT_EVENTS,
            measured=2_000,
        )

    assert kept < 100, f"{kept:.0f} bytes per event"


@contextmanager
def coverage_paused() -> Iterator[None]:
    """Pause the coverage tool, if it runs: its own records grow as code runs.

    Measured under coverage, each event seems to keep 50 to 110 bytes that
    belong to the tool, not to the server.
    """
    measuring = coverage.Coverage.current()
    if measuring is None:
        yield
        return
    measuring.stop()
    try:
        yield
    finally:
        measuring.start()
