"""Run events: the ordered log of everything a subscriber may care about."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from runcast.domain.errors import ValidationError
from runcast.domain.runs import RunStatus

__all__ = [
    "EventCursor",
    "RunEvent",
    "RunEventKind",
    "StatusChanged",
    "parse_event_cursor",
]

EventCursor = int
"""The global id of an event; ``0`` comes before every event."""


class RunEventKind(StrEnum):
    """What kind of change an event records."""

    STATUS = "status"


class StatusChanged(BaseModel):
    """A run moved from one status to another (``previous_status`` is None at birth)."""

    kind: Literal[RunEventKind.STATUS] = RunEventKind.STATUS
    previous_status: RunStatus | None
    status: RunStatus


RunEventPayload = StatusChanged


class RunEvent(BaseModel):
    """One entry of the event log.

    ``id`` orders all events of all runs and is the cursor a client resumes
    from; ``seq`` numbers the events of one run from 1 with no gaps.
    """

    id: EventCursor
    run_id: str
    experiment_id: str
    seq: int
    at: datetime
    payload: RunEventPayload

    @property
    def cursor(self) -> str:
        """The opaque string a client passes back as ``after``."""
        return str(self.id)

    @property
    def is_terminal(self) -> bool:
        """Whether this event ends its run's stream."""
        return self.payload.status.is_terminal


def parse_event_cursor(cursor: str | None, *, field: str = "after") -> EventCursor:
    """Return the event id a client's cursor names (``0`` when there is none)."""
    if cursor is None:
        return 0
    if not cursor.isdigit() or len(cursor) > 18:
        raise ValidationError(f"{cursor!r} is not an event cursor", field=field)
    return int(cursor)
