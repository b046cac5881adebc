"""The worker loop: claim PENDING runs and execute them, a few at a time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from datetime import timedelta

from aiolimiter import AsyncLimiter

from runcast.domain.events import RunEventKind, Topic
from runcast.domain.experiments import ExecutorKind
from runcast.domain.runs import ClaimedRun, Run, RunStatus
from runcast.events.bus import EventBus, Listener
from runcast.execution.embedding import EmbeddingSimilarity
from runcast.execution.executor import Executor
from runcast.execution.item_execution import ItemExecutor
from runcast.execution.judging import Judge
from runcast.execution.kept_responses import KeptResponses
from runcast.execution.recorder import RunRecorder
from runcast.execution.run_execution import RunExecution
from runcast.execution.scoring import ItemScorer
from runcast.services.ledger import RunLedger
from runcast.settings import Settings

__all__ = ["Worker"]

logger = logging.getLogger(__name__)

_RUNS_BECOMING_PENDING = Topic(
    kinds=frozenset({RunEventKind.STATUS}), statuses=frozenset({RunStatus.PENDING})
)


class Worker:
    """Executes up to ``runs_per_worker`` runs at once.

    It is woken by the bus when a run becomes PENDING (and by nothing else),
    and also looks for work every ``worker_poll_interval`` seconds. Calls to
    one model share a rate limiter.
    """

    def __init__(
        self,
        *,
        ledger: RunLedger,
        executors: Mapping[ExecutorKind, Executor],
        bus: EventBus,
        settings: Settings,
        worker_id: str,
    ) -> None:
        self.worker_id = worker_id
        self._ledger = ledger
        self._executors = executors
        self._bus = bus
        self._settings = settings
        self._limiters: dict[str, AsyncLimiter] = {}

    async def run_forever(self) -> None:
        """Claim and execute runs until cancelled."""
        slots = asyncio.Semaphore(self._settings.runs_per_worker)
        async with asyncio.TaskGroup() as running:
            with self._bus.listen(_RUNS_BECOMING_PENDING) as listener:
                while True:
                    await slots.acquire()
                    listener.reset()
                    run = await self._claim()
                    if run is None:
                        slots.release()
                        await self._idle(listener)
                        continue
                    running.create_task(self._execute_then_release(run, slots))

    async def run_once(self) -> bool:
        """Execute the oldest PENDING run to its end; return whether there was one."""
        run = await self._claim()
        if run is None:
            return False
        await self._execute_logged(run)
        return True

    async def execute(self, claimed: ClaimedRun) -> Run | None:
        """Execute a claimed run; None when its lease was lost on the way."""
        model = claimed.config.model
        recorder = RunRecorder(
            self._ledger, run_id=claimed.run.id, worker_id=self.worker_id
        )
        kept = KeptResponses(
            mode=claimed.run.cache,
            find=lambda keys: self._ledger.cached_answers(keys=keys),
            keep=recorder.keep,
        )
        judge = Judge(
            executors=self._executors,
            default=model,
            settings=self._settings,
            limiter_for=self._limiter,
            cache=kept,
        )
        items = ItemExecutor(
            claimed=claimed,
            executor=self._executors[model.executor],
            ledger=self._ledger,
            limiter=self._limiter(model.model),
            settings=self._settings,
            sink=recorder.output,
            scorer=ItemScorer(
                judge,
                EmbeddingSimilarity(
                    executors=self._executors,
                    settings=self._settings,
                    limiter_for=self._limiter,
                    cache=kept,
                ),
            ),
        )
        return await RunExecution(
            claimed=claimed,
            ledger=self._ledger,
            recorder=recorder,
            bus=self._bus,
            items=items,
            settings=self._settings,
            worker_id=self.worker_id,
        ).execute()

    async def _claim(self) -> ClaimedRun | None:
        try:
            return await self._ledger.claim_next_run(
                worker_id=self.worker_id,
                lease=timedelta(seconds=self._settings.lease_seconds),
            )
        except Exception:
            logger.exception("worker %s could not claim a run", self.worker_id)
            return None

    async def _execute_then_release(
        self, run: ClaimedRun, slots: asyncio.Semaphore
    ) -> None:
        try:
            await self._execute_logged(run)
        finally:
            slots.release()

    async def _execute_logged(self, claimed: ClaimedRun) -> None:
        try:
            await self.execute(claimed)
        except Exception:
            # the lease expires and the reaper puts the run back in line
            logger.exception(
                "worker %s failed executing run %s", self.worker_id, claimed.run.id
            )

    async def _idle(self, listener: Listener) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._settings.worker_poll_interval):
                await listener.wait()

    def _limiter(self, model: str) -> AsyncLimiter | None:
        rate = self._settings.model_requests_per_second
        if not rate:
            return None
        if model not in self._limiters:
            self._limiters[model] = AsyncLimiter(max_rate=rate, time_period=1)
        return self._limiters[model]
