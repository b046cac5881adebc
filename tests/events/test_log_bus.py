"""The log-watching bus reads each event of the log once, and only if it must.

The bus under test watches the runtime's SQLite file beside the runtime's own
bus, so events the runtime writes are, for it, another process's; events it is
handed through ``publish`` are this process's own. Its signal fires only when
the test says so, and each ``fire`` returns once the bus has read the log.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass
from functools import partial

import pytest

from runcast.db import events as event_store
from runcast.db.database import Database
from runcast.domain.events import EventCursor, EventNotice
from runcast.events.log_bus import LogWatchingBus
from runcast.runtime import Runtime
from runcast.settings import Settings
from tests.events.conftest import GUARD_SECONDS, RunWriter

# events commit in id order on SQLite (PostgreSQL's horizon: test_concurrent_writers)
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

list_notices = event_store.list_notices  # uncounted, for the test's own reads


class ManualSignal:
    """A change signal fired by the test; ``fire`` returns once it was handled."""

    def __init__(self) -> None:
        self._fired: asyncio.Queue[None] = asyncio.Queue()
        self._handled: asyncio.Queue[None] = asyncio.Queue()

    async def changes(self) -> AsyncGenerator[None]:
        while True:
            await self._fired.get()
            yield
            # the bus asks for the next change once it has read the log
            self._handled.put_nowait(None)

    async def fire(self) -> None:
        self._fired.put_nowait(None)
        async with asyncio.timeout(GUARD_SECONDS):
            await self._handled.get()


class RecordingBus(LogWatchingBus):
    """Keeps the id of every notice it wakes listeners for."""

    def __init__(self, database: Database, signal: ManualSignal) -> None:
        super().__init__(database, signal, ordered_commits=True)
        self.delivered: list[EventCursor] = []

    def deliver(
        self, notices: Sequence[EventNotice], *, run_listeners: bool = True
    ) -> None:
        self.delivered.extend(notice.id for notice in notices)
        super().deliver(notices, run_listeners=run_listeners)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runtime's own bus never reads the log while a test counts reads."""
    return settings.model_copy(update={"event_check_interval": 3600})


@pytest.fixture
def signal() -> ManualSignal:
    return ManualSignal()


@pytest.fixture
async def bus(runtime: Runtime, signal: ManualSignal) -> AsyncIterator[RecordingBus]:
    bus = RecordingBus(runtime.database, signal)
    await bus.start()
    yield bus
    await bus.stop()


@pytest.fixture
def notices_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many notices each read of the log found."""
    counts: list[int] = []

    def counted(*args: object, **kwargs: object) -> list[EventNotice]:
        found = list_notices(*args, **kwargs)  # type: ignore[arg-type]
        counts.append(len(found))
        return found

    monkeypatch.setattr(event_store, "list_notices", counted)
    return counts


@dataclass
class Watch:
    """The bus under test, its signal, the reads it made, and a run to write to."""

    runtime: Runtime
    writer: RunWriter
    bus: RecordingBus
    signal: ManualSignal
    notices_read: list[int]

    async def written_elsewhere(self, count: int) -> list[EventNotice]:
        """Notices of ``count`` new output events, written past the bus."""
        database = self.runtime.database
        before = await database.read(event_store.last_event_id)
        await self.writer.output(count)
        return await database.read(partial(list_notices, after=before))

    async def written_here(self, count: int) -> list[EventNotice]:
        """Notices of ``count`` new output events, published on the bus."""
        notices = await self.written_elsewhere(count)
        await self.bus.publish(notices)
        return notices


@pytest.fixture
def watch(
    runtime: Runtime,
    writer: RunWriter,
    bus: RecordingBus,
    signal: ManualSignal,
    notices_read: list[int],
) -> Watch:
    return Watch(runtime, writer, bus, signal, notices_read)


def ids(*notices: list[EventNotice]) -> list[EventCursor]:
    return [notice.id for batch in notices for notice in batch]


class TestLogWatchingBus:
    async def test_own_events_next_in_the_log_are_not_read_again(
        self, watch: Watch
    ) -> None:
        """Published events that follow the last one seen need no read."""
        own = await watch.written_here(3)

        await watch.signal.fire()

        assert watch.notices_read == [0]
        assert watch.bus.delivered == ids(own)

    async def test_others_events_before_own_are_read_and_each_delivered_once(
        self, watch: Watch
    ) -> None:
        """Own events behind another process's are remembered, not delivered twice."""
        others = await watch.written_elsewhere(2)
        own = await watch.written_here(2)

        await watch.signal.fire()
        await watch.signal.fire()

        assert watch.notices_read == [4, 0]
        assert sorted(watch.bus.delivered) == ids(others, own)
        assert len(set(watch.bus.delivered)) == len(watch.bus.delivered)

    async def test_own_events_after_a_read_move_the_cursor_on(
        self, watch: Watch
    ) -> None:
        """Once the log was read up to its end, own events follow it again."""
        others = await watch.written_elsewhere(2)
        await watch.signal.fire()
        own = await watch.written_here(2)

        await watch.signal.fire()

        assert watch.notices_read == [2, 0]
        assert watch.bus.delivered == ids(others, own)
