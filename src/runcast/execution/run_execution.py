"""Executing one claimed run: items in parallel, under lease, deadline, budget."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from datetime import timedelta
from enum import StrEnum

from runcast.domain.events import RunEventKind, Topic
from runcast.domain.runs import ClaimedRun, Run, RunError, RunItem, RunStatus
from runcast.events.bus import EventBus
from runcast.execution.item_execution import ItemExecutor, PreparedItem
from runcast.execution.recorder import RunRecorder
from runcast.services.ledger import RunLedger, RunNotHeldError
from runcast.settings import Settings

__all__ = ["RunExecution"]

logger = logging.getLogger(__name__)

_RETRY_SECONDS = 1.0

PENDING_PAGE = 256
"""How many unfinished items a run's lanes read at a time."""


class _Stop(StrEnum):
    """Why a run stopped before all its items finished."""

    CANCEL_REQUESTED = "cancel requested"
    LEASE_LOST = "lease lost"


class _BudgetSpentError(Exception):
    """The run has spent its token or cost budget."""


class RunExecution:
    """Drives one run from its claim to its terminal status.

    Items run ``items_per_run`` at a time. Beside them a watcher renews the
    lease and stops everything when the run is cancelled or the lease is lost.
    A resumed run executes only the items that have no result yet.
    """

    def __init__(
        self,
        *,
        claimed: ClaimedRun,
        ledger: RunLedger,
        recorder: RunRecorder,
        bus: EventBus,
        items: ItemExecutor,
        settings: Settings,
        worker_id: str,
    ) -> None:
        self._run = claimed.run
        self._budget = claimed.config.budget
        self._ledger = ledger
        self._recorder = recorder
        self._bus = bus
        self._items = items
        self._settings = settings
        self._worker_id = worker_id
        self._stopped: _Stop | None = None
        self._budget_spent = False

    async def execute(self) -> Run | None:
        """Execute the run; return it finished, or None if it was taken away."""
        pending = _PendingItems(self._ledger, self._items, run_id=self._run.id)
        work = asyncio.create_task(self._execute_items(pending))
        watcher = asyncio.create_task(self._watch(work))
        error: RunError | None = None
        try:
            async with asyncio.timeout(self._settings.run_timeout or None):
                await work
        except TimeoutError:
            error = RunError(
                code="DEADLINE_EXCEEDED",
                message=f"the run took longer than {self._settings.run_timeout:g} s",
            )
        except asyncio.CancelledError:
            if self._stopped is None:  # the worker itself is shutting down
                await self._recorder.drain()  # results in flight are kept
                await self._release()
                raise
        except Exception:
            logger.exception("run %s failed unexpectedly", self._run.id)
            error = RunError(
                code="INTERNAL_ERROR", message="the run failed unexpectedly"
            )
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await self._recorder.drain()
        if self._stopped is _Stop.LEASE_LOST:
            self._log_lost()
            return None
        if self._budget_spent:
            error = RunError(code="BUDGET_EXCEEDED", message="the run spent its budget")
        try:
            # cut short by the cancel, the budget or the deadline: still billed
            for item in await self._items.stop_in_flight():
                await self._recorder.result(item)
            return await self._ledger.finish_run(
                run_id=self._run.id, worker_id=self._worker_id, error=error
            )
        except RunNotHeldError:
            self._log_lost()
            return None

    async def _release(self) -> None:
        with contextlib.suppress(RunNotHeldError):
            await self._ledger.release_run(
                run_id=self._run.id, worker_id=self._worker_id
            )

    def _log_lost(self) -> None:
        logger.warning("worker %s lost run %s", self._worker_id, self._run.id)

    async def _execute_items(self, pending: _PendingItems) -> None:
        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(self._settings.items_per_run):
                    group.create_task(self._drain(pending))
            await self._recorder.committed()
        except* _BudgetSpentError:
            self._budget_spent = True
        except* RunNotHeldError:
            self._stopped = _Stop.LEASE_LOST

    async def _drain(self, pending: _PendingItems) -> None:
        """Execute items until none is left.

        Without a budget, a lane goes on to its next item while the last
        one's result is being stored; with one, it waits for the run's
        totals after each result and stops once the budget is spent.
        """
        while (prepared := await pending.next()) is not None:
            finished = await self._items.execute(prepared)
            if self._budget is None:
                await self._recorder.queue_result(
                    finished.item, response=finished.response
                )
                continue
            run = await self._recorder.result(finished.item, response=finished.response)
            # the judges' spending counts as much as the answers'
            spent = run.usage
            if self._budget.is_spent(tokens=spent.total_tokens, cost=spent.total_cost):
                raise _BudgetSpentError

    async def _watch(self, work: asyncio.Task[None]) -> None:
        """Renew the lease; cancel the work on a cancel request or a lost lease.

        A status event of this run (and nothing else) triggers a look at
        whether it is being cancelled; the lease is renewed on a timer.
        """
        loop = asyncio.get_running_loop()
        renew_every = self._settings.lease_seconds / 3
        renew_at = loop.time()
        topic = Topic(run_id=self._run.id, kinds=frozenset({RunEventKind.STATUS}))
        with self._bus.listen(topic) as listener:
            while True:
                listener.reset()
                renew = loop.time() >= renew_at
                try:
                    stop = await self._check(renew=renew)
                except Exception:
                    # e.g. a locked database: try again soon; should the lease
                    # lapse meanwhile, the ledger refuses this worker's writes
                    logger.exception("watching run %s failed", self._run.id)
                    await asyncio.sleep(min(renew_every, _RETRY_SECONDS))
                    continue
                if stop is not None:
                    self._stopped = stop
                    work.cancel()
                    return
                if renew:
                    renew_at = loop.time() + renew_every
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout_at(renew_at):
                        await listener.wait()

    async def _check(self, *, renew: bool) -> _Stop | None:
        run = await self._ledger.get_run(run_id=self._run.id)
        if run.status is RunStatus.CANCELLING:
            return _Stop.CANCEL_REQUESTED
        if not renew:
            return None
        owned = await self._ledger.renew_lease(
            run_id=self._run.id,
            worker_id=self._worker_id,
            lease=timedelta(seconds=self._settings.lease_seconds),
        )
        return None if owned else _Stop.LEASE_LOST


class _PendingItems:
    """A run's unfinished items in dataset order, read a page at a time and
    prepared (rendered, looked up in the response cache) a few at a time.

    Lanes take items as they go, so a run of 10,000 items (or one its budget
    stops after a hundred) reads no more than it executes, plus a page. The
    attempts items made before the run was resumed are read once, first,
    before this execution streams anything.
    """

    def __init__(
        self,
        ledger: RunLedger,
        items: ItemExecutor,
        *,
        run_id: str,
        page_size: int = PENDING_PAGE,
    ) -> None:
        self._ledger = ledger
        self._items = items
        self._run_id = run_id
        self._page_size = page_size
        self._page: collections.deque[RunItem] = collections.deque()
        self._prepared: collections.deque[PreparedItem] = collections.deque()
        self._attempts: dict[int, int] | None = None
        self._last_index = -1
        self._exhausted = False
        self._reading = asyncio.Lock()

    async def next(self) -> PreparedItem | None:
        """The next item to execute; None once every item is taken."""
        async with self._reading:
            if not self._prepared:
                await self._prepare()
            return self._prepared.popleft() if self._prepared else None

    async def _prepare(self) -> None:
        if not self._page and not self._exhausted:
            await self._read_page()
        if self._page:
            prepared = await self._items.prepare(self._page)
            for _ in prepared:
                self._page.popleft()
            self._prepared.extend(prepared)

    async def _read_page(self) -> None:
        if self._attempts is None:
            self._attempts = await self._ledger.streamed_attempts(run_id=self._run_id)
        page = await self._ledger.unfinished_items(
            run_id=self._run_id, after_index=self._last_index, limit=self._page_size
        )
        self._page.extend(_with_attempts(item, self._attempts) for item in page)
        self._exhausted = len(page) < self._page_size
        if page:
            self._last_index = page[-1].index


def _with_attempts(item: RunItem, attempts: dict[int, int]) -> RunItem:
    made = attempts.get(item.index)
    return item if made is None else item.model_copy(update={"attempts": made})
