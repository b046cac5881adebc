"""The run ledger's recovery: expired leases, spent attempts, overdue cancels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from runcast.db.database import Database
from runcast.db.events import list_events
from runcast.domain.events import StatusChanged
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.domain.runs import ItemStatus, Run, RunStatus
from runcast.execution.worker import Worker
from runcast.runtime import Runtime
from runcast.services.ledger import RunLedger
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings
from tests.support.executors import GatedExecutor

LEASE = timedelta(seconds=30)
GRACE = timedelta(seconds=10)


class Clock:
    """A clock the test moves by hand, starting at the real time."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Runs get two attempts: one crash is survived, the second is not."""
    return settings.model_copy(update={"run_max_attempts": 2})


@pytest.fixture
def executor() -> GatedExecutor:
    """Every answer comes at once, and the test sees which items were asked."""
    return GatedExecutor(open_items=range(10))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(runtime: Runtime, clock: Clock) -> RunLedger:
    """A ledger on the runtime's database, on the test's clock."""
    return RunLedger(database=runtime.database, bus=runtime.bus, clock=clock)


async def claimed_run(
    orchestrator: Orchestrator, ledger: RunLedger, *, rows: int = 3
) -> Run:
    """A run of ``rows`` items claimed by a worker that then goes silent."""
    experiment = await orchestrator.create_experiment(
        ExperimentConfigCreate.model_validate(
            {
                "name": "recovery",
                "prompt": "Echo {{ n }}",
                "dataset": [{"variables": {"n": n}} for n in range(rows)],
            }
        )
    )
    await orchestrator.create_run(experiment_id=experiment.id)
    run = await ledger.claim_next_run(worker_id="gone", lease=LEASE)
    assert run is not None
    return run


async def status_changes(db: Database, run_id: str) -> list[RunStatus]:
    """The statuses a run went through, from its event log."""
    async with db.reading() as session:
        events = await list_events(session, after=0, run_id=run_id)
    return [
        event.payload.status
        for event in events
        if isinstance(event.payload, StatusChanged)
    ]


class TestReapRuns:
    async def test_live_lease_is_left_alone(
        self, orchestrator: Orchestrator, ledger: RunLedger, clock: Clock
    ) -> None:
        """A run whose worker still holds its lease is not touched."""
        run = await claimed_run(orchestrator, ledger)
        clock.advance(LEASE - timedelta(seconds=1))

        reaped = await ledger.reap_runs(cancel_grace=GRACE)

        assert reaped == []
        assert (await ledger.get_run(run_id=run.id)).status is RunStatus.RUNNING

    async def test_expired_lease_returns_run_to_pending_with_next_attempt(
        self,
        orchestrator: Orchestrator,
        ledger: RunLedger,
        clock: Clock,
        db: Database,
    ) -> None:
        """A silent worker's run goes back in line, one attempt further."""
        run = await claimed_run(orchestrator, ledger)
        clock.advance(LEASE + timedelta(seconds=1))

        [reaped] = await ledger.reap_runs(cancel_grace=GRACE)

        assert reaped.id == run.id
        assert reaped.status is RunStatus.PENDING
        assert reaped.attempt == 2
        assert reaped.worker_id is None
        assert await status_changes(db, run.id) == [
            RunStatus.PENDING,
            RunStatus.RUNNING,
            RunStatus.PENDING,
        ]

    async def test_expired_lease_with_attempts_spent_fails_as_crashed(
        self, orchestrator: Orchestrator, ledger: RunLedger, clock: Clock
    ) -> None:
        """The second crash of a two-attempt run FAILS it with CRASHED."""
        run = await claimed_run(orchestrator, ledger)
        for _ in range(2):
            clock.advance(LEASE + timedelta(seconds=1))
            await ledger.reap_runs(cancel_grace=GRACE)
            await ledger.claim_next_run(worker_id="gone again", lease=LEASE)

        failed = await ledger.get_run(run_id=run.id)

        assert failed.status is RunStatus.FAILED
        assert failed.error is not None
        assert failed.error.code == "CRASHED"
        assert failed.attempt == 2
        assert failed.finished_at == clock.now

    async def test_cancelling_run_past_its_grace_is_forced_cancelled(
        self,
        orchestrator: Orchestrator,
        ledger: RunLedger,
        clock: Clock,
        db: Database,
    ) -> None:
        """A cancel the worker never honoured ends CANCELLED after the grace."""
        run = await claimed_run(orchestrator, ledger)
        # the orchestrator stamps the request with the real time, a moment on
        await orchestrator.cancel_run(run_id=run.id)

        assert await ledger.reap_runs(cancel_grace=GRACE) == []
        clock.advance(GRACE + timedelta(seconds=1))
        [reaped] = await ledger.reap_runs(cancel_grace=GRACE)

        assert reaped.status is RunStatus.CANCELLED
        assert (await status_changes(db, run.id))[-2:] == [
            RunStatus.CANCELLING,
            RunStatus.CANCELLED,
        ]


class TestResume:
    async def test_resumed_run_executes_only_unfinished_items(
        self,
        orchestrator: Orchestrator,
        ledger: RunLedger,
        clock: Clock,
        worker: Worker,
        executor: GatedExecutor,
    ) -> None:
        """Items finished before the crash keep their output and are not redone."""
        run = await claimed_run(orchestrator, ledger)
        [first, *_] = await ledger.unfinished_items(run_id=run.id)
        await ledger.record_item_result(
            first.model_copy(
                update={"status": ItemStatus.SUCCEEDED, "output": "kept", "attempts": 1}
            )
        )
        clock.advance(LEASE + timedelta(seconds=1))
        await ledger.reap_runs(cancel_grace=GRACE)

        assert await worker.run_once()

        finished = await orchestrator.get_run(run_id=run.id)
        items = await orchestrator.list_run_items(run_id=run.id)
        assert finished.status is RunStatus.SUCCEEDED
        assert finished.attempt == 2
        assert sorted(executor.executed) == [1, 2]
        assert [item.output for item in items] == ["kept", "answer 1", "answer 2"]
        assert finished.progress.succeeded == 3
