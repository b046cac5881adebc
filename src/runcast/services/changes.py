"""Write transactions that write events with their changes and announce them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from runcast.db import events as event_store
from runcast.db import runs as run_store
from runcast.db.database import Database
from runcast.db.events import NewEvents
from runcast.domain.events import EventNotice, RunEventPayload, StatusChanged
from runcast.domain.runs import Lease, Run, RunError, RunStatus
from runcast.events.bus import EventBus

__all__ = ["Change", "write_changes"]

T = TypeVar("T")


class Change:
    """The session of one write transaction and the events it writes.

    Services build every event payload here, in the transaction of the
    change it describes (the outbox rule: an event exists if and only if its
    change committed). Events are numbered at once but written together at
    the end, just before the commit (``write_events``): on PostgreSQL that
    takes the event log's lock, and it is held the shortest while.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._unwritten: list[NewEvents] = []
        self.notices: list[EventNotice] = []

    def append(
        self,
        run_id: str,
        payload: RunEventPayload,
        *,
        at: datetime,
        held_by: str | None = None,
    ) -> None:
        """Write an event of a run, to be announced once the change commits.

        With ``held_by``, only while that worker holds the live run
        (``RunNotHeldError`` otherwise).
        """
        experiment_id, seq = run_store.number_run_events(
            self.session, run_id, 1, held_by=held_by
        )
        self._unwritten.append(NewEvents(run_id, experiment_id, seq, [payload], at))

    def append_numbered(
        self,
        run: Run,
        payloads: Sequence[RunEventPayload],
        *,
        first_seq: int,
        at: datetime,
    ) -> None:
        """Write events of a run whose sequence numbers are already kept."""
        self._unwritten.append(
            NewEvents(run.id, run.experiment_id, first_seq, payloads, at)
        )

    def transition(
        self,
        run_id: str,
        *,
        to: RunStatus,
        at: datetime,
        lease: Lease | None = None,
        error: RunError | None = None,
        next_attempt: bool = False,
        cancel_requested: bool = False,
    ) -> Run:
        """Move a run to ``to`` (see ``transition_run``) and write the event."""
        previous, run = run_store.transition_run(
            self.session,
            run_id,
            to=to,
            at=at,
            lease=lease,
            error=error,
            next_attempt=next_attempt,
            cancel_requested=cancel_requested,
        )
        self.append(
            run_id,
            StatusChanged(previous_status=previous, status=to, error=error),
            at=at,
        )
        return run

    def write_events(self) -> None:
        """Write the events appended so far; they are announced after the commit."""
        events = event_store.append_events(self.session, self._unwritten)
        self._unwritten = []
        self.notices.extend(EventNotice.of(event) for event in events)


async def write_changes(
    database: Database,
    bus: EventBus,
    work: Callable[[Change], T],
    *,
    guarded: bool = False,
) -> T:
    """Run ``work`` in one write transaction; after the commit, announce its events.

    Nothing is announced when ``work`` raises: the transaction rolled back,
    so its events never happened. A ``guarded`` write is tried again while
    the database does not answer (see ``Database.write``).
    """

    def in_transaction(session: Session) -> tuple[T, list[EventNotice]]:
        change = Change(session)
        result = work(change)
        change.write_events()
        return result, change.notices

    result, notices = await database.write(in_transaction, guarded=guarded)
    if notices:
        await bus.publish(notices)
    return result
