"""The event feed: every subscriber of a topic shares one reader of the log.

A subscriber first catches up from the table by itself, then joins its
topic's reader at the live edge. The reader reads the log once per wake-up
and hands the same events to every subscriber of the topic, so the cost of a
new event grows with the number of topics, not of subscribers. A subscriber
that does not keep up is let go of (its queue is bounded), catches up from
the table alone and joins again: the server never buffers without bound.

Order, no gap, no duplicate: each subscriber reads strictly after the last id
it yielded (for several runs, never past the bus's horizon), and drops
anything at or before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from runcast.db import events as event_store
from runcast.db.database import Database
from runcast.domain.events import EventCursor, RunEvent, Topic
from runcast.events.bus import EventBus, Listener

__all__ = ["EventFeed"]

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
QUEUE_LIMIT = 2_000


class EventFeed:
    """Follows the event log for any number of subscribers in this process."""

    def __init__(
        self,
        database: Database,
        bus: EventBus,
        *,
        poll_interval: float = 1.0,
        batch_size: int = BATCH_SIZE,
        queue_limit: int = QUEUE_LIMIT,
    ) -> None:
        self._database = database
        self._bus = bus
        self._poll_interval = poll_interval
        self.batch_size = batch_size
        self._queue_limit = queue_limit
        self._readers: dict[Topic, _TopicReader] = {}

    @property
    def reader_count(self) -> int:
        """How many topics have a shared reader now."""
        return len(self._readers)

    def subscriber_count(self, topic: Topic) -> int:
        """How many subscribers of ``topic`` its shared reader serves now."""
        reader = self._readers.get(topic)
        return 0 if reader is None else reader.subscriber_count

    async def follow(
        self,
        topic: Topic,
        *,
        after: EventCursor,
        until_terminal: bool = False,
        live: bool = True,
    ) -> AsyncIterator[RunEvent]:
        """Yield every event of ``topic`` after ``after``, in order, then live ones.

        With ``until_terminal`` the stream ends after the first event that
        ends its run; without ``live`` it ends once the log holds no more.
        A feed follows runs, experiments and kinds, not statuses.
        """
        if topic.statuses is not None:
            raise ValueError("a feed follows runs, experiments and kinds only")
        cursor = after
        while True:
            events = await self.read(topic, after=cursor)
            for event in events:
                yield event
                cursor = event.id
                if until_terminal and event.is_terminal:
                    return
            if len(events) == self.batch_size:
                continue
            if not live:
                return
            async with self._joined(topic, cursor) as subscription:
                async for event in subscription.events(after=cursor):
                    yield event
                    cursor = event.id
                    if until_terminal and event.is_terminal:
                        return
            # let go of for falling behind: catch up from the table again

    async def read(
        self, topic: Topic, *, after: EventCursor, up_to: EventCursor | None = None
    ) -> list[RunEvent]:
        """One batch of the log's events of ``topic`` after ``after``.

        A topic of several runs is read no further than the bus's horizon:
        beyond it an event of one run may still commit with a smaller id
        than one of another run already visible. One run's events commit in
        id order (each transaction that appends them holds the run's row),
        so a run's topic is read to the log's end: what this process just
        wrote is there at once.
        """
        horizon = self._bus.horizon if topic.run_id is None else None
        if horizon is not None:
            up_to = horizon if up_to is None else min(up_to, horizon)
            if up_to <= after:
                return []
        return await self._database.read(
            lambda session: event_store.list_events(
                session,
                after=after,
                up_to=up_to,
                run_id=topic.run_id,
                experiment_id=topic.experiment_id,
                kinds=topic.kinds,
                limit=self.batch_size,
            )
        )

    async def latest_cursor(self) -> EventCursor:
        """The cursor of the newest event in the log (up to the bus's horizon)."""
        horizon = self._bus.horizon
        if horizon is not None:
            return horizon
        return await self._database.read(event_store.last_event_id)

    @contextlib.asynccontextmanager
    async def _joined(
        self, topic: Topic, cursor: EventCursor
    ) -> AsyncIterator[_Subscription]:
        reader = self._readers.get(topic)
        if reader is None:
            reader = _TopicReader(self, topic, cursor)
            self._readers[topic] = reader
        subscription = _Subscription(
            lambda after, up_to: self.read(topic, after=after, up_to=up_to),
            joined_at=reader.cursor,
            limit=self._queue_limit,
        )
        reader.add(subscription)
        try:
            yield subscription
        finally:
            reader.discard(subscription)
            if not reader.subscriber_count:
                self._forget(reader)
                reader.stop()

    async def close(self) -> None:
        """Stop every reader; their subscribers catch up from the table alone."""
        readers, self._readers = list(self._readers.values()), {}
        for reader in readers:
            reader.stop()
        for reader in readers:
            await reader.stopped()

    def _start(self, reader: _TopicReader) -> asyncio.Task[None]:
        return asyncio.create_task(reader.run(self._bus, self._poll_interval))

    def _forget(self, reader: _TopicReader) -> None:
        if self._readers.get(reader.topic) is reader:
            del self._readers[reader.topic]


_RangeReader = Callable[[EventCursor, EventCursor], Awaitable[list[RunEvent]]]
"""Reads a topic's events after a cursor, up to another."""


class _Subscription:
    """One subscriber's place in its topic's shared stream: a bounded queue."""

    def __init__(
        self, read: _RangeReader, *, joined_at: EventCursor, limit: int
    ) -> None:
        self._read = read
        self._joined_at = joined_at
        self._limit = limit
        # a list, handed over whole: an empty deque takes 760 bytes
        self._queue: list[RunEvent] = []
        # a bare future, not an asyncio.Event: an Event looks up the running
        # loop on every wait, a system call each on this hot path
        self._loop = asyncio.get_running_loop()
        self._waiter: asyncio.Future[None] | None = None
        self.behind = False

    def offer(self, events: Sequence[RunEvent]) -> bool:
        """Queue the reader's new events; False when they would overflow."""
        if len(self._queue) + len(events) > self._limit:
            self.let_go()
            return False
        self._queue.extend(events)
        self._wake()
        return True

    def let_go(self) -> None:
        """End the shared stream here; the subscriber catches up by itself."""
        self.behind = True
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def events(self, *, after: EventCursor) -> AsyncIterator[RunEvent]:
        """The events after ``after``: those before the reader's, then the shared.

        Ends when the subscriber fell behind, after what was queued.
        """
        cursor = after
        while cursor < self._joined_at:  # the reader was ahead of us
            gap = await self._read(cursor, self._joined_at)
            if not gap:
                break
            for event in gap:
                yield event
            cursor = gap[-1].id
        while True:
            while self._queue:
                queued, self._queue = self._queue, []
                for event in queued:
                    if event.id > cursor:
                        yield event
                        cursor = event.id
            if self.behind:
                return
            self._waiter = self._loop.create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None


class _TopicReader:
    """Reads a topic's new events once per wake-up, for all its subscribers."""

    def __init__(self, feed: EventFeed, topic: Topic, cursor: EventCursor) -> None:
        self._feed = feed
        self.topic = topic
        self.cursor = cursor
        self._subscriptions: set[_Subscription] = set()
        self._listener: Listener | None = None
        self._stopped = False
        self._task = feed._start(self)

    @property
    def subscriber_count(self) -> int:
        """How many subscriptions it hands events to."""
        return len(self._subscriptions)

    def add(self, subscription: _Subscription) -> None:
        """Hand this subscription every event read from now on."""
        self._subscriptions.add(subscription)

    def discard(self, subscription: _Subscription) -> None:
        """Stop handing events to this subscription."""
        self._subscriptions.discard(subscription)

    def stop(self) -> None:
        """Let the reader end after its current read (never mid-transaction)."""
        self._stopped = True
        if self._listener is not None:
            self._listener.notify(self.cursor)

    async def stopped(self) -> None:
        """Return once the reader has ended."""
        await self._task

    async def run(self, bus: EventBus, poll_interval: float) -> None:
        """Read on every wake-up (and every ``poll_interval``) until stopped.

        Should reading fail, every subscriber is let go of: each catches up
        from the table alone and joins a new reader.
        """
        with bus.listen(self.topic) as listener:
            self._listener = listener
            while not self._stopped:
                listener.reset()
                try:
                    events = await self._feed.read(self.topic, after=self.cursor)
                except Exception:
                    logger.exception("reading the events of %s failed", self.topic)
                    self._abandon()
                    return
                if events:
                    self.cursor = events[-1].id
                    self._hand_out(events)
                if len(events) < self._feed.batch_size and not self._stopped:
                    await self._wait_for_news(listener, poll_interval)

    async def _wait_for_news(self, listener: Listener, poll_interval: float) -> None:
        """Return once an event past the cursor is announced, at a stop, or
        after ``poll_interval``; a wake-up for events read already (announced
        twice, as a bus may) is slept through."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(poll_interval):
                await listener.wait()
                while listener.latest <= self.cursor and not self._stopped:
                    listener.reset()
                    await listener.wait()

    def _hand_out(self, events: Sequence[RunEvent]) -> None:
        for subscription in list(self._subscriptions):
            if not subscription.offer(events):
                self._subscriptions.discard(subscription)

    def _abandon(self) -> None:
        self._feed._forget(self)
        for subscription in self._subscriptions:
            subscription.let_go()
        self._subscriptions.clear()
