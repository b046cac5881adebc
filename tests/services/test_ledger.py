"""The run ledger's recovery: expired leases, spent attempts, overdue cancels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from runcast.db.database import Database
from runcast.db.events import list_events
from runcast.db.runs import RunNotHeldError, renew_lease
from runcast.domain.experiments import DatasetItem
from runcast.domain.runs import ItemStatus, Run, RunStatus
from runcast.execution.worker import Worker
from runcast.runtime import Runtime
from runcast.services.ledger import RunLedger
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings
from tests.support.events import statuses_of
from tests.support.executors import GatedExecutor
from tests.support.runs import claim_new_run

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

    def catch_up(self) -> None:
        """Move to the real time, so nothing stamped with it so far is ahead."""
        self.now = max(self.now, datetime.now(UTC))


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
    claimed = await claim_new_run(
        orchestrator, ledger, rows=rows, worker_id="gone", lease=LEASE
    )
    return claimed.run


async def status_changes(db: Database, run_id: str) -> list[RunStatus]:
    """The statuses a run went through, from its event log."""
    async with db.reading() as session:
        events = await session.run_sync(list_events, after=0, run_id=run_id)
    return statuses_of(events)


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
        # (on a busy machine, more than a second after the clock was made)
        await orchestrator.cancel_run(run_id=run.id)
        clock.catch_up()

        assert await ledger.reap_runs(cancel_grace=GRACE) == []
        clock.advance(GRACE + timedelta(seconds=1))
        [reaped] = await ledger.reap_runs(cancel_grace=GRACE)

        assert reaped.status is RunStatus.CANCELLED
        assert (await status_changes(db, run.id))[-2:] == [
            RunStatus.CANCELLING,
            RunStatus.CANCELLED,
        ]

    @pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
    async def test_lease_being_renewed_while_the_reaper_looks_is_kept(
        self, orchestrator: Orchestrator, ledger: RunLedger, clock: Clock, db: Database
    ) -> None:
        """A heartbeat in flight wins: the reaper passes over the row it holds."""
        run = await claimed_run(orchestrator, ledger)
        clock.advance(LEASE + timedelta(seconds=1))

        async with db.writing() as heartbeat:
            renewed = await heartbeat.run_sync(
                lambda session: renew_lease(
                    session,
                    run.id,
                    worker_id="gone",
                    now=clock.now,
                    until=clock.now + LEASE,
                )
            )
            reaped = await ledger.reap_runs(cancel_grace=GRACE)

        assert renewed
        assert reaped == []
        kept = await ledger.get_run(run_id=run.id)
        assert kept.status is RunStatus.RUNNING
        assert kept.worker_id == "gone"
        assert kept.lease_expires_at == clock.now + LEASE


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
            ),
            worker_id="gone",
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


class TestStaleWorker:
    async def test_worker_whose_run_was_reclaimed_writes_nothing(
        self, orchestrator: Orchestrator, ledger: RunLedger, clock: Clock
    ) -> None:
        """A worker back from a stall can neither record items nor finish the run."""
        run = await claimed_run(orchestrator, ledger)
        [first, *_] = await ledger.unfinished_items(run_id=run.id)
        clock.advance(LEASE + timedelta(seconds=1))
        await ledger.reap_runs(cancel_grace=GRACE)
        assert await ledger.claim_next_run(worker_id="new", lease=LEASE) is not None
        result = first.model_copy(
            update={"status": ItemStatus.SUCCEEDED, "output": "late", "attempts": 1}
        )

        with pytest.raises(RunNotHeldError):
            await ledger.record_item_result(result, worker_id="gone")
        with pytest.raises(RunNotHeldError):
            await ledger.append_output(
                run_id=run.id, worker_id="gone", item_index=0, attempt=1, text="x"
            )
        with pytest.raises(RunNotHeldError):
            await ledger.finish_run(run_id=run.id, worker_id="gone")

        now = await ledger.get_run(run_id=run.id)
        assert (now.status, now.worker_id) == (RunStatus.RUNNING, "new")
        assert now.progress.succeeded == 0
        unfinished = await ledger.unfinished_items(run_id=run.id)
        assert [item.index for item in unfinished] == [0, 1, 2]
        assert unfinished[0].output is None

    async def test_item_result_is_recorded_once(
        self, orchestrator: Orchestrator, ledger: RunLedger
    ) -> None:
        """Recording the same item twice counts it once."""
        run = await claimed_run(orchestrator, ledger)
        [first, *_] = await ledger.unfinished_items(run_id=run.id)
        result = first.model_copy(update={"status": ItemStatus.SUCCEEDED})
        await ledger.record_item_result(result, worker_id="gone")

        with pytest.raises(RunNotHeldError):
            await ledger.record_item_result(result, worker_id="gone")

        assert (await ledger.get_run(run_id=run.id)).progress.succeeded == 1


class TestRelease:
    async def test_released_run_is_pending_in_the_same_attempt(
        self, orchestrator: Orchestrator, ledger: RunLedger, db: Database
    ) -> None:
        """A worker stopping on purpose hands its run back without a crash."""
        run = await claimed_run(orchestrator, ledger)

        released = await ledger.release_run(run_id=run.id, worker_id="gone")

        assert (released.status, released.attempt) == (RunStatus.PENDING, 1)
        assert released.worker_id is None
        assert await status_changes(db, run.id) == [
            RunStatus.PENDING,
            RunStatus.RUNNING,
            RunStatus.PENDING,
        ]

    async def test_released_cancelling_run_ends_cancelled(
        self, orchestrator: Orchestrator, ledger: RunLedger
    ) -> None:
        """A run being cancelled is not handed back: it is cancelled."""
        run = await claimed_run(orchestrator, ledger)
        await orchestrator.cancel_run(run_id=run.id)

        released = await ledger.release_run(run_id=run.id, worker_id="gone")

        assert released.status is RunStatus.CANCELLED


class TestClaim:
    async def test_claim_validates_no_dataset_row(
        self,
        orchestrator: Orchestrator,
        ledger: RunLedger,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A claimed run's rows are validated as they are read, not at the claim."""
        validated: list[object] = []
        validate = DatasetItem.model_validate

        def counted(row: object, **options: Any) -> DatasetItem:
            validated.append(row)
            return validate(row, **options)

        monkeypatch.setattr(DatasetItem, "model_validate", counted)

        claimed = await claim_new_run(
            orchestrator, ledger, rows=2_000, worker_id="w", lease=LEASE
        )
        at_claim = len(validated)
        row = claimed.config.dataset[1_500]

        assert at_claim == 0
        assert row.variables == {"n": 1_500}
        assert len(validated) == 1
