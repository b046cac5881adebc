"""Memory a long subscription keeps per delivered event, against Strawberry's default.

One run's event log (an output event per token) is streamed through
``runEvents`` with Runcast's schema and, alternately, with the same schema
built on Strawberry's default execution context, the reference. Both are
measured with tracemalloc after a warm-up; Runcast's figure should stay near
zero, the default's grows by about a kilobyte an event.
"""

from __future__ import annotations

import asyncio
import gc
import math
import tracemalloc
from pathlib import Path

import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionResult

from bench.figure import Bound, Figure
from bench.runs import queue_run, scratch_runtime
from bench.sizes import Sizes
from runcast.api.context import Context
from runcast.api.schema import create_schema
from runcast.services.orchestrator import Orchestrator

__all__ = ["bytes_per_event", "measure_subscription_memory"]

RUN_EVENTS = """
subscription ($id: ID!) {
  runEvents(runId: $id) {
    cursor seq
    ... on OutputDelta { itemIndex text }
    ... on RunStatusChange { status run { id status } }
  }
}
"""
EVENTS_PER_ITEM = 15  # fewer than the simulated answers' shortest (8 tokens + 2)
KEPT_SHARE = 0.1


async def bytes_per_event(
    schema: strawberry.Schema,
    orchestrator: Orchestrator,
    run_id: str,
    *,
    warm_up: int,
    measured: int,
) -> float:
    """Memory retained per event delivered after the warm-up."""
    stream = await schema.subscribe(
        RUN_EVENTS,
        variable_values={"id": run_id},
        context_value=Context(orchestrator=orchestrator),
    )
    if isinstance(stream, ExecutionResult):
        raise RuntimeError(f"the subscription failed: {stream.errors}")
    tracemalloc.start()
    retained: dict[int, int] = {}
    delivered = 0
    try:
        async for result in stream:
            if result.errors:
                raise RuntimeError(f"an event failed: {result.errors}")
            delivered += 1
            if delivered in {warm_up, warm_up + measured}:
                gc.collect()
                retained[delivered] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    if delivered <= warm_up + measured:
        raise RuntimeError(f"the run has only {delivered} events")
    return (retained[warm_up + measured] - retained[warm_up]) / measured


def default_schema() -> strawberry.Schema:
    """Runcast's schema on Strawberry's default execution context."""
    runcast = create_schema()
    runcast.execution_context_class = StrawberryGraphQLCoreExecutionContext
    return runcast


async def measure_subscription_memory(sizes: Sizes, folder: Path) -> list[Figure]:
    """Bytes kept per event by Runcast's schema and by Strawberry's default."""
    warm_up, measured = sizes.memory_events
    items = math.ceil((warm_up + measured) / EVENTS_PER_ITEM) + 1
    figure = Figure(
        key="subscription memory",
        title="bytes kept per runEvents event (reference: Strawberry's default)",
        unit="B/event",
        bounds=(Bound("ratio", at_most=KEPT_SHARE),),
    )
    async with scratch_runtime(folder, delta_flush_tokens=1) as runtime:
        run_id = await queue_run(runtime, items=items)
        async with asyncio.timeout(sizes.engine_deadline):
            await runtime.new_worker().run_once()
        for _ in range(sizes.rounds):
            for schema, samples in (
                (create_schema(), figure.runcast),
                (default_schema(), figure.reference),
            ):
                samples.append(
                    await bytes_per_event(
                        schema,
                        runtime.orchestrator,
                        run_id,
                        warm_up=warm_up,
                        measured=measured,
                    )
                )
    return [figure]
