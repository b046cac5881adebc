"""The worker loop: claim a PENDING run, execute its items, finish it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta

from jinja2 import TemplateError

from runcast.domain.runs import ItemStatus, Run, RunError, RunItem, RunStatus, Usage
from runcast.domain.templates import render
from runcast.events.bus import EventBus
from runcast.execution.executor import ExecutionRequest, Executor, TextDelta
from runcast.services.orchestrator import Orchestrator

__all__ = ["Worker"]

logger = logging.getLogger(__name__)


class Worker:
    """Executes runs one at a time, woken by the bus when new work may exist.

    It also looks for work every ``poll_interval`` seconds, for runs created by
    another process whose wake-ups this process does not hear.
    """

    def __init__(
        self,
        *,
        orchestrator: Orchestrator,
        executor: Executor,
        bus: EventBus,
        worker_id: str,
        lease: timedelta = timedelta(seconds=30),
        poll_interval: float = 1.0,
    ) -> None:
        self.worker_id = worker_id
        self._orchestrator = orchestrator
        self._executor = executor
        self._bus = bus
        self._lease = lease
        self._poll_interval = poll_interval

    async def run_forever(self) -> None:
        """Claim and execute runs until cancelled."""
        with self._bus.listen() as listener:
            while True:
                listener.reset()
                if await self.run_once():
                    continue
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self._poll_interval):
                        await listener.wait()

    async def run_once(self) -> bool:
        """Execute the oldest PENDING run, if any; return whether there was one."""
        try:
            run = await self._orchestrator.claim_next_run(
                worker_id=self.worker_id, lease=self._lease
            )
            if run is None:
                return False
            await self.execute(run)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("worker %s failed; it goes on", self.worker_id)
        return True

    async def execute(self, run: Run) -> Run:
        """Execute a claimed run's unfinished items, then finish it."""
        items = await self._orchestrator.list_run_items(run_id=run.id)
        for item in items:
            if item.status is not ItemStatus.PENDING:
                continue
            current = await self._orchestrator.get_run(run_id=run.id)
            if current.status is RunStatus.CANCELLING:
                break
            await self._orchestrator.record_item_result(
                await self._execute_item(run, item)
            )
        return await self._orchestrator.finish_run(run_id=run.id)

    async def _execute_item(self, run: Run, item: RunItem) -> RunItem:
        started = time.perf_counter()
        try:
            prompt = render(run.config.prompt, item.variables)
        except TemplateError as error:
            return _failed(item, code="TEMPLATE_ERROR", message=str(error))
        request = ExecutionRequest(
            run_id=run.id,
            item_index=item.index,
            prompt=prompt,
            settings=run.config.model,
        )
        output: list[str] = []
        usage = Usage()
        try:
            async for chunk in self._executor.stream(request):
                if isinstance(chunk, TextDelta):
                    output.append(chunk.text)
                else:
                    usage = Usage(
                        input_tokens=chunk.input_tokens,
                        output_tokens=chunk.output_tokens,
                    )
        except Exception as error:
            logger.warning("item %s of run %s failed: %s", item.index, run.id, error)
            return _failed(
                item.model_copy(update={"rendered_prompt": prompt}),
                code="EXECUTOR_ERROR",
                message=str(error) or type(error).__name__,
            )
        return item.model_copy(
            update={
                "rendered_prompt": prompt,
                "status": ItemStatus.SUCCEEDED,
                "output": "".join(output),
                "latency_ms": (time.perf_counter() - started) * 1000,
                "usage": usage,
            }
        )


def _failed(item: RunItem, *, code: str, message: str) -> RunItem:
    return item.model_copy(
        update={
            "status": ItemStatus.FAILED,
            "error": RunError(code=code, message=message),
        }
    )
