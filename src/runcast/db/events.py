"""The event log: appending events and reading them back in order.

Like every repository, plain functions over a synchronous session: run them
with ``Database.read`` or ``Database.write``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlmodel import col

from runcast.db.database import connection_of
from runcast.db.tables import RunEventRow
from runcast.domain.events import (
    EventCursor,
    EventNotice,
    RunEvent,
    RunEventKind,
    RunEventPayload,
)
from runcast.domain.runs import RunStatus

__all__ = [
    "EVENTS_CHANNEL",
    "NewEvents",
    "append_events",
    "last_event_id",
    "list_events",
    "list_notices",
    "settle_log",
    "streamed_attempts",
]


_events = RunEventRow.__table__  # type: ignore[attr-defined]
# built once: building a statement costs more than running it
_LAST_EVENT_ID = select(func.max(_events.c.id))
_INSERT_EVENTS = insert(_events).returning(_events.c.id, sort_by_parameter_order=True)

EVENTS_CHANNEL = "runcast_events"
"""The PostgreSQL channel told, at each commit that appended events, to look."""
_NOTIFY = text(f"SELECT pg_notify('{EVENTS_CHANNEL}', '')")
# Any fixed key: it names "the event log" among the database's advisory locks.
_EVENT_LOG_LOCK_KEY = 0x52756E63617374  # "Runcast"
_APPENDING = text("SELECT pg_advisory_xact_lock_shared(:key)").bindparams(
    key=_EVENT_LOG_LOCK_KEY
)
_SETTLING = text("SELECT pg_advisory_xact_lock(:key)").bindparams(
    key=_EVENT_LOG_LOCK_KEY
)


@dataclass(frozen=True, slots=True)
class NewEvents:
    """Events of one run to append, numbered from ``first_seq``."""

    run_id: str
    experiment_id: str
    first_seq: int
    payloads: Sequence[RunEventPayload]
    at: datetime


def append_events(session: Session, batches: Sequence[NewEvents]) -> list[RunEvent]:
    """Write the batches' events in one statement; return them with their ids.

    On PostgreSQL, transactions append concurrently and may commit out of
    id order: each first takes the event log's advisory lock in shared mode,
    held until it ends, so ``settle_log`` can wait for every append in
    flight (see ``LogWatchingBus``). Append events last in a transaction,
    so the lock is held only for this statement and the commit.
    """
    rows = [
        {
            "run_id": batch.run_id,
            "experiment_id": batch.experiment_id,
            "seq": batch.first_seq + offset,
            "kind": payload.kind,
            "payload": payload.model_dump(mode="json"),
            "at": batch.at,
        }
        for batch in batches
        for offset, payload in enumerate(batch.payloads)
    ]
    if not rows:
        return []
    connection = session.connection()
    on_postgres = connection.dialect.name == "postgresql"
    if on_postgres:
        connection.execute(_APPENDING)
    ids = iter(connection.execute(_INSERT_EVENTS, rows).scalars().all())
    if on_postgres:
        # delivered when (and only if) the transaction commits
        connection.execute(_NOTIFY)
    return [
        RunEvent(
            id=next(ids),
            run_id=batch.run_id,
            experiment_id=batch.experiment_id,
            seq=batch.first_seq + offset,
            at=batch.at,
            payload=payload,
        )
        for batch in batches
        for offset, payload in enumerate(batch.payloads)
    ]


def settle_log(session: Session) -> None:
    """Wait until no transaction is appending events, within this transaction.

    What this transaction reads afterwards is final below the largest id it
    sees: an id missing there belongs to a transaction that rolled back.
    Appends wait meanwhile, so settle only when a gap lasts. SQLite commits
    events in id order: nothing to wait for.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_SETTLING)


def list_events(
    session: Session,
    *,
    after: EventCursor,
    up_to: EventCursor | None = None,
    run_id: str | None = None,
    experiment_id: str | None = None,
    kinds: Collection[RunEventKind] | None = None,
    limit: int = 500,
) -> list[RunEvent]:
    """Return up to ``limit`` events after the cursor (to ``up_to``), oldest first."""
    statement = select(RunEventRow).where(col(RunEventRow.id) > after)
    if up_to is not None:
        statement = statement.where(col(RunEventRow.id) <= up_to)
    if run_id is not None:
        statement = statement.where(col(RunEventRow.run_id) == run_id)
    if experiment_id is not None:
        statement = statement.where(col(RunEventRow.experiment_id) == experiment_id)
    if kinds is not None:
        statement = statement.where(col(RunEventRow.kind).in_(kinds))
    statement = statement.order_by(col(RunEventRow.id)).limit(limit)
    return [_to_domain(row) for row in (session.scalars(statement)).all()]


def list_notices(
    session: Session, *, after: EventCursor, limit: int = 1000
) -> list[EventNotice]:
    """What each event after the cursor is about, oldest first (no payloads)."""
    statement = (
        select(
            col(RunEventRow.id),
            col(RunEventRow.run_id),
            col(RunEventRow.experiment_id),
            col(RunEventRow.kind),
            col(RunEventRow.payload)["status"].as_string(),
        )
        .where(col(RunEventRow.id) > after)
        .order_by(col(RunEventRow.id))
        .limit(limit)
    )
    return [
        EventNotice(
            id=event_id,
            run_id=run_id,
            experiment_id=experiment_id,
            kind=RunEventKind(kind),
            status=None if status is None else RunStatus(status),
        )
        for event_id, run_id, experiment_id, kind, status in (
            session.execute(statement)
        ).all()
    ]


def streamed_attempts(session: Session, run_id: str) -> dict[int, int]:
    """The highest attempt each item of a run streamed output in, by item index."""
    payload = col(RunEventRow.payload)
    index = payload["item_index"].as_integer()
    statement = (
        select(index, func.max(payload["attempt"].as_integer()))
        .where(
            col(RunEventRow.run_id) == run_id,
            col(RunEventRow.kind) == RunEventKind.OUTPUT_DELTA,
        )
        .group_by(index)
    )
    rows = (session.execute(statement)).all()
    return {int(item): int(attempt) for item, attempt in rows}


def last_event_id(source: Session | Connection) -> EventCursor:
    """Return the id of the newest event (``0`` when there is none)."""
    return connection_of(source).scalar(_LAST_EVENT_ID) or 0


def _to_domain(row: RunEventRow) -> RunEvent:
    return RunEvent.model_validate(row, from_attributes=True)
