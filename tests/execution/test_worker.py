"""The worker: claims runs, executes items, finishes runs."""

from __future__ import annotations

import asyncio

import pytest

from runcast.domain.experiments import ExperimentConfigCreate
from runcast.domain.runs import ItemStatus, RunStatus
from runcast.execution.executor import ExecutionRequest, TextDelta, UsageReport
from runcast.execution.simulated import SimulatedExecutor
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings
from tests.support.executors import FailingExecutor, GatedExecutor


def config(name: str = "worker", rows: int = 3) -> ExperimentConfigCreate:
    return ExperimentConfigCreate.model_validate(
        {
            "name": name,
            "prompt": "Greet {{ who }}",
            "dataset": [{"variables": {"who": f"person {n}"}} for n in range(rows)],
        }
    )


class TestRunOnce:
    async def test_run_once_without_pending_runs_returns_false(
        self, worker: Worker
    ) -> None:
        """An idle worker reports that there was nothing to do."""
        assert await worker.run_once() is False

    async def test_run_once_executes_every_item_and_succeeds(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """Each item gets its rendered prompt, output and usage; the run succeeds."""
        experiment = await orchestrator.create_experiment(config())
        run = await orchestrator.create_run(experiment_id=experiment.id)

        assert await worker.run_once() is True

        finished = await orchestrator.get_run(run_id=run.id)
        items = await orchestrator.list_run_items(run_id=run.id)
        assert finished.status is RunStatus.SUCCEEDED
        assert finished.progress.succeeded == 3
        assert finished.progress.pending == 0
        assert [item.rendered_prompt for item in items] == [
            "Greet person 0",
            "Greet person 1",
            "Greet person 2",
        ]
        assert all(item.status is ItemStatus.SUCCEEDED for item in items)
        assert all(item.output for item in items)
        assert finished.usage.output_tokens == sum(
            item.usage.output_tokens for item in items
        )

    async def test_run_of_experiment_without_dataset_executes_prompt_once(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """An empty dataset means one item with no variables."""
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate(name="solo", prompt="Say hello")
        )
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        items = await orchestrator.list_run_items(run_id=run.id)
        assert [item.rendered_prompt for item in items] == ["Say hello"]

    async def test_runs_are_claimed_oldest_first(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """The first run created is the first run executed."""
        experiment = await orchestrator.create_experiment(config(rows=1))
        first = await orchestrator.create_run(experiment_id=experiment.id)
        second = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        assert (await orchestrator.get_run(run_id=first.id)).status is (
            RunStatus.SUCCEEDED
        )
        assert (await orchestrator.get_run(run_id=second.id)).status is (
            RunStatus.PENDING
        )


class TestFailures:
    @pytest.fixture
    def executor(self) -> FailingExecutor:
        """Every prompt fails."""
        return FailingExecutor()

    async def test_items_that_fail_fail_the_run_with_their_errors(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """Every item is attempted and keeps its error; the run ends FAILED."""
        experiment = await orchestrator.create_experiment(config(rows=2))
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        finished = await orchestrator.get_run(run_id=run.id)
        items = await orchestrator.list_run_items(run_id=run.id)
        assert finished.status is RunStatus.FAILED
        assert finished.progress.failed == 2
        assert [item.error.code if item.error else None for item in items] == [
            "EXECUTOR_ERROR",
            "EXECUTOR_ERROR",
        ]
        assert items[1].error is not None
        assert "model unavailable for item 1" in items[1].error.message

    async def test_item_whose_template_cannot_render_fails_alone(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """A value the template cannot use fails that item with TEMPLATE_ERROR."""
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate.model_validate(
                {
                    "name": "attr",
                    "prompt": "{{ person.name }}",
                    "dataset": [{"variables": {"person": 3}}],
                }
            )
        )
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        items = await orchestrator.list_run_items(run_id=run.id)
        assert items[0].error is not None
        assert items[0].error.code == "TEMPLATE_ERROR"


class TestCancel:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """One item at a time, so the run is cancelled between known items."""
        return settings.model_copy(update={"items_per_run": 1})

    @pytest.fixture
    def executor(self) -> GatedExecutor:
        """Item 0 answers at once; the others wait for the gate."""
        return GatedExecutor(open_items={0})

    async def test_cancel_running_run_cancels_in_flight_items(
        self, orchestrator: Orchestrator, worker: Worker, executor: GatedExecutor
    ) -> None:
        """RUNNING → CANCELLING → CANCELLED; finished items keep their output."""
        experiment = await orchestrator.create_experiment(config(rows=3))
        run = await orchestrator.create_run(experiment_id=experiment.id)
        execution = asyncio.create_task(worker.run_once())
        await executor.started.wait()

        cancelling = await orchestrator.cancel_run(run_id=run.id)
        again = await orchestrator.cancel_run(run_id=run.id)
        await execution

        finished = await orchestrator.get_run(run_id=run.id)
        items = await orchestrator.list_run_items(run_id=run.id)
        assert cancelling.status is RunStatus.CANCELLING
        assert again.status is RunStatus.CANCELLING
        assert finished.status is RunStatus.CANCELLED
        assert executor.executed == [0]
        assert executor.cancelled == [1]
        assert items[0].output == "answer 0"
        # the item in flight is cancelled; the one never started stays pending
        assert [item.status for item in items[1:]] == [
            ItemStatus.CANCELLED,
            ItemStatus.PENDING,
        ]
        assert finished.progress.model_dump() == {
            "total": 3,
            "succeeded": 1,
            "failed": 0,
            "cancelled": 1,
            "cached": 0,
            "pending": 1,
        }


class TestSimulatedExecutor:
    async def test_same_seed_and_prompt_give_same_answer(self) -> None:
        """The simulated model is deterministic."""
        request = ExecutionRequest(
            run_id="r",
            item_index=0,
            prompt="hello there",
            settings=config().model,
        )

        first = [chunk async for chunk in SimulatedExecutor(seed=7).stream(request)]
        second = [chunk async for chunk in SimulatedExecutor(seed=7).stream(request)]
        other = [chunk async for chunk in SimulatedExecutor(seed=8).stream(request)]

        assert first == second
        assert first != other
        assert isinstance(first[-1], UsageReport)
        assert first[-1].output_tokens == sum(
            1 for chunk in first if isinstance(chunk, TextDelta)
        )
        assert first[-1].input_tokens == 2
