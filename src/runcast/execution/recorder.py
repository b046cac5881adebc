"""Group commit: what a run's items report is written many at a time."""

from __future__ import annotations

import asyncio

from runcast.domain.events import OutputDelta
from runcast.domain.response_cache import CachedResponse
from runcast.domain.runs import Run, RunItem
from runcast.services.ledger import RunLedger, RunNotHeldError, Write

__all__ = ["MAX_QUEUED", "RunRecorder"]

MAX_QUEUED = 256
"""Writes queued behind the batch being written beyond which even a write
that need not wait for its commit does."""


class RunRecorder:
    """Writes a run's output and results in batches, one transaction each.

    Writes are stored in the order they were made. ``result`` waits for the
    commit that holds it and returns the run's totals after it; ``output``
    and ``queue_result`` wait only while more than ``MAX_QUEUED`` writes are
    queued behind the batch being written, so a run whose answers come
    faster than its commits puts many items in each transaction. While one
    batch is being written the next builds up: no timer, no added latency.

    The first failed write is kept: ``queue_result`` and ``committed``
    (which a run awaits before it finishes) raise it from then on. What was
    queued after it is still written, or refused, as usual.
    """

    def __init__(self, ledger: RunLedger, *, run_id: str, worker_id: str) -> None:
        self._ledger = ledger
        self._run_id = run_id
        self._worker_id = worker_id
        self._queued: list[tuple[Write, asyncio.Future[Run]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._failure: Exception | None = None

    async def output(self, item_index: int, attempt: int, text: str) -> None:
        """Record more streamed output of an item, stored before its result.

        It never raises: a failure is told by the results that follow.
        """
        await self._keep_pace(
            self._queue(OutputDelta(item_index=item_index, attempt=attempt, text=text))
        )

    async def keep(self, response: CachedResponse) -> None:
        """Keep an answer in the response cache, written with the next batch.

        It never raises: a failure is told by the results that follow.
        """
        await self._keep_pace(self._queue(response))

    async def result(
        self, item: RunItem, *, response: CachedResponse | None = None
    ) -> Run:
        """Record an item's result; return the run's totals once it is stored.

        ``response``, the item's answer to keep in the response cache, is
        written in the same transaction. Raises ``RunNotHeldError`` when the
        run is no longer this worker's or the item already has its result,
        or what else failed its write (not an earlier write's failure).
        """
        return await self._queue_result(item, response)

    async def queue_result(
        self, item: RunItem, *, response: CachedResponse | None = None
    ) -> None:
        """Record an item's result without waiting for its commit.

        As ``result``, but a refusal or a failure is raised by a later call,
        or by ``committed``.
        """
        self._raise_failure()
        await self._keep_pace(self._queue_result(item, response))
        self._raise_failure()

    async def committed(self) -> None:
        """Return once everything written so far is stored; raise the first
        write that failed."""
        await self.drain()
        self._raise_failure()

    async def drain(self) -> None:
        """Return once everything written so far is stored (or has failed)."""
        while self._writer is not None:
            await asyncio.wait([self._writer])

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    async def _keep_pace(self, written: asyncio.Future[Run]) -> None:
        if len(self._queued) > MAX_QUEUED:  # the database is behind
            await asyncio.wait([written])

    def _queue_result(
        self, item: RunItem, response: CachedResponse | None
    ) -> asyncio.Future[Run]:
        if response is not None:
            # queued with the result: both are in one batch
            self._queue(response)
        return self._queue(item)

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
            self._fail([written for _, written in batch], error)
            return
        refused = [
            written
            for (_, written), accepted in zip(batch, recorded.accepted, strict=True)
            if not accepted
        ]
        if refused:
            self._fail(refused, RunNotHeldError(self._run_id, self._worker_id))
        for _, written in batch:
            _settle(written, recorded.run)  # the refused ones are settled already

    def _fail(self, writes: list[asyncio.Future[Run]], error: Exception) -> None:
        if self._failure is None:
            self._failure = error
        for written in writes:
            _settle(written, error)


def _settle(written: asyncio.Future[Run], outcome: Run | Exception) -> None:
    if written.done():  # its caller gave up (was cancelled): nobody to tell
        return
    if isinstance(outcome, Exception):
        written.set_exception(outcome)
        written.exception()  # retrieved: its caller sees it when it awaits
    else:
        written.set_result(outcome)
