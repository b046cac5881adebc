"""Many writers, on connections of their own, never make a reader skip an event.

A reader follows the log by id: it asks for ``id > cursor``. If a writer
could commit an event with a higher id while one with a lower id was still
uncommitted, a reader could move its cursor past the lower one for good.
Each ``Database`` here has its own connection pool, as another process
would; on PostgreSQL the writes are truly concurrent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from runcast.db.database import Database
from runcast.db.events import NewEvents, append_events, last_event_id, list_events
from runcast.db.types import utc_now
from runcast.domain.events import OutputDelta
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.events.bus import EVERY_EVENT, InMemoryEventBus
from runcast.runtime import Runtime
from runcast.services.ledger import RunLedger
from tests.events.conftest import GUARD_SECONDS, Subscriber

WRITERS = 3
RUNS = 4
EVENTS_PER_RUN = 60
WORKER = "test-worker"

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@pytest.fixture
async def other_processes(database_url: str) -> AsyncIterator[list[Database]]:
    """Databases with pools of their own, as other processes would have."""
    databases = [Database(database_url) for _ in range(WRITERS)]
    yield databases
    for database in databases:
        await database.dispose()


async def claimed_runs(runtime: Runtime, count: int) -> list[str]:
    experiment = await runtime.orchestrator.create_experiment(
        ExperimentConfigCreate(name="concurrent", prompt="Say something")
    )
    run_ids = []
    for _ in range(count):
        run = await runtime.orchestrator.create_run(experiment_id=experiment.id)
        claimed = await runtime.ledger.claim_next_run(
            worker_id=WORKER, lease=timedelta(minutes=5)
        )
        assert claimed is not None
        assert claimed.run.id == run.id
        run_ids.append(run.id)
    return run_ids


def one_output(run_id: str, experiment_id: str, seq: int) -> Callable[[Session], int]:
    """A write of one output event numbered ``seq``; it returns the event's id."""

    def append(session: Session) -> int:
        delta = OutputDelta(item_index=0, attempt=1, text=f"{seq}")
        batch = NewEvents(run_id, experiment_id, seq, [delta], utc_now())
        (event,) = append_events(session, [batch])
        return event.id

    return append


class _RolledBackError(Exception):
    """Ends a write so that it rolls back."""


async def waiting_for_the_log(database: Database) -> bool:
    """Whether a transaction waits for the event log's advisory lock."""
    async with database.reading() as session:
        waiting = await session.scalar(
            text(
                "SELECT count(*) FROM pg_locks"
                " WHERE locktype = 'advisory' AND NOT granted"
            )
        )
    return bool(waiting)


@dataclass(frozen=True)
class Watched:
    """A claimed run and a subscriber of every event from before its next one."""

    run_id: str
    experiment_id: str
    before: int
    subscriber: Subscriber

    def output(self, seq: int) -> Callable[[Session], int]:
        """A write of one output event of the run, numbered ``seq``."""
        return one_output(self.run_id, self.experiment_id, seq)


@pytest.fixture
async def watched(runtime: Runtime) -> Watched:
    (run_id,) = await claimed_runs(runtime, 1)
    run = await runtime.orchestrator.get_run(run_id=run_id)
    before = await runtime.database.read(last_event_id)
    subscriber = Subscriber(runtime.feed, EVERY_EVENT)
    subscriber.start(after=before)
    return Watched(run_id, run.experiment_id, before, subscriber)


class TestConcurrentWriters:
    async def test_readers_wait_for_an_open_write_before_a_later_commit(
        self, runtime: Runtime, other_processes: list[Database], watched: Watched
    ) -> None:
        """A later id committed first is handed on only after the earlier one."""
        before, subscriber = watched.before, watched.subscriber

        async with runtime.database.writing() as first:
            first_id = await first.run_sync(watched.output(1_000))
            # not held up by the open write: appends run concurrently
            async with asyncio.timeout(GUARD_SECONDS):
                second_id = await other_processes[0].write(watched.output(1_001))
                # the bus saw the missing id and now waits for appends in flight
                while not await waiting_for_the_log(runtime.database):
                    continue
            assert first_id < second_id
            assert subscriber.received == []
            assert runtime.bus.horizon == before

        await subscriber.wait_for(2)
        assert subscriber.ids == [first_id, second_id]

    async def test_an_id_rolled_back_is_skipped_once_appends_settle(
        self, runtime: Runtime, other_processes: list[Database], watched: Watched
    ) -> None:
        """A missing id that never commits does not hold readers up for good."""
        before, subscriber = watched.before, watched.subscriber

        try:
            async with runtime.database.writing() as doomed:
                await doomed.run_sync(watched.output(1_000))
                second_id = await other_processes[0].write(watched.output(1_001))
                raise _RolledBackError
        except _RolledBackError:
            pass  # the first id is never committed

        await subscriber.wait_for(1)
        assert subscriber.ids == [second_id]
        logged = await runtime.database.read(partial(list_events, after=before))
        assert [event.id for event in logged] == [second_id]

    async def test_subscribers_see_every_event_of_concurrent_writers_once(
        self, runtime: Runtime, other_processes: list[Database]
    ) -> None:
        """Writers racing over several runs; every subscriber's stream is the table."""
        run_ids = await claimed_runs(runtime, RUNS)
        after = await runtime.database.read(last_event_id)
        subscribers = [Subscriber(runtime.feed, EVERY_EVENT) for _ in range(3)]
        for subscriber in subscribers:
            subscriber.start(after=after)
        ledgers = [
            RunLedger(database=database, bus=InMemoryEventBus())
            for database in other_processes
        ]

        async def write(ledger: RunLedger, run_id: str) -> None:
            for number in range(EVENTS_PER_RUN):
                await ledger.append_output(
                    run_id=run_id,
                    worker_id=WORKER,
                    item_index=0,
                    attempt=1,
                    text=f"{number} ",
                )

        async with asyncio.timeout(GUARD_SECONDS * 4):
            await asyncio.gather(
                *(write(ledger, run_id) for ledger in ledgers for run_id in run_ids)
            )
        total = WRITERS * RUNS * EVENTS_PER_RUN
        logged = await runtime.database.read(
            partial(list_events, after=after, limit=total + 1)
        )
        assert len(logged) == total
        for subscriber in subscribers:
            await subscriber.wait_for(total)
            assert subscriber.ids == [event.id for event in logged]
            assert subscriber.task is not None
            subscriber.task.cancel()
