"""Storing runs and their items, and moving runs between statuses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from runcast.db.events import append_event
from runcast.db.pagination import fetch_page
from runcast.db.tables import RunItemRow, RunRow
from runcast.domain.errors import NotFoundError
from runcast.domain.events import RunEvent, StatusChanged
from runcast.domain.pagination import Page, PageRequest
from runcast.domain.runs import (
    ItemStatus,
    Run,
    RunError,
    RunItem,
    RunProgress,
    RunStatus,
    Usage,
    check_transition,
)

__all__ = [
    "IdempotencyKeyTakenError",
    "find_run_by_idempotency_key",
    "get_run",
    "get_runs",
    "insert_run",
    "list_items",
    "list_runs",
    "next_pending_run_id",
    "record_item_result",
    "transition_run",
]


class IdempotencyKeyTakenError(Exception):
    """Another run already holds this idempotency key."""


async def insert_run(
    session: AsyncSession, run: Run, items: list[RunItem]
) -> tuple[Run, RunEvent]:
    """Store a new PENDING run with its items and its first event."""
    row = RunRow(
        id=run.id,
        experiment_id=run.experiment_id,
        status=run.status,
        config=run.config.model_dump(mode="json"),
        attempt=run.attempt,
        max_attempts=run.max_attempts,
        idempotency_key=run.idempotency_key,
        parent_run_id=run.parent_run_id,
        total_items=len(items),
        last_event_seq=1,
        created_at=run.created_at,
    )
    session.add(row)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as error:
        raise IdempotencyKeyTakenError(run.idempotency_key) from error
    session.add_all(
        RunItemRow(
            run_id=run.id,
            index=item.index,
            variables=item.variables,
            status=item.status,
        )
        for item in items
    )
    event = await append_event(
        session,
        run_id=run.id,
        experiment_id=run.experiment_id,
        seq=1,
        payload=StatusChanged(previous_status=None, status=run.status),
        at=run.created_at,
    )
    return _to_domain(row), event


async def get_run(session: AsyncSession, run_id: str) -> Run | None:
    """Return the run with this id, if there is one."""
    row = await session.get(RunRow, run_id, populate_existing=True)
    return None if row is None else _to_domain(row)


async def get_runs(session: AsyncSession, run_ids: list[str]) -> dict[str, Run]:
    """Return the runs with these ids, by id (in one query)."""
    statement = select(RunRow).where(col(RunRow.id).in_(run_ids))
    rows = (await session.scalars(statement)).all()
    return {row.id: _to_domain(row) for row in rows}


async def find_run_by_idempotency_key(session: AsyncSession, key: str) -> Run | None:
    """Return the run created with this idempotency key, if any."""
    statement = select(RunRow).where(col(RunRow.idempotency_key) == key)
    row = (await session.scalars(statement)).first()
    return None if row is None else _to_domain(row)


async def list_runs(
    session: AsyncSession,
    request: PageRequest,
    *,
    experiment_id: str | None = None,
    status: RunStatus | None = None,
) -> Page[Run]:
    """Return a page of runs, newest first, optionally filtered."""
    statement = select(RunRow)
    if experiment_id is not None:
        statement = statement.where(col(RunRow.experiment_id) == experiment_id)
    if status is not None:
        statement = statement.where(col(RunRow.status) == status)
    return await fetch_page(
        session, statement, table=RunRow, request=request, to_domain=_to_domain
    )


async def next_pending_run_id(session: AsyncSession) -> str | None:
    """Return the oldest PENDING run's id, if any."""
    statement = (
        select(col(RunRow.id))
        .where(col(RunRow.status) == RunStatus.PENDING)
        .order_by(col(RunRow.created_at), col(RunRow.id))
        .limit(1)
    )
    return (await session.scalars(statement)).first()


async def transition_run(
    session: AsyncSession,
    run_id: str,
    *,
    to: RunStatus,
    at: datetime,
    changes: Mapping[str, Any] | None = None,
) -> tuple[Run, RunEvent]:
    """Move a run to ``to`` and write the event saying so, in one transaction.

    The update is a compare-and-set on the status read just before, so two
    racing changes cannot both succeed: the loser sees the new status and
    raises ``InvalidTransitionError`` if the table forbids its move from there.
    """
    while True:
        current = await get_run(session, run_id)
        if current is None:
            raise NotFoundError("run", run_id)
        check_transition(run_id, current.status, to)
        statement = (
            update(RunRow)
            .where(col(RunRow.id) == run_id, col(RunRow.status) == current.status)
            .values(
                status=to, last_event_seq=RunRow.last_event_seq + 1, **(changes or {})
            )
            .returning(RunRow)
            .execution_options(populate_existing=True)
        )
        row = (await session.scalars(statement)).first()
        if row is not None:
            break
    event = await append_event(
        session,
        run_id=run_id,
        experiment_id=row.experiment_id,
        seq=row.last_event_seq,
        payload=StatusChanged(previous_status=current.status, status=to),
        at=at,
    )
    return _to_domain(row), event


async def list_items(session: AsyncSession, run_id: str) -> list[RunItem]:
    """Return a run's items in dataset order."""
    statement = (
        select(RunItemRow)
        .where(col(RunItemRow.run_id) == run_id)
        .order_by(col(RunItemRow.index))
    )
    return [_item_to_domain(row) for row in (await session.scalars(statement)).all()]


async def record_item_result(session: AsyncSession, item: RunItem) -> None:
    """Store a finished item and count it in its run's progress and usage."""
    await session.execute(
        update(RunItemRow)
        .where(
            col(RunItemRow.run_id) == item.run_id, col(RunItemRow.index) == item.index
        )
        .values(
            rendered_prompt=item.rendered_prompt,
            status=item.status,
            output=item.output,
            latency_ms=item.latency_ms,
            input_tokens=item.usage.input_tokens,
            output_tokens=item.usage.output_tokens,
            cost=item.usage.cost,
            error_code=item.error.code if item.error else None,
            error_message=item.error.message if item.error else None,
        )
    )
    succeeded = item.status is ItemStatus.SUCCEEDED
    await session.execute(
        update(RunRow)
        .where(col(RunRow.id) == item.run_id)
        .values(
            succeeded_items=RunRow.succeeded_items + int(succeeded),
            failed_items=RunRow.failed_items + int(not succeeded),
            input_tokens=RunRow.input_tokens + item.usage.input_tokens,
            output_tokens=RunRow.output_tokens + item.usage.output_tokens,
            cost=RunRow.cost + item.usage.cost,
        )
    )


def _to_domain(row: RunRow) -> Run:
    return Run(
        id=row.id,
        experiment_id=row.experiment_id,
        status=RunStatus(row.status),
        config=row.config,
        attempt=row.attempt,
        max_attempts=row.max_attempts,
        idempotency_key=row.idempotency_key,
        parent_run_id=row.parent_run_id,
        progress=RunProgress(
            total=row.total_items,
            succeeded=row.succeeded_items,
            failed=row.failed_items,
        ),
        usage=Usage(
            input_tokens=row.input_tokens,
            output_tokens=row.output_tokens,
            cost=row.cost,
        ),
        error=_error(row.error_code, row.error_message),
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        cancel_requested_at=row.cancel_requested_at,
        worker_id=row.worker_id,
        lease_expires_at=row.lease_expires_at,
    )


def _item_to_domain(row: RunItemRow) -> RunItem:
    return RunItem(
        run_id=row.run_id,
        index=row.index,
        variables=row.variables,
        rendered_prompt=row.rendered_prompt,
        status=ItemStatus(row.status),
        output=row.output,
        latency_ms=row.latency_ms,
        usage=Usage(
            input_tokens=row.input_tokens,
            output_tokens=row.output_tokens,
            cost=row.cost,
        ),
        error=_error(row.error_code, row.error_message),
    )


def _error(code: str | None, message: str | None) -> RunError | None:
    return None if code is None else RunError(code=code, message=message or "")
