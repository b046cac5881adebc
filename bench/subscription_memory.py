"""Memory a long subscription keeps per delivered event, against Strawberry's default.

One run's event log (an output event per token) is streamed through
``runEvents`` twice: with Runcast's schema, and with the same schema built on
Strawberry's default execution context, the reference. Both are measured
with tracemalloc after a warm-up; the ratio shows what the per-event memo fix
saves, and Runcast's own figure should stay near zero.

Run it with ``make bench`` (``python -m bench.subscription_memory``).
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import tracemalloc
from pathlib import Path

import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionResult

from bench.runs import queue_run, scratch_runtime
from runcast.api.context import Context
from runcast.api.schema import create_schema
from runcast.services.orchestrator import Orchestrator

RUN_EVENTS = """
subscription ($id: ID!) {
  runEvents(runId: $id) {
    cursor seq
    ... on OutputDelta { itemIndex text }
    ... on RunStatusChange { status run { id status } }
  }
}
"""
WARM_UP = 500
MEASURED = 3000


async def bytes_per_event(
    schema: strawberry.Schema,
    orchestrator: Orchestrator,
    run_id: str,
    *,
    warm_up: int = WARM_UP,
    measured: int = MEASURED,
) -> float:
    """Memory retained per event delivered after the warm-up."""
    stream = await schema.subscribe(
        RUN_EVENTS,
        variable_values={"id": run_id},
        context_value=Context(orchestrator=orchestrator),
    )
    assert not isinstance(stream, ExecutionResult), stream
    tracemalloc.start()
    retained: dict[int, int] = {}
    delivered = 0
    try:
        async for result in stream:
            assert not result.errors, result.errors
            delivered += 1
            if delivered in {warm_up, warm_up + measured}:
                gc.collect()
                retained[delivered] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert delivered > warm_up + measured, f"only {delivered} events"
    return (retained[warm_up + measured] - retained[warm_up]) / measured


def default_schema() -> strawberry.Schema:
    """Runcast's schema on Strawberry's default execution context."""
    runcast = create_schema()
    runcast.execution_context_class = StrawberryGraphQLCoreExecutionContext
    return runcast


async def main() -> None:
    """Print bytes per event for both schemas and their ratio."""
    with tempfile.TemporaryDirectory() as folder:
        async with scratch_runtime(Path(folder), delta_flush_tokens=1) as runtime:
            run_id = await queue_run(runtime, items=200)
            await runtime.new_worker().run_once()
            orchestrator = runtime.orchestrator
            reference = await bytes_per_event(default_schema(), orchestrator, run_id)
            runcast = await bytes_per_event(create_schema(), orchestrator, run_id)
    print(f"Strawberry's default: {reference:.0f} bytes kept per event")
    print(f"Runcast: {runcast:.0f} bytes kept per event")
    print(
        f"subscription memory: Runcast keeps {runcast / reference:.3f} of the default"
    )


if __name__ == "__main__":
    asyncio.run(main())
