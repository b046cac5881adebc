"""A runtime on a scratch database, and runs queued in it, for benchmarks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from runcast.domain.experiments import ExperimentConfigCreate
from runcast.runtime import Runtime
from runcast.settings import Settings


@asynccontextmanager
async def scratch_runtime(folder: Path, **settings: Any) -> AsyncIterator[Runtime]:
    """A started runtime without background workers; answers come at once."""
    runtime = Runtime(
        Settings(
            database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
            workers=0,
            simulated_token_delay=0,
            **settings,
        )
    )
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def queue_run(runtime: Runtime, *, items: int) -> str:
    """Create an experiment of ``items`` rows with one assertion; start a run."""
    experiment = await runtime.orchestrator.create_experiment(
        ExperimentConfigCreate.model_validate(
            {
                "name": "bench",
                "prompt": "Summarise {{ topic }}",
                "dataset": [
                    {"variables": {"topic": f"topic {n}"}} for n in range(items)
                ],
                "assertions": [{"kind": "contains", "value": "the"}],
            }
        )
    )
    run = await runtime.orchestrator.create_run(experiment_id=experiment.id)
    return run.id
