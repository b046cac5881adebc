"""A write transaction that writes events with its changes and announces them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from runcast.db import runs as run_store
from runcast.db.database import Database
from runcast.domain.events import EventNotice, RunEventPayload, StatusChanged
from runcast.domain.runs import Lease, Run, RunError, RunStatus
from runcast.events.bus import EventBus

__all__ = ["Change", "recording_changes"]


class Change:
    """The session of one transaction and the events it wrote.

    Services build every event payload here, in the transaction of the
    change it describes (the outbox rule: an event exists if and only if its
    change committed).
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.notices: list[EventNotice] = []

    async def append(
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
        events = await self.session.run_sync(
            run_store.append_run_events, run_id, [payload], at=at, held_by=held_by
        )
        self.notices.extend(EventNotice.of(event) for event in events)

    async def transition(
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
        previous, run = await run_store.transition_run(
            self.session,
            run_id,
            to=to,
            at=at,
            lease=lease,
            error=error,
            next_attempt=next_attempt,
            cancel_requested=cancel_requested,
        )
        await self.append(
            run_id,
            StatusChanged(previous_status=previous, status=to, error=error),
            at=at,
        )
        return run


@asynccontextmanager
async def recording_changes(database: Database, bus: EventBus) -> AsyncIterator[Change]:
    """Open a write transaction; after it commits, announce its events.

    Nothing is announced when the block raises: the transaction rolled back,
    so its events never happened.
    """
    async with database.writing() as session:
        change = Change(session)
        yield change
    if change.notices:
        await bus.publish(change.notices)
