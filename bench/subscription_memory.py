"""Memory a long subscription keeps per delivered event, against Strawberry's default.

One run's event log (an output event per token) is streamed through
``runEvents`` twice: with Runcast's schema, and with the same schema built on
Strawberry's default execution context, the reference. Both are measured
with tracemalloc after a warm-up; the ratio shows what the per-event memo fix
saves, and Runcast's own figure should stay near zero.

Run it with ``make bench``.
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

from runcast.api.context import Context
from runcast.api.schema import create_schema
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.runtime import Runtime
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
WARM_UP = 500
MEASURED = 3000


async def bytes_per_event(
    schema: strawberry.Schema, runtime: Runtime, run_id: str
) -> float:
    """Memory retained per event delivered after the warm-up."""
    stream = await schema.subscribe(
        RUN_EVENTS,
        variable_values={"id": run_id},
        context_value=Context(orchestrator=runtime.orchestrator),
    )
    assert not isinstance(stream, ExecutionResult), stream
    tracemalloc.start()
    retained: dict[int, int] = {}
    delivered = 0
    async for _result in stream:
        delivered += 1
        if delivered in {WARM_UP, WARM_UP + MEASURED}:
            gc.collect()
            retained[delivered] = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (retained[WARM_UP + MEASURED] - retained[WARM_UP]) / MEASURED


def default_schema() -> strawberry.Schema:
    """Runcast's schema on Strawberry's default execution context."""
    runcast = create_schema()
    runcast.execution_context_class = StrawberryGraphQLCoreExecutionContext
    return runcast


async def main() -> None:
    """Print bytes per event for both schemas and their ratio."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'soak.db'}",
            workers=0,
            simulated_token_delay=0,
            delta_flush_tokens=1,
        )
        runtime = Runtime(settings)
        await runtime.start()
        try:
            experiment = await runtime.orchestrator.create_experiment(
                ExperimentConfigCreate.model_validate(
                    {
                        "name": "soak",
                        "prompt": "Say {{ n }}",
                        "dataset": [{"variables": {"n": n}} for n in range(200)],
                    }
                )
            )
            run = await runtime.orchestrator.create_run(experiment_id=experiment.id)
            await runtime.new_worker().run_once()
            reference = await bytes_per_event(default_schema(), runtime, run.id)
            runcast = await bytes_per_event(create_schema(), runtime, run.id)
        finally:
            await runtime.stop()
    print(f"Strawberry's default: {reference:.0f} bytes kept per event")
    print(f"Runcast: {runcast:.0f} bytes kept per event")
    print(
        f"subscription memory: Runcast keeps {runcast / reference:.3f} of the default"
    )


if __name__ == "__main__":
    asyncio.run(main())
