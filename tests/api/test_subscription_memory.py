"""A long subscription keeps the server's memory flat."""

from __future__ import annotations

import gc
import tracemalloc

import pytest
from strawberry.types import ExecutionResult

from runcast.api.context import Context
from runcast.api.schema import create_schema
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings

RUN_EVENTS = """
subscription ($id: ID!) {
  runEvents(runId: $id) {
    cursor seq
    ... on OutputDelta { itemIndex text }
    ... on RunStatusChange { status run { id status } }
  }
}
"""
WARM_UP = 100
MEASURED = 600


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """An output event for every token, so a small run makes a long stream."""
    return settings.model_copy(update={"delta_flush_tokens": 1})


async def test_memory_per_delivered_event_stays_flat(
    orchestrator: Orchestrator, worker: Worker
) -> None:
    """After a warm-up, each delivered event leaves almost nothing behind."""
    experiment = await orchestrator.create_experiment(
        ExperimentConfigCreate.model_validate(
            {
                "name": "long stream",
                "prompt": "Say {{ n }}",
                "dataset": [{"variables": {"n": n}} for n in range(50)],
            }
        )
    )
    run = await orchestrator.create_run(experiment_id=experiment.id)
    await worker.run_once()
    stream = await create_schema().subscribe(
        RUN_EVENTS,
        variable_values={"id": run.id},
        context_value=Context(orchestrator=orchestrator),
    )
    assert not isinstance(stream, ExecutionResult), stream

    tracemalloc.start()
    try:
        delivered, retained = 0, {}
        async for result in stream:
            assert not result.errors, result.errors
            delivered += 1
            if delivered in {WARM_UP, WARM_UP + MEASURED}:
                gc.collect()
                retained[delivered] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()

    assert delivered > WARM_UP + MEASURED
    growth = retained[WARM_UP + MEASURED] - retained[WARM_UP]
    assert growth / MEASURED < 100, f"{growth / MEASURED:.0f} bytes per event"
