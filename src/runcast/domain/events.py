"""Run events: the ordered log of everything a subscriber may care about."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from runcast.domain.assertions import AssertionResult
from runcast.domain.errors import ValidationError
from runcast.domain.reviews import ReviewVerdict
from runcast.domain.runs import ItemStatus, RunError, RunProgress, RunStatus, Usage

__all__ = [
    "EventCursor",
    "EventNotice",
    "EventPosition",
    "ItemFinished",
    "OutputDelta",
    "ProgressUpdate",
    "ReviewAdded",
    "RunEvent",
    "RunEventKind",
    "RunEventPayload",
    "StatusChanged",
    "Topic",
    "parse_event_cursor",
]

EventCursor = int
"""The global id of an event; ``0`` comes before every event."""


class RunEventKind(StrEnum):
    """What kind of change an event records."""

    STATUS = "status"
    OUTPUT_DELTA = "output_delta"
    ITEM = "item"
    PROGRESS = "progress"
    REVIEW = "review"


class StatusChanged(BaseModel):
    """A run moved from one status to another (``previous_status`` is None at birth)."""

    kind: Literal[RunEventKind.STATUS] = RunEventKind.STATUS
    previous_status: RunStatus | None = Field(
        description="The status before; null for the run's first event."
    )
    status: RunStatus = Field(description="The run's new status.")
    error: RunError | None = Field(
        None, description="Why the run failed; null unless the new status is FAILED."
    )


class OutputDelta(BaseModel):
    """More of an item's output.

    Deltas of one attempt concatenate to its output; a delta of a later
    attempt (after a retry) starts the item's output afresh.
    """

    kind: Literal[RunEventKind.OUTPUT_DELTA] = RunEventKind.OUTPUT_DELTA
    item_index: int = Field(description="The item's position in its run, from 0.")
    attempt: int = Field(description="The item's attempt the text belongs to.")
    text: str = Field(description="The text that follows what came before.")


class ItemFinished(BaseModel):
    """An item has its final result."""

    kind: Literal[RunEventKind.ITEM] = RunEventKind.ITEM
    item_index: int = Field(description="The item's position in its run, from 0.")
    status: ItemStatus = Field(description="Whether the item succeeded or failed.")
    score: float | None = Field(
        description="Weighted share of assertions passed; null: none weighs anything."
    )
    latency_ms: float | None = Field(description="Milliseconds the answer took.")
    usage: Usage = Field(
        description=(
            "Tokens and cost of the item's answer; for a cached item those of "
            "the answer when it was made, which this run did not spend."
        )
    )
    error: RunError | None = Field(
        description="Why the item failed; null unless FAILED."
    )
    assertion_results: Sequence[AssertionResult] = Field(
        default_factory=list, description="Each assertion's outcome, in order."
    )
    cached: bool = Field(
        False, description="Whether the answer came from the response cache."
    )


class ProgressUpdate(BaseModel):
    """A run's counters after an item finished."""

    kind: Literal[RunEventKind.PROGRESS] = RunEventKind.PROGRESS
    progress: RunProgress = Field(description="How many items are done now.")
    usage: Usage = Field(
        description="Tokens and cost the run spent so far (cached items: nothing)."
    )


class ReviewAdded(BaseModel):
    """A reviewer reviewed an item (again: the new review replaces theirs).

    Carries the run's review tally after it, as ``ProgressUpdate`` carries
    its counters.
    """

    kind: Literal[RunEventKind.REVIEW] = RunEventKind.REVIEW
    item_index: int = Field(description="The item's position in its run, from 0.")
    reviewer: str = Field(description="Who reviewed.")
    verdict: ReviewVerdict = Field(description="👍 or 👎.")
    score: float | None = Field(description="The reviewer's score, 0 to 1; null: none.")
    comment: str | None = Field(description="What the reviewer wrote; null: nothing.")
    reviewed_items: int = Field(description="The run's items with a review now.")
    human_pass_rate: float | None = Field(
        description="The run's 👍 share of reviewed items now."
    )


RunEventPayload = Annotated[
    StatusChanged | OutputDelta | ItemFinished | ProgressUpdate | ReviewAdded,
    Field(discriminator="kind"),
]


class EventPosition(BaseModel):
    """Where an event sits: in the whole log (``cursor``) and in its run (``seq``)."""

    cursor: str = Field(description="Pass it as `after` to resume after this event.")
    seq: int = Field(description="Numbers a run's events from 1, with no gaps.")
    at: datetime = Field(description="When the change happened.")
    run_id: str = Field(description="The run the event is about.")


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

    def position(self) -> EventPosition:
        """This event's place in the log."""
        return EventPosition(
            cursor=self.cursor, seq=self.seq, at=self.at, run_id=self.run_id
        )

    @property
    def is_terminal(self) -> bool:
        """Whether this event ends its run's stream."""
        return (
            isinstance(self.payload, StatusChanged) and self.payload.status.is_terminal
        )


@dataclass(frozen=True, slots=True)
class EventNotice:
    """What a committed event is about: enough for a listener to tell if it cares.

    ``status`` is the run's new status for a STATUS event, else None.
    """

    id: EventCursor
    run_id: str
    experiment_id: str
    kind: RunEventKind
    status: RunStatus | None = None

    @classmethod
    def of(cls, event: RunEvent) -> EventNotice:
        """The notice announcing ``event``."""
        payload = event.payload
        return cls(
            id=event.id,
            run_id=event.run_id,
            experiment_id=event.experiment_id,
            kind=payload.kind,
            status=payload.status if isinstance(payload, StatusChanged) else None,
        )


@dataclass(frozen=True, slots=True)
class Topic:
    """Which events a reader follows: one run's, one experiment's, or every run's.

    ``kinds`` and ``statuses`` narrow it further (None: any); a status filter
    only ever matches STATUS events.
    """

    run_id: str | None = None
    experiment_id: str | None = None
    kinds: frozenset[RunEventKind] | None = None
    statuses: frozenset[RunStatus] | None = None

    def matches(self, notice: EventNotice) -> bool:
        """Whether the event ``notice`` announces belongs to this topic."""
        return (
            (self.run_id is None or notice.run_id == self.run_id)
            and (
                self.experiment_id is None or notice.experiment_id == self.experiment_id
            )
            and (self.kinds is None or notice.kind in self.kinds)
            and (self.statuses is None or notice.status in self.statuses)
        )


def parse_event_cursor(cursor: str | None, *, field: str = "after") -> EventCursor:
    """Return the event id a client's cursor names (``0`` when there is none)."""
    if cursor is None:
        return 0
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 18:
        raise ValidationError(f"{cursor!r} is not an event cursor", field=field)
    return int(cursor)
