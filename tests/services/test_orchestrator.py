"""The orchestrator's use cases, against a real SQLite file."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from runcast.db.database import Database
from runcast.db.tables import RunEventRow, RunRow
from runcast.domain.errors import ConflictError, InvalidTransitionError, NotFoundError
from runcast.domain.events import StatusChanged
from runcast.domain.experiments import ExperimentConfigCreate, ExperimentConfigUpdate
from runcast.domain.runs import RunStatus
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator


async def count(db: Database, table: type[RunRow] | type[RunEventRow]) -> int:
    async with db.reading() as session:
        return await session.scalar(select(func.count()).select_from(table)) or 0


class TestCreateRun:
    @pytest.mark.asyncio
    async def test_create_and_execute(self, orchestrator, db):
        """Test creating and executing a run."""
        # Arrange - Set up test data
        config = ExperimentConfigCreate(name="Test", prompt="Test prompt")
        experiment = await orchestrator.create_experiment(config)

        # Act - Perform the action being tested
        run = await orchestrator.create_run(experiment_id=experiment.id)

        # Assert - Verify the results
        assert run.id is not None
        assert run.status == "pending"

    async def test_create_run_freezes_the_config(
        self, orchestrator: Orchestrator
    ) -> None:
        """A run keeps the config it was created with when the experiment changes."""
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="frozen", prompt="one")
        )
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await orchestrator.update_experiment(
            experiment_id=experiment.id,
            changes=ExperimentConfigUpdate(prompt="two"),
        )

        [config] = await orchestrator.get_run_configs(run_ids=[run.id])
        assert config is not None
        assert config.prompt == "one"

    async def test_create_run_with_same_idempotency_key_returns_same_run(
        self, orchestrator: Orchestrator, db: Database
    ) -> None:
        """Twenty concurrent creations with one key make exactly one run."""
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="idempotent", prompt="hi")
        )

        runs = await asyncio.gather(
            *(
                orchestrator.create_run(
                    experiment_id=experiment.id, idempotency_key="key-1"
                )
                for _ in range(20)
            )
        )

        assert len({run.id for run in runs}) == 1
        assert await count(db, RunRow) == 1

    async def test_create_run_reusing_key_for_other_experiment_conflicts(
        self, orchestrator: Orchestrator
    ) -> None:
        """An idempotency key names one run of one experiment."""
        first = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="first", prompt="hi")
        )
        second = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="second", prompt="hi")
        )
        await orchestrator.create_run(experiment_id=first.id, idempotency_key="k")

        with pytest.raises(ConflictError):
            await orchestrator.create_run(experiment_id=second.id, idempotency_key="k")

    async def test_create_run_of_unknown_experiment_raises_not_found(
        self, orchestrator: Orchestrator, db: Database
    ) -> None:
        """No run is stored for an experiment that does not exist."""
        with pytest.raises(NotFoundError):
            await orchestrator.create_run(experiment_id="missing")

        assert await count(db, RunRow) == 0

    async def test_create_run_of_archived_experiment_conflicts(
        self, orchestrator: Orchestrator
    ) -> None:
        """Archived experiments are not run again."""
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="old", prompt="hi")
        )
        await orchestrator.archive_experiment(experiment_id=experiment.id)

        with pytest.raises(ConflictError):
            await orchestrator.create_run(experiment_id=experiment.id)


class TestCancelRun:
    async def test_cancel_pending_run_marks_it_cancelled(
        self, orchestrator: Orchestrator
    ) -> None:
        """A PENDING run is CANCELLED at once, with its finish time set."""
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="c", prompt="hi")
        )
        run = await orchestrator.create_run(experiment_id=experiment.id)

        cancelled = await orchestrator.cancel_run(run_id=run.id)

        assert cancelled.status is RunStatus.CANCELLED
        assert cancelled.finished_at is not None

    async def test_cancel_finished_run_raises_invalid_transition(
        self, orchestrator: Orchestrator, worker: Worker, db: Database
    ) -> None:
        """A finished run stays finished and no event is written."""
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="done", prompt="hi")
        )
        run = await orchestrator.create_run(experiment_id=experiment.id)
        await worker.run_once()
        events_before = await count(db, RunEventRow)

        with pytest.raises(InvalidTransitionError):
            await orchestrator.cancel_run(run_id=run.id)

        assert (await orchestrator.get_run(run_id=run.id)).status is RunStatus.SUCCEEDED
        assert await count(db, RunEventRow) == events_before


class TestEvents:
    async def test_every_status_change_writes_one_event_in_order(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """A run's log holds PENDING, RUNNING, SUCCEEDED; seq counts from 1."""
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="log", prompt="hi")
        )
        run = await orchestrator.create_run(experiment_id=experiment.id)
        await worker.run_once()

        events = [event async for event in orchestrator.run_events(run_id=run.id)]
        statuses = [e.payload for e in events if isinstance(e.payload, StatusChanged)]

        assert [status.status for status in statuses] == [
            RunStatus.PENDING,
            RunStatus.RUNNING,
            RunStatus.SUCCEEDED,
        ]
        assert [event.seq for event in events] == list(range(1, len(events) + 1))
