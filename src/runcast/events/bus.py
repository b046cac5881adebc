"""The event bus: wakes the readers that follow what was just committed.

The bus carries notices (an event's id and what it is about), never events.
It is a wake-up, not a queue: the event table is the truth, so a listener
never buffers and never misses an event, however slow it is. A listener
follows one ``Topic`` and is woken only for events of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from runcast.domain.events import EventCursor, EventNotice, Topic

__all__ = ["EVERY_EVENT", "EventBus", "InMemoryEventBus", "Listener"]

EVERY_EVENT = Topic()
"""The topic of every event of every run."""


class Listener:
    """Remembers that something of its topic was published since it last looked."""

    def __init__(self, topic: Topic) -> None:
        self.topic = topic
        self._published = asyncio.Event()
        self.latest: EventCursor = 0

    def notify(self, event_id: EventCursor) -> None:
        """Record that ``event_id`` is in the log."""
        self.latest = max(self.latest, event_id)
        self._published.set()

    def reset(self) -> None:
        """Forget past notifications; call it just before reading the log."""
        self._published.clear()

    async def wait(self) -> None:
        """Return once something was published since the last ``reset``."""
        await self._published.wait()


class EventBus(Protocol):
    """Tells listeners that events of their topic were committed.

    ``start`` and ``stop`` bracket its life: a bus that hears of events
    committed by other processes holds a connection for it meanwhile.
    """

    async def start(self) -> None:
        """Begin hearing of events (from other processes too, where it can)."""

    async def stop(self) -> None:
        """Stop hearing of events and let go of what ``start`` took."""

    async def publish(self, notices: Sequence[EventNotice]) -> None:
        """Announce events that are committed, oldest first."""

    @property
    def horizon(self) -> EventCursor | None:
        """The log's last id every reader may read up to; None: its very end.

        Below the horizon, every event that will ever commit has committed,
        so a reader of ``id > cursor`` up to it can never step over one.
        """

    def listen(self, topic: Topic = EVERY_EVENT) -> AbstractContextManager[Listener]:
        """Register a listener of ``topic`` for as long as the ``with`` block lasts."""


class InMemoryEventBus:
    """An event bus for one process.

    Listeners are indexed by the run or experiment they follow, so a publish
    costs as much as the listeners that care, not as many as there are.
    """

    def __init__(self) -> None:
        self._listeners: dict[_Key, set[Listener]] = {}

    async def start(self) -> None:
        """Nothing to start: every event of this process is published here."""

    async def stop(self) -> None:
        """Nothing to stop."""

    async def publish(self, notices: Sequence[EventNotice]) -> None:
        """Wake the listeners of each notice's topic."""
        self.deliver(notices)

    @property
    def horizon(self) -> EventCursor | None:
        """None: one process commits its events in id order, all readable."""
        return None

    def deliver(
        self, notices: Iterable[EventNotice], *, run_listeners: bool = True
    ) -> None:
        """Wake, at once, every listener one of ``notices`` concerns.

        Without ``run_listeners``, only listeners of several runs are woken.
        """
        for notice in notices:
            keys: tuple[_Key, ...] = (("experiment", notice.experiment_id), _EVERYWHERE)
            if run_listeners:
                keys = (("run", notice.run_id), *keys)
            for key in keys:
                for listener in self._listeners.get(key, ()):
                    if listener.topic.matches(notice):
                        listener.notify(notice.id)

    @contextmanager
    def listen(self, topic: Topic = EVERY_EVENT) -> Iterator[Listener]:
        """Register a listener of ``topic`` until the block ends."""
        listener = Listener(topic)
        key = _key_of(topic)
        listeners = self._listeners.setdefault(key, set())
        listeners.add(listener)
        try:
            yield listener
        finally:
            listeners.discard(listener)
            if not listeners:
                self._listeners.pop(key, None)


_Key = tuple[str, str]
_EVERYWHERE: _Key = ("every run", "")


def _key_of(topic: Topic) -> _Key:
    if topic.run_id is not None:
        return ("run", topic.run_id)
    if topic.experiment_id is not None:
        return ("experiment", topic.experiment_id)
    return _EVERYWHERE
