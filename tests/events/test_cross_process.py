"""Events committed by another process reach this one without waiting for a poll.

A real `runcast worker` process shares the database (a SQLite file, or
PostgreSQL) with the test's runtime. Every poll is set to an hour, so only the
bus can wake either side (`PRAGMA data_version` on SQLite, `LISTEN/NOTIFY` on
PostgreSQL): the tests would hang, and fail on their guard, without it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from runcast.domain.events import RunEvent
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.domain.runs import RunStatus
from runcast.runtime import Runtime
from runcast.settings import Settings
from tests.events.conftest import GUARD_SECONDS, logged_ids
from tests.support.events import statuses_of
from tests.support.process import runcast_worker

AN_HOUR = "3600"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """This process hears of other processes' events only through the bus."""
    return settings.model_copy(update={"event_poll_interval": 3600})


def worker_environment(settings: Settings, **extra: str) -> dict[str, str]:
    return {
        "RUNCAST_DATABASE_URL": settings.database_url,
        "RUNCAST_WORKER_POLL_INTERVAL": AN_HOUR,
        "RUNCAST_EVENT_POLL_INTERVAL": AN_HOUR,
        "RUNCAST_CANCEL_GRACE_SECONDS": AN_HOUR,
        "RUNCAST_SIMULATED_OUTPUT_TOKENS": "8",
        **extra,
    }


async def start_run(runtime: Runtime, *, items: int) -> str:
    experiment = await runtime.orchestrator.create_experiment(
        ExperimentConfigCreate.model_validate(
            {
                "name": "elsewhere",
                "prompt": "Echo {{ n }}",
                "dataset": [{"variables": {"n": n}} for n in range(items)],
            }
        )
    )
    run = await runtime.orchestrator.create_run(experiment_id=experiment.id)
    return run.id


async def follow_to_the_end(runtime: Runtime, run_id: str) -> list[RunEvent]:
    async with asyncio.timeout(GUARD_SECONDS):
        return [event async for event in runtime.orchestrator.run_events(run_id=run_id)]


class TestCrossProcess:
    async def test_run_made_here_is_executed_there_and_streamed_here(
        self, runtime: Runtime, settings: Settings, tmp_path: Path
    ) -> None:
        """The worker wakes for the new run; its every event reaches us, in order."""
        with runcast_worker(
            worker_environment(settings, RUNCAST_SIMULATED_TOKEN_DELAY="0.002")
        ) as worker:
            run_id = await start_run(runtime, items=5)
            events = await follow_to_the_end(runtime, run_id)

        run = await runtime.orchestrator.get_run(run_id=run_id)
        assert run.status is RunStatus.SUCCEEDED
        assert run.worker_id is not None
        assert f":{worker.pid}:" in run.worker_id
        assert statuses_of(events) == [
            RunStatus.PENDING,
            RunStatus.RUNNING,
            RunStatus.SUCCEEDED,
        ]
        assert [event.id for event in events] == await logged_ids(
            runtime.database, run_id, after=0
        )

    async def test_cancel_made_here_stops_the_run_there(
        self, runtime: Runtime, settings: Settings
    ) -> None:
        """The worker hears of the cancel at once: no grace period runs out."""
        with runcast_worker(
            worker_environment(settings, RUNCAST_SIMULATED_TOKEN_DELAY="0.5")
        ):
            run_id = await start_run(runtime, items=20)
            async with asyncio.timeout(GUARD_SECONDS):
                async for event in runtime.orchestrator.run_events(run_id=run_id):
                    if event.payload.kind == "output_delta":
                        break
            await runtime.orchestrator.cancel_run(run_id=run_id)
            events = await follow_to_the_end(runtime, run_id)

        assert statuses_of(events)[-2:] == [RunStatus.CANCELLING, RunStatus.CANCELLED]
        run = await runtime.orchestrator.get_run(run_id=run_id)
        assert run.progress.succeeded < 20
