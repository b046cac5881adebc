"""A recorded run's events, broadcast to every subscriber at their offsets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = ["Emitted", "RecordedEvent", "Replay"]


@dataclass(frozen=True)
class RecordedEvent:
    """One event of a recorded run: its kind, place and time after the start."""

    typename: str
    seq: int
    offset: float
    item_index: int | None = None
    text: str | None = None
    status: str | None = None

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> RecordedEvent:
        """The event as ``dataclasses.asdict`` wrote it."""
        return cls(**value)

    @property
    def is_terminal(self) -> bool:
        """Whether it ends its run (and so the subscription)."""
        return self.typename == "RunStatusChange" and self.status in {
            "SUCCEEDED",
            "FAILED",
            "CANCELLED",
        }


@dataclass(frozen=True)
class Emitted:
    """An event as it went out, stamped with the time it was sent."""

    event: RecordedEvent
    at: datetime


class Replay:
    """Plays one recorded sequence to every subscriber.

    Events at offsets up to 0 existed before the start: a subscriber gets
    them as soon as it subscribes, as Runcast replays its log. The others are
    put on every subscriber's queue when their offset has passed after
    ``play()``. Each subscriber's stream ends after the terminal event.
    """

    def __init__(self) -> None:
        self._events: Sequence[RecordedEvent] = ()
        self._queues: set[asyncio.Queue[Emitted]] = set()
        self._playing: asyncio.Task[None] | None = None

    def load(self, events: Sequence[RecordedEvent]) -> None:
        """Replace the sequence to play."""
        self._events = events

    def play(self) -> None:
        """Start broadcasting the live part of the sequence now."""
        self._playing = asyncio.create_task(self._broadcast())

    async def subscribe(self) -> AsyncIterator[Emitted]:
        """The events of the sequence, the earlier ones at once, then live ones."""
        queue: asyncio.Queue[Emitted] = asyncio.Queue()
        self._queues.add(queue)
        try:
            for event in self._events:
                if event.offset > 0:
                    break
                yield Emitted(event, datetime.now(UTC))
            while True:
                emitted = await queue.get()
                yield emitted
                if emitted.event.is_terminal:
                    return
        finally:
            self._queues.discard(queue)

    async def _broadcast(self) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        for event in self._events:
            if event.offset <= 0:
                continue
            delay = started + event.offset - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)  # the recorded pace, not a wait for work
            emitted = Emitted(event, datetime.now(UTC))
            for queue in self._queues:
                queue.put_nowait(emitted)
