"""A run being written to, and a feed whose reads are counted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest

from runcast.db.database import Database
from runcast.db.events import list_events
from runcast.domain.events import EventCursor, RunEvent, Topic
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.events.feed import EventFeed
from runcast.runtime import Runtime
from runcast.services.ledger import RunLedger

WORKER = "test-worker"

# A guard against a hung test, not a synchronisation: nothing waits for it.
GUARD_SECONDS = 30


class CountingFeed(EventFeed):
    """An event feed that counts how often it reads the log."""

    reads = 0

    async def read(
        self, topic: Topic, *, after: EventCursor, up_to: EventCursor | None = None
    ) -> list[RunEvent]:
        self.reads += 1
        return await super().read(topic, after=after, up_to=up_to)


class RunWriter:
    """Writes output events of one claimed run, as its worker would."""

    def __init__(self, ledger: RunLedger, run_id: str) -> None:
        self.ledger = ledger
        self.run_id = run_id
        self.written = 0

    async def output(self, count: int = 1) -> None:
        """Write ``count`` output events, one transaction each."""
        for _ in range(count):
            self.written += 1
            await self.ledger.append_output(
                run_id=self.run_id,
                worker_id=WORKER,
                item_index=0,
                attempt=1,
                text=f"token {self.written} ",
            )

    async def finish(self) -> None:
        """End the run: its terminal event ends every subscriber's stream."""
        await self.ledger.finish_run(run_id=self.run_id, worker_id=WORKER)


@pytest.fixture
async def writer(runtime: Runtime) -> RunWriter:
    """A claimed run of one item, written to by the test."""
    experiment = await runtime.orchestrator.create_experiment(
        ExperimentConfigCreate(name="feed", prompt="Say something")
    )
    run = await runtime.orchestrator.create_run(experiment_id=experiment.id)
    claimed = await runtime.ledger.claim_next_run(
        worker_id=WORKER, lease=timedelta(minutes=5)
    )
    assert claimed is not None
    assert claimed.run.id == run.id
    return RunWriter(runtime.ledger, run.id)


@pytest.fixture
async def feed(runtime: Runtime) -> AsyncIterator[CountingFeed]:
    """A feed on the runtime's database and bus that reads only when woken."""
    feed = CountingFeed(runtime.database, runtime.bus, poll_interval=3600)
    yield feed
    await feed.close()


async def logged_ids(
    database: Database, run_id: str, *, after: EventCursor
) -> list[int]:
    """The ids of a run's events in the table after a cursor."""
    async with database.reading() as session:
        events = await session.run_sync(
            list_events, after=after, run_id=run_id, limit=100_000
        )
    return [event.id for event in events]


class Subscriber:
    """Follows a topic in a task and keeps what it receives."""

    def __init__(self, feed: EventFeed, topic: Topic) -> None:
        self.feed = feed
        self.topic = topic
        self.received: list[RunEvent] = []
        self._grown = asyncio.Condition()
        self.task: asyncio.Task[None] | None = None

    def start(self, *, after: EventCursor) -> None:
        """Begin following after ``after``, until the run's terminal event."""
        self.task = asyncio.create_task(self._follow(after))

    async def _follow(self, after: EventCursor) -> None:
        async for event in self.feed.follow(
            self.topic, after=after, until_terminal=True
        ):
            async with self._grown:
                self.received.append(event)
                self._grown.notify_all()

    async def wait_for(self, count: int) -> None:
        """Return once ``count`` events were received."""
        async with asyncio.timeout(GUARD_SECONDS), self._grown:
            await self._grown.wait_for(lambda: len(self.received) >= count)

    async def finished(self) -> None:
        """Return once the stream has ended."""
        assert self.task is not None
        async with asyncio.timeout(GUARD_SECONDS):
            await self.task

    @property
    def ids(self) -> list[int]:
        """The ids received, in order."""
        return [event.id for event in self.received]


async def until(condition: Callable[[], bool]) -> None:
    """Let other tasks run until ``condition`` holds (a yield, not a timed wait).

    For states with no event to await, such as a subscriber having joined.
    """
    async with asyncio.timeout(GUARD_SECONDS):
        while not condition():  # noqa: ASYNC110 - sleep(0) only yields to the loop
            await asyncio.sleep(0)
