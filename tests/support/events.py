"""Reading what happened to runs from their events."""

from __future__ import annotations

from collections.abc import Iterable

from runcast.domain.events import RunEvent, StatusChanged
from runcast.domain.runs import RunStatus


def statuses_of(events: Iterable[RunEvent]) -> list[RunStatus]:
    """The statuses the events' runs went through, in order."""
    return [
        event.payload.status
        for event in events
        if isinstance(event.payload, StatusChanged)
    ]
