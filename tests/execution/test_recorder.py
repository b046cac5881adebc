"""Group commit: results that do not wait, pace kept, failures remembered."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

import pytest

from runcast.db.events import list_events
from runcast.domain.events import OutputDelta, RunEventKind
from runcast.domain.runs import ClaimedRun, ItemStatus, RunItem
from runcast.execution.recorder import MAX_QUEUED, RunRecorder
from runcast.runtime import Runtime
from runcast.services.ledger import Recorded, RunLedger, RunNotHeldError, Write
from tests.support.runs import claim_new_run

WORKER = "recorder-test"


class GatedLedger(RunLedger):
    """A real ledger whose writes wait for ``gate``; it counts its batches."""

    def __init__(self, ledger: RunLedger) -> None:
        super().__init__(database=ledger._database, bus=ledger._bus)
        self.gate = asyncio.Event()
        self.batches: list[int] = []

    async def record(
        self, *, run_id: str, worker_id: str, writes: Sequence[Write]
    ) -> Recorded:
        await self.gate.wait()
        self.batches.append(len(writes))
        return await super().record(run_id=run_id, worker_id=worker_id, writes=writes)


async def claimed_run(runtime: Runtime, rows: int) -> tuple[ClaimedRun, list[RunItem]]:
    claimed = await claim_new_run(
        runtime.orchestrator,
        runtime.ledger,
        rows=rows,
        worker_id=WORKER,
        lease=timedelta(minutes=5),
    )
    items = await runtime.ledger.unfinished_items(
        run_id=claimed.run.id, after_index=-1, limit=rows
    )
    return claimed, items


def succeeded(item: RunItem) -> RunItem:
    return item.model_copy(
        update={"status": ItemStatus.SUCCEEDED, "output": f"answer {item.index}"}
    )


async def settle_loop() -> None:
    """Let every task that can run do so (no time passes)."""
    for _ in range(10):
        await asyncio.sleep(0)


class TestQueuedResults:
    async def test_results_queued_without_waiting_share_one_transaction(
        self, runtime: Runtime
    ) -> None:
        """Nothing waits for a commit: ten results, one transaction, all stored."""
        claimed, items = await claimed_run(runtime, 10)
        ledger = GatedLedger(runtime.ledger)
        recorder = RunRecorder(ledger, run_id=claimed.run.id, worker_id=WORKER)

        for item in items:
            await recorder.queue_result(succeeded(item))
        assert ledger.batches == []  # every call returned with its commit pending
        ledger.gate.set()
        await recorder.committed()

        assert ledger.batches == [10]
        run = await runtime.orchestrator.get_run(run_id=claimed.run.id)
        stored = await runtime.orchestrator.list_run_items(run_id=claimed.run.id)
        assert run.progress.succeeded == 10
        assert [item.output for item in stored] == [f"answer {n}" for n in range(10)]

    async def test_writer_behind_by_more_than_max_queued_makes_writes_wait(
        self, runtime: Runtime
    ) -> None:
        """Output beyond the queue's bound waits for its commit, then goes on."""
        claimed, [item] = await claimed_run(runtime, 1)
        ledger = GatedLedger(runtime.ledger)
        recorder = RunRecorder(ledger, run_id=claimed.run.id, worker_id=WORKER)
        await recorder.output(item.index, 1, "w")
        await settle_loop()  # the writer has taken it and waits at the gate
        for _ in range(MAX_QUEUED):
            await recorder.output(item.index, 1, "x")

        blocked = asyncio.create_task(recorder.output(item.index, 1, "y"))
        await settle_loop()
        assert not blocked.done()
        ledger.gate.set()
        await blocked
        await recorder.committed()

        events = await runtime.database.read(
            lambda session: list_events(
                session,
                after=0,
                run_id=claimed.run.id,
                kinds=[RunEventKind.OUTPUT_DELTA],
                limit=MAX_QUEUED + 10,
            )
        )
        streamed = "".join(
            event.payload.text
            for event in events
            if isinstance(event.payload, OutputDelta)
        )
        assert streamed == "w" + "x" * MAX_QUEUED + "y"
        assert ledger.batches == [1, MAX_QUEUED + 1]


class TestFailures:
    async def test_refused_result_is_raised_by_the_next_call_and_by_committed(
        self, runtime: Runtime
    ) -> None:
        """A run this worker does not hold: the refusal is not lost."""
        claimed, [first, second] = await claimed_run(runtime, 2)
        recorder = RunRecorder(
            runtime.ledger, run_id=claimed.run.id, worker_id="another-worker"
        )

        await recorder.queue_result(succeeded(first))
        with pytest.raises(RunNotHeldError):
            await recorder.committed()
        with pytest.raises(RunNotHeldError):
            await recorder.queue_result(succeeded(second))

        run = await runtime.orchestrator.get_run(run_id=claimed.run.id)
        assert run.progress.succeeded == 0

    async def test_awaited_result_raises_its_own_refusal_only(
        self, runtime: Runtime
    ) -> None:
        """``result`` reports its own write: a stored one after a refused one."""
        claimed, [first, second] = await claimed_run(runtime, 2)
        recorder = RunRecorder(runtime.ledger, run_id=claimed.run.id, worker_id=WORKER)
        await recorder.result(succeeded(first))

        with pytest.raises(RunNotHeldError):  # the item has its result already
            await recorder.result(succeeded(first))
        run = await recorder.result(succeeded(second))

        assert run.progress.succeeded == 2
        with pytest.raises(RunNotHeldError):  # remembered for pipelined callers
            await recorder.committed()
