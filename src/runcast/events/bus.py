"""The event bus: wakes readers up when new events are in the log.

The bus carries only the newest event id. It is a wake-up, not a queue: the
event table is the truth, so a listener never buffers and never misses an
event, however slow it is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from runcast.domain.events import EventCursor

__all__ = ["EventBus", "InMemoryEventBus", "Listener"]


class Listener:
    """Remembers that something new was published since it last looked."""

    def __init__(self) -> None:
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
    """Tells listeners that events were committed."""

    async def publish(self, event_id: EventCursor) -> None:
        """Announce that the event ``event_id`` (and all before it) is committed."""

    def listen(self) -> AbstractContextManager[Listener]:
        """Register a listener for as long as the ``with`` block lasts."""


class InMemoryEventBus:
    """An event bus for one process."""

    def __init__(self) -> None:
        self._listeners: set[Listener] = set()

    async def publish(self, event_id: EventCursor) -> None:
        """Wake every listener."""
        for listener in self._listeners:
            listener.notify(event_id)

    @contextmanager
    def listen(self) -> Iterator[Listener]:
        """Register a listener until the block ends."""
        listener = Listener()
        self._listeners.add(listener)
        try:
            yield listener
        finally:
            self._listeners.discard(listener)
