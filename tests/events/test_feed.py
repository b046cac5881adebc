"""One reader of the log per topic, shared by every subscriber of it."""

from __future__ import annotations

import asyncio

import pytest

from runcast.db.database import Database
from runcast.domain.events import EventNotice, Topic
from runcast.domain.runs import RunStatus
from runcast.events.feed import EventFeed
from runcast.runtime import Runtime
from tests.events.conftest import (
    CountingFeed,
    RunWriter,
    Subscriber,
    logged_ids,
    until,
)


def run_topic(writer: RunWriter) -> Topic:
    return Topic(run_id=writer.run_id)


async def joined_subscribers(
    feed: EventFeed, writer: RunWriter, count: int
) -> list[Subscriber]:
    """``count`` subscribers from the start of the run, all at the live edge."""
    history = await feed.read(run_topic(writer), after=0)
    subscribers = [Subscriber(feed, run_topic(writer)) for _ in range(count)]
    for subscriber in subscribers:
        subscriber.start(after=0)
    # each joins right after its catch-up: wait for that without spinning, so
    # the reads' threads are not starved of the GIL by a busy loop
    for subscriber in subscribers:
        await subscriber.wait_for(len(history))

    def all_joined() -> bool:
        for subscriber in subscribers:
            # a subscriber that ended cannot join: say why, at once
            if subscriber.task is not None and subscriber.task.done():
                subscriber.task.result()
                raise AssertionError("a subscriber's stream ended before joining")
        return feed.subscriber_count(run_topic(writer)) == count

    await until(all_joined)
    return subscribers


class TestSharedReader:
    async def test_subscribers_at_different_cursors_get_every_event_once(
        self, feed: CountingFeed, writer: RunWriter, db: Database
    ) -> None:
        """Each subscriber gets exactly the events after its cursor, in order."""
        await writer.output(30)
        history = await logged_ids(db, writer.run_id, after=0)
        cursors = [0, *history[::5], history[-1]]
        subscribers = [Subscriber(feed, run_topic(writer)) for _ in cursors]

        for subscriber, cursor in zip(subscribers, cursors, strict=True):
            subscriber.start(after=cursor)
        await writer.output(30)
        await writer.finish()
        for subscriber in subscribers:
            await subscriber.finished()

        for subscriber, cursor in zip(subscribers, cursors, strict=True):
            assert subscriber.ids == await logged_ids(db, writer.run_id, after=cursor)
        assert subscribers[0].received[-1].is_terminal

    async def test_log_is_read_once_per_wake_up_whatever_the_subscribers(
        self, feed: CountingFeed, writer: RunWriter
    ) -> None:
        """A hundred subscribers of one run cost one read per new event, not 100."""
        subscribers = await joined_subscribers(feed, writer, 100)
        reads_before = feed.reads
        received_before = len(subscribers[0].received)

        for number in range(1, 11):
            await writer.output()
            for subscriber in subscribers:
                await subscriber.wait_for(received_before + number)

        assert feed.reads - reads_before <= 10
        assert feed.reader_count == 1
        assert len({tuple(subscriber.ids) for subscriber in subscribers}) == 1

    async def test_event_announced_again_is_not_read_again(
        self, feed: CountingFeed, writer: RunWriter, runtime: Runtime
    ) -> None:
        """A second wake-up for an event read already costs no read."""
        subscribers = await joined_subscribers(feed, writer, 3)
        # the history, each subscriber's catch-up, and the shared reader's first
        # read, which may still be to come when they have all joined
        await until(lambda: feed.reads == 1 + 3 + 1)
        received = subscribers[0].received
        last_read, reads_before = received[-1], feed.reads
        count = len(received) + 1

        runtime.bus.deliver([EventNotice.of(last_read)])  # as a bus may, twice
        await writer.output()
        for subscriber in subscribers:
            await subscriber.wait_for(count)

        assert feed.reads - reads_before == 1

    async def test_slow_subscriber_is_let_go_and_catches_up_from_the_table(
        self, runtime: Runtime, writer: RunWriter, db: Database
    ) -> None:
        """One that stops reading never holds more than its queue, and loses nothing."""
        feed = EventFeed(
            runtime.database, runtime.bus, poll_interval=3600, queue_limit=5
        )
        topic = run_topic(writer)
        fast = Subscriber(feed, topic)
        fast.start(after=0)
        slow = feed.follow(topic, after=0, until_terminal=True)
        # the run's PENDING and RUNNING events, from the table
        received = [await anext(slow), await anext(slow)]
        live = asyncio.create_task(anext(slow))  # joins, then stops reading
        await until(lambda: feed.subscriber_count(topic) == 2)

        await writer.output(20)
        await fast.wait_for(22)
        let_go = feed.subscriber_count(topic)
        received.append(await live)
        await writer.finish()
        received += [event async for event in slow]
        await fast.finished()
        await feed.close()

        assert let_go == 1
        expected = await logged_ids(db, writer.run_id, after=0)
        assert [event.id for event in received] == expected
        assert fast.ids == expected

    async def test_disconnected_subscriber_leaves_and_the_last_stops_the_reader(
        self, feed: CountingFeed, writer: RunWriter
    ) -> None:
        """Leaving takes a subscriber out; when none is left the reader goes."""
        staying, leaving = await joined_subscribers(feed, writer, 2)
        assert leaving.task is not None

        leaving.task.cancel()
        await until(lambda: feed.subscriber_count(run_topic(writer)) == 1)
        history = len(staying.received)
        await writer.output(3)
        await staying.wait_for(history + 3)
        assert staying.task is not None
        staying.task.cancel()
        await until(lambda: feed.reader_count == 0)

        assert [event.payload.kind for event in staying.received[history:]] == [
            "output_delta"
        ] * 3

    async def test_finished_run_replays_and_completes_without_a_reader(
        self, feed: CountingFeed, writer: RunWriter, db: Database
    ) -> None:
        """A stream that is not live reads the table and ends."""
        await writer.output(3)
        await writer.finish()

        events = [
            event async for event in feed.follow(run_topic(writer), after=0, live=False)
        ]

        assert [event.id for event in events] == await logged_ids(
            db, writer.run_id, after=0
        )
        assert feed.reader_count == 0

    async def test_status_topics_are_refused(self, feed: CountingFeed) -> None:
        """A feed reads by run, experiment and kind: a status filter is an error."""
        topic = Topic(statuses=frozenset({RunStatus.PENDING}))

        with pytest.raises(ValueError, match="runs, experiments and kinds"):
            await anext(feed.follow(topic, after=0))
