"""Storing runs and their items, and moving runs between statuses."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session
from sqlmodel import col

from runcast.db.database import connection_of
from runcast.db.pagination import fetch_page
from runcast.db.tables import RunConfigRow, RunItemRow, RunRow
from runcast.db.unique import add_unique
from runcast.domain.errors import NotFoundError
from runcast.domain.experiments import ExperimentConfig, StoredRows
from runcast.domain.item_pages import (
    FAILING_OUTCOMES,
    ItemCursor,
    ItemFilter,
    ItemOrder,
)
from runcast.domain.pagination import Page, PageRequest
from runcast.domain.run_stats import (
    Observation,
    RowStats,
    RunStats,
    observe,
    scored_rows,
)
from runcast.domain.runs import (
    CacheMode,
    ItemStatus,
    Lease,
    Outcome,
    OutcomeCounts,
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
    "RunNotHeldError",
    "count_item_results",
    "find_run_by_idempotency_key",
    "get_frozen_configs",
    "get_item",
    "get_run",
    "get_run_configs",
    "get_runs",
    "insert_run",
    "latest_runs",
    "list_items",
    "list_runs",
    "next_pending_run_id",
    "number_run_events",
    "outcome_counts",
    "page_items",
    "page_row_stats",
    "renew_lease",
    "run_stats",
    "runs_to_reap",
    "store_item_results",
    "transition_run",
]

_LIVE_STATUSES = (RunStatus.RUNNING, RunStatus.CANCELLING)

# Hot-path statements, built once: building one costs more than running it.
_runs = RunRow.__table__  # type: ignore[attr-defined]
_items = RunItemRow.__table__  # type: ignore[attr-defined]
_HELD = (
    _runs.c.worker_id == bindparam("held_by"),
    _runs.c.status.in_(_LIVE_STATUSES),
)
_NUMBER_EVENTS = (
    update(_runs)
    .where(_runs.c.id == bindparam("run_id"))
    .values(last_event_seq=_runs.c.last_event_seq + bindparam("count"))
    .returning(_runs.c.last_event_seq, _runs.c.experiment_id)
)
_NUMBER_EVENTS_OF_HELD_RUN = _NUMBER_EVENTS.where(*_HELD)
_COUNT_RESULTS = (
    update(_runs)
    .where(_runs.c.id == bindparam("run_id"), *_HELD)
    .values(
        succeeded_items=_runs.c.succeeded_items + bindparam("succeeded"),
        failed_items=_runs.c.failed_items + bindparam("failed"),
        cancelled_items=_runs.c.cancelled_items + bindparam("cancelled"),
        cached_items=_runs.c.cached_items + bindparam("cached"),
        input_tokens=_runs.c.input_tokens + bindparam("input"),
        output_tokens=_runs.c.output_tokens + bindparam("output"),
        cost=_runs.c.cost + bindparam("spent"),
        judge_input_tokens=_runs.c.judge_input_tokens + bindparam("judge_input"),
        judge_output_tokens=_runs.c.judge_output_tokens + bindparam("judge_output"),
        judge_cost=_runs.c.judge_cost + bindparam("judge_spent"),
        last_event_seq=_runs.c.last_event_seq + bindparam("count"),
    )
    .returning(*_runs.c)
)
_INSERT_ITEMS = insert(_items).values(
    {
        # the columns a new item sets; the others keep their defaults
        "run_id": bindparam("run_id"),
        "index": bindparam("index"),
        "row_index": bindparam("row_index"),
        "repetition": bindparam("repetition"),
        "variables": bindparam("variables"),
        "status": bindparam("status"),
        "input_tokens": 0,
        "output_tokens": 0,
        "cost": 0.0,
        "cached": False,
        "judge_input_tokens": 0,
        "judge_output_tokens": 0,
        "judge_cost": 0.0,
        "attempts": 0,
        "assertion_results": [],
        "attempt_history": [],
    }
)
_RUNS_BY_ID = select(_runs).where(_runs.c.id.in_(bindparam("run_ids", expanding=True)))
_RUN_BY_ID = select(_runs).where(_runs.c.id == bindparam("run_id"))
_NEXT_PENDING = (
    select(_runs.c.id)
    .where(_runs.c.status == RunStatus.PENDING)
    .order_by(_runs.c.created_at, _runs.c.id)
    .limit(1)
)
_NEXT_PENDING_TO_CLAIM = _NEXT_PENDING.with_for_update(skip_locked=True, key_share=True)
_PENDING_INDEXES = select(_items.c.index).where(
    _items.c.run_id == bindparam("run_id"),
    _items.c.index.in_(bindparam("indexes", expanding=True)),
    _items.c.status == ItemStatus.PENDING,
)
_RESULT_COLUMNS = (
    "rendered_prompt",
    "status",
    "output",
    "latency_ms",
    "input_tokens",
    "output_tokens",
    "cost",
    "cached",
    "judge_input_tokens",
    "judge_output_tokens",
    "judge_cost",
    "error_code",
    "error_message",
    "attempts",
    "assertion_results",
    "score",
    "outcome",
    "attempt_history",
)
_STORE_RESULT = (
    update(_items)
    .where(
        _items.c.run_id == bindparam("item_run_id"),
        _items.c.index == bindparam("item_index"),
    )
    .values({name: bindparam(name) for name in _RESULT_COLUMNS})
)


class IdempotencyKeyTakenError(Exception):
    """Another run already holds this idempotency key."""


class RunNotHeldError(Exception):
    """A worker wrote to a run it no longer holds: its lease was taken away."""

    def __init__(self, run_id: str, worker_id: str) -> None:
        super().__init__(f"worker {worker_id} no longer holds run {run_id}")


def insert_run(
    session: Session,
    run: Run,
    config: ExperimentConfig,
    items: Sequence[RunItem],
) -> Run:
    """Store a new run, its frozen config and its items (its events come next)."""
    row = RunRow(
        id=run.id,
        experiment_id=run.experiment_id,
        status=run.status,
        attempt=run.attempt,
        max_attempts=run.max_attempts,
        idempotency_key=run.idempotency_key,
        parent_run_id=run.parent_run_id,
        cache=run.cache,
        total_items=len(items),
        created_at=run.created_at,
    )
    add_unique(
        session, row, taken=lambda: IdempotencyKeyTakenError(run.idempotency_key)
    )
    session.add(RunConfigRow(run_id=run.id, config=config.model_dump(mode="json")))
    session.connection().execute(
        _INSERT_ITEMS,
        [
            {
                "run_id": run.id,
                "index": item.index,
                "row_index": item.row,
                "repetition": item.repetition,
                "variables": item.variables,
                "status": item.status,
            }
            for item in items
        ],
    )
    return _to_domain(row)


def get_item(session: Session, run_id: str, index: int) -> RunItem | None:
    """Return the item of a run at this position, if there is one."""
    statement = select(_items).where(_items.c.run_id == run_id, _items.c.index == index)
    row = session.connection().execute(statement).first()
    return None if row is None else _item_to_domain(row)


def get_run(session: Session, run_id: str) -> Run | None:
    """Return the run with this id, if there is one."""
    return get_runs(session, [run_id]).get(run_id)


def get_runs(source: Session | Connection, run_ids: list[str]) -> dict[str, Run]:
    """Return the runs with these ids, by id (in one query)."""
    connection = connection_of(source)
    if len(run_ids) == 1:  # most often: a statement compiled once, no IN list
        rows = connection.execute(_RUN_BY_ID, {"run_id": run_ids[0]})
    else:
        rows = connection.execute(_RUNS_BY_ID, {"run_ids": run_ids})
    return {row.id: _to_domain(row) for row in rows}


def get_run_configs(
    source: Session | Connection, run_ids: list[str]
) -> dict[str, ExperimentConfig]:
    """Return the frozen configs of these runs, by run id (in one query)."""
    statement = select(col(RunConfigRow.run_id), col(RunConfigRow.config)).where(
        col(RunConfigRow.run_id).in_(run_ids)
    )
    return {
        run_id: ExperimentConfig.model_validate(config)
        for run_id, config in connection_of(source).execute(statement)
    }


def get_frozen_configs(
    session: Session, run_ids: list[str]
) -> dict[str, ExperimentConfig]:
    """Return the frozen configs of these runs, by run id, for reading rows.

    Unlike ``get_run_configs``, a config's dataset rows are validated only
    when they are read (they were when they were stored): a worker executing
    a hundred items of a 10,000-row run validates a hundred rows.
    """
    statement = select(col(RunConfigRow.run_id), col(RunConfigRow.config)).where(
        col(RunConfigRow.run_id).in_(run_ids)
    )
    return {
        run_id: _frozen_config(stored) for run_id, stored in session.execute(statement)
    }


def _frozen_config(stored: dict[str, Any]) -> ExperimentConfig:
    rows = StoredRows(stored.get("dataset", []))
    without_rows = {name: value for name, value in stored.items() if name != "dataset"}
    config = ExperimentConfig.model_validate(without_rows)
    return config.model_copy(update={"dataset": rows})


def latest_runs(session: Session, experiment_ids: list[str]) -> dict[str, Run]:
    """Return each experiment's newest run, by experiment id (in one query)."""
    newest_first = (
        func.row_number()
        .over(
            partition_by=_runs.c.experiment_id,
            order_by=(_runs.c.created_at.desc(), _runs.c.id.desc()),
        )
        .label("newness")
    )
    ranked = (
        select(_runs, newest_first)
        .where(_runs.c.experiment_id.in_(experiment_ids))
        .subquery()
    )
    statement = select(ranked).where(ranked.c.newness == 1)
    rows = session.connection().execute(statement)
    return {row.experiment_id: _to_domain(row) for row in rows}


def find_run_by_idempotency_key(session: Session, key: str) -> Run | None:
    """Return the run created with this idempotency key, if any."""
    statement = select(RunRow).where(col(RunRow.idempotency_key) == key)
    row = (session.scalars(statement)).first()
    return None if row is None else _to_domain(row)


def list_runs(
    session: Session,
    request: PageRequest,
    *,
    experiment_id: str | None = None,
    status: RunStatus | None = None,
) -> Page[Run]:
    """Return a page of runs, newest first, optionally filtered."""
    statement = select(_runs)
    if experiment_id is not None:
        statement = statement.where(col(RunRow.experiment_id) == experiment_id)
    if status is not None:
        statement = statement.where(col(RunRow.status) == status)
    return fetch_page(
        session, statement, table=RunRow, request=request, to_domain=_to_domain
    )


def next_pending_run_id(session: Session, *, claim: bool = False) -> str | None:
    """Return the oldest PENDING run's id, if any.

    With ``claim``, the run's row is locked until the transaction ends, and
    rows other transactions hold are passed over (PostgreSQL's ``FOR NO KEY
    UPDATE SKIP LOCKED``; SQLite has one writer and needs no lock).
    """
    statement = _NEXT_PENDING_TO_CLAIM if claim else _NEXT_PENDING
    return (session.scalars(statement)).first()


def number_run_events(
    session: Session, run_id: str, count: int, *, held_by: str | None = None
) -> tuple[str, int]:
    """Take a run's next ``count`` sequence numbers; its experiment and the first.

    With ``held_by``, only while that worker holds the live run;
    otherwise ``RunNotHeldError`` is raised.
    """
    parameters = {"run_id": run_id, "count": count, "held_by": held_by}
    statement = _NUMBER_EVENTS if held_by is None else _NUMBER_EVENTS_OF_HELD_RUN
    row = session.connection().execute(statement, parameters).one_or_none()
    if row is None and held_by is not None:
        raise RunNotHeldError(run_id, held_by)
    if row is None:
        raise NotFoundError("run", run_id)
    last_seq, experiment_id = row
    return experiment_id, last_seq - count + 1


def transition_run(
    session: Session,
    run_id: str,
    *,
    to: RunStatus,
    at: datetime,
    lease: Lease | None = None,
    error: RunError | None = None,
    next_attempt: bool = False,
    cancel_requested: bool = False,
) -> tuple[RunStatus, Run]:
    """Move a run to ``to``; return the status it left and the run as it is now.

    What moves with the status follows from it: RUNNING takes the worker's
    ``lease``; PENDING hands the run back (``next_attempt`` counts a crash);
    a terminal status stamps ``finished_at`` and ends the lease. The update
    is a compare-and-set on the status read just before, so two racing
    changes cannot both succeed: the loser sees the new status and raises
    ``InvalidTransitionError`` if the table forbids its move from there. The
    caller writes the event saying so, in the same transaction.
    """
    columns = _transition_columns(
        to,
        at,
        lease=lease,
        error=error,
        next_attempt=next_attempt,
        cancel_requested=cancel_requested,
    )
    while True:
        current = session.scalar(
            select(col(RunRow.status)).where(col(RunRow.id) == run_id)
        )
        if current is None:
            raise NotFoundError("run", run_id)
        previous = RunStatus(current)
        check_transition(run_id, previous, to)
        statement = (
            update(RunRow)
            .where(col(RunRow.id) == run_id, col(RunRow.status) == previous)
            .values(status=to, **columns)
            .returning(RunRow)
            .execution_options(populate_existing=True)
        )
        row = (session.scalars(statement)).first()
        if row is not None:
            return previous, _to_domain(row)


def _transition_columns(
    to: RunStatus,
    at: datetime,
    *,
    lease: Lease | None,
    error: RunError | None,
    next_attempt: bool,
    cancel_requested: bool,
) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    if to is RunStatus.RUNNING:
        if lease is None:
            raise ValueError("a run starts RUNNING under a worker's lease")
        columns |= {
            "worker_id": lease.worker_id,
            "started_at": at,
            "heartbeat_at": at,
            "lease_expires_at": lease.expires_at,
        }
    elif to is RunStatus.PENDING:
        columns |= {"worker_id": None, "lease_expires_at": None}
    elif to.is_terminal:
        columns |= {"finished_at": at, "lease_expires_at": None}
    if next_attempt:
        columns["attempt"] = RunRow.attempt + 1
    if cancel_requested:
        columns["cancel_requested_at"] = at
    if error is not None:
        columns |= {"error_code": error.code, "error_message": error.message}
    return columns


def list_items(
    session: Session,
    run_id: str,
    *,
    status: ItemStatus | None = None,
    not_passed: bool = False,
    after_index: int = -1,
    limit: int | None = None,
) -> list[RunItem]:
    """Return a run's items in dataset order (of one status, or not passed),
    those after ``after_index`` only."""
    statement = (
        select(_items)
        .where(_items.c.run_id == run_id, _items.c.index > after_index)
        .order_by(_items.c.index)
        .limit(limit)
    )
    if status is not None:
        statement = statement.where(_items.c.status == status)
    if not_passed:
        statement = statement.where(
            or_(_items.c.outcome.is_(None), _items.c.outcome != Outcome.PASSED)
        )
    # rows, not ORM objects: a run may have 10,000 items
    return [_item_to_domain(row) for row in session.connection().execute(statement)]


def page_items(
    session: Session,
    run_id: str,
    *,
    after: ItemCursor | None,
    limit: int,
    where: ItemFilter | None = None,
    order: ItemOrder = ItemOrder.INDEX,
) -> tuple[list[RunItem], list[ItemCursor], int]:
    """Return up to ``limit`` matching items after ``after``, their cursors,
    and the match count.

    The database filters, orders and counts: a page of a run of 10,000 items
    reads the page's rows, not the run's.
    """
    matching = [_items.c.run_id == run_id, *_conditions(where or ItemFilter())]
    key = None if order.sort_key is None else _items.c[_SORT_COLUMNS[order.sort_key]]
    statement = select(_items).where(*matching)
    if after is not None:
        statement = statement.where(_after_item(after, key, order.descending))
    if key is not None:
        value = key.desc() if order.descending else key.asc()
        statement = statement.order_by(key.is_(None), value)
    statement = statement.order_by(_items.c.index).limit(limit)
    rows = session.connection().execute(statement).all()
    total = session.scalar(select(func.count()).select_from(_items).where(*matching))
    cursors = [
        ItemCursor(
            index=row._mapping["index"],
            sorted=key is not None,
            value=None if key is None else row._mapping[key],
        )
        for row in rows
    ]
    return [_item_to_domain(row) for row in rows], cursors, total or 0


_SORT_COLUMNS = {"score": "score", "latency": "latency_ms"}


def _conditions(where: ItemFilter) -> list[Any]:
    conditions = []
    if where.status is not None:
        conditions.append(_items.c.status == where.status)
    if where.outcome is not None:
        conditions.append(_items.c.outcome == where.outcome)
    if where.failing:
        conditions.append(_items.c.outcome.in_(sorted(FAILING_OUTCOMES)))
    if where.search:
        conditions.append(_items.c.output.icontains(where.search, autoescape=True))
    return conditions


def _after_item(cursor: ItemCursor, key: Any, descending: bool) -> Any:
    """The items after ``cursor`` in an order by ``key`` (nulls last), then index."""
    later_index = _items.c.index > cursor.index
    if key is None:
        return later_index
    if cursor.value is None:
        return and_(key.is_(None), later_index)
    beyond = key < cursor.value if descending else key > cursor.value
    return or_(key.is_(None), beyond, and_(key == cursor.value, later_index))


def outcome_counts(session: Session, run_ids: list[str]) -> dict[str, OutcomeCounts]:
    """How many items of each run have each outcome, by run id (in one query)."""
    statement = (
        select(_items.c.run_id, _items.c.outcome, func.count())
        .where(_items.c.run_id.in_(run_ids))
        .group_by(_items.c.run_id, _items.c.outcome)
    )
    counts: dict[str, dict[str, int]] = {run_id: {} for run_id in run_ids}
    for run_id, outcome, count in session.connection().execute(statement):
        field = "without_outcome" if outcome is None else Outcome(outcome).value
        counts[run_id][field] = count
    return {run_id: OutcomeCounts(**counts[run_id]) for run_id in run_ids}


def store_item_results(
    session: Session, run_id: str, items: Sequence[RunItem]
) -> list[bool]:
    """Store finished items' results, each only if it has none yet.

    Returns, for each item, whether it was stored. Two statements whatever
    the number of items: the write transaction holds the database, so what
    the first reads is still true for the second.
    """
    if not items:
        return []
    indexes = [item.index for item in items]
    pending = set(
        session.connection()
        .execute(_PENDING_INDEXES, {"run_id": run_id, "indexes": indexes})
        .scalars()
    )
    stored = [item.index in pending for item in items]
    rows = [
        _item_result_row(item) for item, ok in zip(items, stored, strict=True) if ok
    ]
    if rows:
        session.connection().execute(_STORE_RESULT, rows)
    return stored


def _item_result_row(item: RunItem) -> dict[str, Any]:
    return {
        "item_run_id": item.run_id,
        "item_index": item.index,
        "rendered_prompt": item.rendered_prompt,
        "status": item.status,
        "output": item.output,
        "latency_ms": item.latency_ms,
        "input_tokens": item.usage.input_tokens,
        "output_tokens": item.usage.output_tokens,
        "cost": item.usage.cost,
        "cached": item.cached,
        "judge_input_tokens": item.usage.judge_input_tokens,
        "judge_output_tokens": item.usage.judge_output_tokens,
        "judge_cost": item.usage.judge_cost,
        "error_code": item.error.code if item.error else None,
        "error_message": item.error.message if item.error else None,
        "attempts": item.attempts,
        "assertion_results": [
            result.model_dump(mode="json") for result in item.assertion_results
        ],
        "score": item.score,
        "outcome": item.outcome,
        "attempt_history": [
            attempt.model_dump(mode="json") for attempt in item.attempt_history
        ],
    }


def count_item_results(
    session: Session,
    run_id: str,
    items: Sequence[RunItem],
    *,
    held_by: str,
    new_events: int,
) -> tuple[Run, int]:
    """Add stored items to their run's counters and number ``new_events`` events.

    The run's usage grows by what the items spent (nothing for a cached
    one). One update, only while ``held_by`` holds the live run
    (``RunNotHeldError`` otherwise); returns the run and the first of the
    sequence numbers kept for the events.
    """
    counts = Counter(item.status for item in items)
    usage = sum((item.spend for item in items), Usage())
    row = (
        session.connection()
        .execute(
            _COUNT_RESULTS,
            {
                "run_id": run_id,
                "held_by": held_by,
                "succeeded": counts[ItemStatus.SUCCEEDED],
                "failed": counts[ItemStatus.FAILED],
                "cancelled": counts[ItemStatus.CANCELLED],
                "cached": sum(item.cached for item in items),
                "input": usage.input_tokens,
                "output": usage.output_tokens,
                "spent": usage.cost,
                "judge_input": usage.judge_input_tokens,
                "judge_output": usage.judge_output_tokens,
                "judge_spent": usage.judge_cost,
                "count": new_events,
            },
        )
        .one_or_none()
    )
    if row is None:
        raise RunNotHeldError(run_id, held_by)
    return _to_domain(row), row.last_event_seq - new_events + 1


def _held_by(worker_id: str) -> tuple[Any, ...]:
    return (
        col(RunRow.worker_id) == worker_id,
        col(RunRow.status).in_(_LIVE_STATUSES),
    )


def renew_lease(
    session: Session,
    run_id: str,
    *,
    worker_id: str,
    now: datetime,
    until: datetime,
) -> bool:
    """Extend a worker's lease on a live run; False when it no longer holds it."""
    result = session.execute(
        update(RunRow)
        .where(col(RunRow.id) == run_id, *_held_by(worker_id))
        .values(heartbeat_at=now, lease_expires_at=until)
        .returning(col(RunRow.id))
    )
    return result.first() is not None


def runs_to_reap(
    session: Session,
    *,
    now: datetime,
    cancelled_before: datetime,
    lock: bool = False,
) -> list[Run]:
    """Live runs whose lease expired, and cancellations past their grace period.

    With ``lock`` (on PostgreSQL) their rows are locked until the transaction
    ends, and a row another transaction changed meanwhile is looked at again
    as it is now: a lease renewed by a heartbeat that just committed is no
    longer expired, so the run is not taken from its live worker. Rows other
    transactions hold are passed over.
    """
    statement = select(_runs).where(
        _runs.c.status.in_(_LIVE_STATUSES),
        or_(
            _runs.c.lease_expires_at < now,
            (_runs.c.status == RunStatus.CANCELLING)
            & (_runs.c.cancel_requested_at < cancelled_before),
        ),
    )
    if lock:
        statement = statement.with_for_update(skip_locked=True, key_share=True)
    return [_to_domain(row) for row in session.execute(statement)]


def run_stats(session: Session, run_ids: list[str]) -> dict[str, RunStats]:
    """Aggregates of each run's items with an outcome, by run id.

    One query reads the items; the frozen configs, which say which rows are
    scored, are read only for the runs with an errored item.
    """
    observations = _observations(session, run_ids)
    return {run_id: RunStats.of(observations[run_id]) for run_id in run_ids}


def page_row_stats(
    session: Session, run_id: str, *, after_row: int, limit: int
) -> tuple[list[RowStats], int]:
    """Up to ``limit`` of the run's rows after ``after_row``, each summed up
    over its repetitions, and how many rows the run has."""
    rows_of_run = select(_items.c.row_index).where(_items.c.run_id == run_id).distinct()
    rows = (
        session.scalars(
            rows_of_run.where(_items.c.row_index > after_row)
            .order_by(_items.c.row_index)
            .limit(limit)
        )
    ).all()
    total = session.scalar(select(func.count()).select_from(rows_of_run.subquery()))
    if not rows:
        return [], total or 0
    observed = _observations(
        session, [run_id], _items.c.row_index.between(rows[0], rows[-1])
    )[run_id]
    by_row: defaultdict[int, list[Observation]] = defaultdict(list)
    for observation in observed:
        by_row[observation.row].append(observation)
    return [RowStats.of(row, by_row[row]) for row in rows], total or 0


def _observations(
    session: Session, run_ids: list[str], *where: Any
) -> dict[str, list[Observation]]:
    """The observations of these runs' items (matching ``where``), by run id."""
    statement = select(
        _items.c.run_id,
        _items.c.row_index,
        _items.c.status,
        _items.c.score,
        _items.c.latency_ms,
    ).where(
        _items.c.run_id.in_(run_ids),
        _items.c.status.in_((ItemStatus.SUCCEEDED, ItemStatus.FAILED)),
        *where,
    )
    rows = session.execute(statement).all()
    errored = sorted({row.run_id for row in rows if row.status == ItemStatus.FAILED})
    configs = get_frozen_configs(session, errored) if errored else {}
    observations: dict[str, list[Observation]] = {run_id: [] for run_id in run_ids}
    row_is_scored = {run_id: scored_rows(configs.get(run_id)) for run_id in run_ids}
    for run_id, row_index, status, score, latency_ms in rows:
        observation = observe(
            row=row_index,
            status=ItemStatus(status),
            score=score,
            latency_ms=latency_ms,
            row_is_scored=row_is_scored[run_id],
        )
        if observation is not None:
            observations[run_id].append(observation)
    return observations


def _to_domain(row: RunRow | Row[Any]) -> Run:
    return Run(
        id=row.id,
        experiment_id=row.experiment_id,
        status=RunStatus(row.status),
        attempt=row.attempt,
        max_attempts=row.max_attempts,
        idempotency_key=row.idempotency_key,
        parent_run_id=row.parent_run_id,
        progress=RunProgress(
            total=row.total_items,
            succeeded=row.succeeded_items,
            failed=row.failed_items,
            cancelled=row.cancelled_items,
            cached=row.cached_items,
        ),
        usage=_usage(row),
        cache=CacheMode(row.cache),
        error=_error(row.error_code, row.error_message),
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        cancel_requested_at=row.cancel_requested_at,
        worker_id=row.worker_id,
        lease_expires_at=row.lease_expires_at,
    )


def _item_to_domain(row: RunItemRow | Row[Any]) -> RunItem:
    return RunItem(
        run_id=row.run_id,
        index=row.index,
        row=row.row_index,
        repetition=row.repetition,
        variables=row.variables,
        rendered_prompt=row.rendered_prompt,
        status=ItemStatus(row.status),
        output=row.output,
        latency_ms=row.latency_ms,
        usage=_usage(row),
        cached=row.cached,
        error=_error(row.error_code, row.error_message),
        attempts=row.attempts,
        assertion_results=row.assertion_results,
        score=row.score,
        attempt_history=row.attempt_history or [],
    )


def _usage(row: RunRow | RunItemRow | Row[Any]) -> Usage:
    return Usage(
        input_tokens=row.input_tokens,
        output_tokens=row.output_tokens,
        cost=row.cost,
        judge_input_tokens=row.judge_input_tokens,
        judge_output_tokens=row.judge_output_tokens,
        judge_cost=row.judge_cost,
    )


def _error(code: str | None, message: str | None) -> RunError | None:
    return None if code is None else RunError(code=code, message=message or "")
