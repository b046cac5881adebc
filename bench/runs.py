"""A runtime on a scratch database, and runs queued in it, for benchmarks."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from runcast.domain.experiments import ExperimentConfigCreate
from runcast.runtime import Runtime
from runcast.settings import Settings

__all__ = [
    "PROMPT_TOKENS",
    "experiment_config",
    "queue_run",
    "scratch_runtime",
    "sqlite_url",
]

PROMPT_TOKENS = 3
"""Words in every rendered prompt (``Summarise topic-TAG N``): its input tokens."""


def sqlite_url(path: Path) -> str:
    """The database URL of a SQLite file."""
    return f"sqlite+aiosqlite:///{path}"


@asynccontextmanager
async def scratch_runtime(folder: Path, **settings: Any) -> AsyncIterator[Runtime]:
    """A started runtime without background workers; answers come at once."""
    runtime = Runtime(
        Settings(
            **{
                "database_url": sqlite_url(folder / "bench.db"),
                "workers": 0,
                "simulated_token_delay": 0,
                **settings,
            }
        )
    )
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


def experiment_config(
    *, rows: int, max_tokens: int | None = None, repetitions: int = 1
) -> dict[str, Any]:
    """An experiment of ``rows`` rows, each asked ``repetitions`` times, with one
    assertion, optionally a token budget.

    Its topics are its own, so no answer of an earlier run in the same
    database comes from the response cache: every item is asked, and pays
    for a cache look-up and a write as a first run does.
    """
    tag = uuid.uuid4().hex[:12]
    return {
        "name": f"bench {tag}",
        "prompt": "Summarise {{ topic }}",
        "dataset": [{"variables": {"topic": f"topic-{tag} {n}"}} for n in range(rows)],
        "assertions": [{"kind": "contains", "value": "the"}],
        "budget": None if max_tokens is None else {"max_tokens": max_tokens},
        "repetitions": repetitions,
    }


async def queue_run(
    runtime: Runtime,
    *,
    items: int,
    max_tokens: int | None = None,
    repetitions: int = 1,
) -> str:
    """Create an experiment of ``items`` items (rows times ``repetitions``) and
    start a run of it; its id."""
    experiment = await runtime.orchestrator.create_experiment(
        ExperimentConfigCreate.model_validate(
            experiment_config(
                rows=items // repetitions,
                max_tokens=max_tokens,
                repetitions=repetitions,
            )
        )
    )
    run = await runtime.orchestrator.create_run(experiment_id=experiment.id)
    return run.id
