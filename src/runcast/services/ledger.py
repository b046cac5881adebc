"""The run ledger: what workers report about the runs they execute."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from runcast.db import events as event_store
from runcast.db import response_cache as response_store
from runcast.db import runs as run_store
from runcast.db.database import Database
from runcast.db.runs import RunNotHeldError
from runcast.db.types import utc_now
from runcast.domain.errors import NotFoundError
from runcast.domain.events import (
    ItemFinished,
    OutputDelta,
    ProgressUpdate,
    RunEventPayload,
)
from runcast.domain.response_cache import Answer, CachedResponse
from runcast.domain.runs import (
    ClaimedRun,
    ItemStatus,
    Lease,
    Run,
    RunError,
    RunItem,
    RunProgress,
    RunStatus,
    Usage,
)
from runcast.events.bus import EventBus
from runcast.services.changes import Change, write_changes
from runcast.services.uninterrupted import uninterrupted

__all__ = ["Recorded", "RunLedger", "RunNotHeldError", "Write"]


class RunLedger:
    """Records claims, leases, output and results, each with its events.

    Workers call it; so does the reaper that recovers runs whose worker died.
    """

    def __init__(
        self,
        *,
        database: Database,
        bus: EventBus,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._database = database
        self._bus = bus
        self._clock = clock

    @uninterrupted
    async def claim_next_run(
        self, *, worker_id: str, lease: timedelta
    ) -> ClaimedRun | None:
        """Move the oldest PENDING run to RUNNING under this worker's lease.

        The run comes with its frozen config: the one time it is loaded (the
        dataset's rows are validated as they are executed).
        """
        # idle workers look often: a read first keeps the writer free
        if await self._database.read(run_store.next_pending_run_id) is None:
            return None
        now = self._clock()

        def claim(change: Change) -> ClaimedRun | None:
            run_id = run_store.next_pending_run_id(change.session, claim=True)
            if run_id is None:
                return None
            run = change.transition(
                run_id,
                to=RunStatus.RUNNING,
                at=now,
                lease=Lease(worker_id=worker_id, expires_at=now + lease),
            )
            configs = run_store.get_frozen_configs(change.session, [run_id])
            return ClaimedRun(run=run, config=configs[run_id])

        return await write_changes(self._database, self._bus, claim)

    @uninterrupted
    async def renew_lease(
        self, *, run_id: str, worker_id: str, lease: timedelta
    ) -> bool:
        """Extend the lease; False when the run is no longer this worker's."""
        now = self._clock()
        return await self._database.write(
            lambda session: run_store.renew_lease(
                session, run_id, worker_id=worker_id, now=now, until=now + lease
            )
        )

    async def get_run(self, *, run_id: str) -> Run:
        """Return a run as it is now."""
        run = await self._database.read(
            lambda session: run_store.get_run(session, run_id)
        )
        if run is None:
            raise NotFoundError("run", run_id)
        return run

    async def unfinished_items(
        self, *, run_id: str, after_index: int = -1, limit: int | None = None
    ) -> list[RunItem]:
        """Up to ``limit`` of a run's items that have no result yet, after
        ``after_index``, in dataset order."""
        return await self._database.read(
            lambda session: run_store.list_items(
                session,
                run_id,
                status=ItemStatus.PENDING,
                after_index=after_index,
                limit=limit,
            )
        )

    async def streamed_attempts(self, *, run_id: str) -> dict[int, int]:
        """The highest attempt each item of a run streamed output in, by index.

        An item that streamed output before its run was resumed counts the
        attempts it made, so its next attempt's output starts afresh.
        """
        return await self._database.read(
            lambda session: event_store.streamed_attempts(session, run_id)
        )

    async def cached_answers(self, *, keys: Sequence[str]) -> dict[str, Answer]:
        """The answers the response cache keeps for the requests with these
        keys, by key; a key without one is left out."""
        if not keys:
            return {}
        return await self._database.read(
            lambda session: response_store.find_cached_responses(session, keys)
        )

    async def append_output(
        self, *, run_id: str, worker_id: str, item_index: int, attempt: int, text: str
    ) -> None:
        """Record more streamed output of an item of a run this worker holds."""
        delta = OutputDelta(item_index=item_index, attempt=attempt, text=text)
        await self.record(run_id=run_id, worker_id=worker_id, writes=[delta])

    async def record_item_result(self, item: RunItem, *, worker_id: str) -> Run:
        """Store a finished item and count it; return the run's new totals.

        Raises ``RunNotHeldError``, writing nothing, when this worker no
        longer holds the run or the item already has its result.
        """
        recorded = await self.record(
            run_id=item.run_id, worker_id=worker_id, writes=[item]
        )
        if not recorded.accepted[0]:
            raise RunNotHeldError(item.run_id, worker_id)
        return recorded.run

    @uninterrupted
    async def record(
        self, *, run_id: str, worker_id: str, writes: Sequence[Write]
    ) -> Recorded:
        """Record many items' output and results in one transaction, in order.

        Each result is stored and counted, with its ``ItemFinished`` and the
        run's ``ProgressUpdate`` after it; an item that already has its
        result is not accepted. Answers to keep go to the response cache,
        in the same transaction. Raises ``RunNotHeldError``, writing
        nothing, when this worker no longer holds the run.
        """
        now = self._clock()

        def record_in(change: Change) -> Recorded:
            session = change.session
            stored = iter(
                run_store.store_item_results(
                    session,
                    run_id,
                    [write for write in writes if isinstance(write, RunItem)],
                )
            )
            accepted = [
                not isinstance(write, RunItem) or next(stored) for write in writes
            ]
            kept = [
                write
                for write, ok in zip(writes, accepted, strict=True)
                if ok and not isinstance(write, CachedResponse)
            ]
            results = [write for write in kept if isinstance(write, RunItem)]
            run, first_seq = run_store.count_item_results(
                session,
                run_id,
                results,
                held_by=worker_id,
                new_events=len(kept) + len(results),
            )
            response_store.store_cached_responses(
                session,
                [write for write in writes if isinstance(write, CachedResponse)],
                at=now,
            )
            change.append_numbered(
                run, _events_of(kept, run), first_seq=first_seq, at=now
            )
            return Recorded(run=run, accepted=accepted)

        # guarded by the worker's lease and each item's pending status: a
        # batch tried again after a commit whose answer was lost is refused
        return await write_changes(self._database, self._bus, record_in, guarded=True)

    @uninterrupted
    async def finish_run(
        self, *, run_id: str, worker_id: str, error: RunError | None = None
    ) -> Run:
        """End a live run this worker holds in the terminal status it earned.

        CANCELLING ends CANCELLED; an ``error`` or any failed item ends FAILED;
        otherwise the run SUCCEEDED.
        """
        now = self._clock()

        def finish(change: Change) -> Run:
            run = _held_run(change.session, run_id, worker_id)
            to, reason = _outcome(run, error)
            return change.transition(run_id, to=to, at=now, error=reason)

        # guarded: the transition is a compare-and-set on the status it read
        return await write_changes(self._database, self._bus, finish, guarded=True)

    @uninterrupted
    async def release_run(self, *, run_id: str, worker_id: str) -> Run:
        """Hand a run back when its worker stops on purpose, finished items kept.

        A RUNNING run goes back to PENDING in the same attempt, so the next
        worker resumes it at once; a CANCELLING one ends CANCELLED.
        """
        now = self._clock()

        def release(change: Change) -> Run:
            run = _held_run(change.session, run_id, worker_id)
            cancelled = run.status is RunStatus.CANCELLING
            return change.transition(
                run_id,
                to=RunStatus.CANCELLED if cancelled else RunStatus.PENDING,
                at=now,
            )

        return await write_changes(self._database, self._bus, release)

    @uninterrupted
    async def reap_runs(self, *, cancel_grace: timedelta) -> list[Run]:
        """Recover runs whose worker died, and force overdue cancellations.

        A RUNNING run whose lease expired goes back to PENDING with its next
        attempt, or FAILS with CRASHED once its attempts are spent; a
        CANCELLING one past its grace period (or without a worker) ends
        CANCELLED.
        """
        now = self._clock()

        def overdue(session: Session, *, lock: bool = False) -> list[Run]:
            return run_store.runs_to_reap(
                session, now=now, cancelled_before=now - cancel_grace, lock=lock
            )

        if not await self._database.read(overdue):  # mostly there are none
            return []

        def reap(change: Change) -> list[Run]:
            reaped = []
            # looked at again, locked, in the transaction that changes them
            for candidate in overdue(change.session, lock=True):
                to, error = _recovery(candidate)
                reaped.append(
                    change.transition(
                        candidate.id,
                        to=to,
                        at=now,
                        error=error,
                        next_attempt=to is RunStatus.PENDING,
                    )
                )
            return reaped

        return await write_changes(self._database, self._bus, reap)


Write = OutputDelta | RunItem | CachedResponse
"""What a worker reports of a run: more output of an item, an item's result,
or an answer to keep in the response cache."""


@dataclass(frozen=True)
class Recorded:
    """The run after ``RunLedger.record``, and which of the writes it accepted."""

    run: Run
    accepted: list[bool]


def _events_of(
    writes: Sequence[OutputDelta | RunItem], run: Run
) -> list[RunEventPayload]:
    """The events of ``writes``; each result is followed by the run's counters."""
    results = [write for write in writes if isinstance(write, RunItem)]
    # the run's counters before these results, then after each of them
    progress = run.progress
    for item in results:
        progress = _counted(progress, item, -1)
    usage = run.usage - sum((item.spend for item in results), Usage())
    events: list[RunEventPayload] = []
    for write in writes:
        if isinstance(write, OutputDelta):
            events.append(write)
            continue
        progress = _counted(progress, write, 1)
        usage += write.spend
        events += [
            ItemFinished(
                item_index=write.index,
                status=write.status,
                score=write.score,
                latency_ms=write.latency_ms,
                usage=write.usage,
                error=write.error,
                assertion_results=write.assertion_results,
                cached=write.cached,
            ),
            ProgressUpdate(progress=progress, usage=usage),
        ]
    return events


def _counted(progress: RunProgress, item: RunItem, sign: int) -> RunProgress:
    """``progress`` with a finished item added (``sign`` 1) or removed (-1)."""
    status = item.status
    return RunProgress(
        total=progress.total,
        succeeded=progress.succeeded + sign * (status is ItemStatus.SUCCEEDED),
        failed=progress.failed + sign * (status is ItemStatus.FAILED),
        cancelled=progress.cancelled + sign * (status is ItemStatus.CANCELLED),
        cached=progress.cached + sign * item.cached,
    )


def _held_run(session: Session, run_id: str, worker_id: str) -> Run:
    run = run_store.get_run(session, run_id)
    if run is None:
        raise NotFoundError("run", run_id)
    if run.worker_id != worker_id or not run.status.is_live:
        raise RunNotHeldError(run_id, worker_id)
    return run


def _outcome(run: Run, error: RunError | None) -> tuple[RunStatus, RunError | None]:
    if run.status is RunStatus.CANCELLING:
        return RunStatus.CANCELLED, None
    if error is not None:
        return RunStatus.FAILED, error
    if run.progress.failed:
        return RunStatus.FAILED, RunError(
            code="ITEMS_FAILED",
            message=f"{run.progress.failed} of {run.progress.total} items failed",
        )
    return RunStatus.SUCCEEDED, None


def _recovery(run: Run) -> tuple[RunStatus, RunError | None]:
    if run.status is RunStatus.CANCELLING:
        return RunStatus.CANCELLED, None
    if run.attempt < run.max_attempts:
        return RunStatus.PENDING, None
    crashed = RunError(
        code="CRASHED",
        message=f"the worker stopped responding {run.attempt} time(s)",
    )
    return RunStatus.FAILED, crashed
