"""Group commit: what a run's items report is written many at a time."""

from __future__ import annotations

import asyncio

from runcast.domain.events import OutputDelta
from runcast.domain.response_cache import CachedResponse
from runcast.domain.runs import Run, RunItem
from runcast.services.ledger import RunLedger, RunNotHeldError, Write

__all__ = ["MAX_QUEUED", "RunRecorder"]

MAX_QUEUED = 256
"""Writes queued beyond which streamed output waits for its commit."""


class RunRecorder:
    """Writes a run's output and results in batches, one transaction each.

    Every write waits for the commit that holds it, so a caller knows its
    write is stored (and its events announced) when the call returns. While
    one batch is being written the next builds up: the busier the run, the
    more each transaction carries, with no timer and no added latency.
    """

    def __init__(self, ledger: RunLedger, *, run_id: str, worker_id: str) -> None:
        self._ledger = ledger
        self._run_id = run_id
        self._worker_id = worker_id
        self._queued: list[tuple[Write, asyncio.Future[Run]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def output(self, item_index: int, attempt: int, text: str) -> None:
        """Record more streamed output of an item."""
        await self._write(
            OutputDelta(item_index=item_index, attempt=attempt, text=text)
        )

    async def result(
        self, item: RunItem, *, response: CachedResponse | None = None
    ) -> Run:
        """Record an item's result; return the run's totals after it.

        ``response``, the item's answer to keep in the response cache, is
        written in the same transaction. Raises ``RunNotHeldError`` when the
        run is no longer this worker's or the item already has its result.
        """
        if response is not None:
            # queued with the result, before any wait: both are in one batch
            self._queue(response)
        return await self._write(item)

    async def drain(self) -> None:
        """Return once everything written so far is stored."""
        while self._writer is not None:
            await asyncio.wait([self._writer])

    async def _write(self, write: Write) -> Run:
        return await self._queue(write)

    def _queue(self, write: Write) -> asyncio.Future[Run]:
        written: asyncio.Future[Run] = asyncio.get_running_loop().create_future()
        self._queued.append((write, written))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_batches())
        return written

    async def _write_batches(self) -> None:
        try:
            while self._queued:
                batch, self._queued = self._queued, []
                await self._write_batch(batch)
        finally:
            self._writer = None

    async def _write_batch(
        self, batch: list[tuple[Write, asyncio.Future[Run]]]
    ) -> None:
        try:
            recorded = await self._ledger.record(
                run_id=self._run_id,
                worker_id=self._worker_id,
                writes=[write for write, _ in batch],
            )
        except Exception as error:
            for _, written in batch:
                _settle(written, error)
            return
        for (_, written), accepted in zip(batch, recorded.accepted, strict=True):
            _settle(
                written,
                recorded.run
                if accepted
                else RunNotHeldError(self._run_id, self._worker_id),
            )


def _settle(written: asyncio.Future[Run], outcome: Run | Exception) -> None:
    if written.done():  # its caller gave up (was cancelled): nobody to tell
        return
    if isinstance(outcome, Exception):
        written.set_exception(outcome)
        written.exception()  # retrieved: its caller sees it when it awaits
    else:
        written.set_result(outcome)
