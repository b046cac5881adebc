"""The execution engine end to end: determinism, streaming, limits, budgets."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from runcast.domain import template_sandbox
from runcast.domain.events import ItemFinished, OutputDelta, StatusChanged
from runcast.domain.experiments import ExperimentConfigCreate
from runcast.domain.run_stats import RunStats
from runcast.domain.runs import ItemStatus, RunStatus
from runcast.domain.templates import MAX_TEMPLATE_STEPS
from runcast.execution import item_execution
from runcast.execution.run_execution import PENDING_PAGE
from runcast.execution.worker import Worker
from runcast.runtime import Runtime
from runcast.services.ledger import RunLedger
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings
from tests.support.executors import CountingExecutor, GatedExecutor


def experiment_config(rows: int, **extra: Any) -> ExperimentConfigCreate:
    return ExperimentConfigCreate.model_validate(
        {
            "name": f"engine {rows}",
            "prompt": "Describe {{ topic }} in a few words",
            "dataset": [{"variables": {"topic": f"topic {n}"}} for n in range(rows)],
            "assertions": [
                {"kind": "contains", "value": "the"},
                {"kind": "max_tokens", "value": "20"},
            ],
            **extra,
        }
    )


async def execute_once(
    settings: Settings, config: ExperimentConfigCreate | None = None
) -> tuple[str, Runtime]:
    """Create and execute a run (100 items unless told) in a fresh runtime."""
    runtime = Runtime(settings)
    await runtime.start()
    experiment = await runtime.orchestrator.create_experiment(
        config or experiment_config(100)
    )
    run = await runtime.orchestrator.create_run(experiment_id=experiment.id)
    await runtime.new_worker().run_once()
    return run.id, runtime


async def outcome(runtime: Runtime, run_id: str) -> dict[str, Any]:
    """What a run produced, without ids and timestamps."""
    run = await runtime.orchestrator.get_run(run_id=run_id)
    items = await runtime.orchestrator.list_run_items(run_id=run_id)
    [stats] = await runtime.orchestrator.get_run_stats(run_ids=[run_id])
    return {
        "status": run.status,
        "usage": run.usage,
        "stats": stats,
        "items": [
            (
                item.row,
                item.repetition,
                item.output,
                item.score,
                item.latency_ms,
                item.usage,
            )
            for item in items
        ],
    }


async def outcomes_at_seed_42(
    tmp_path: Path, config: ExperimentConfigCreate | None = None
) -> list[dict[str, Any]]:
    """What two executions of the same run, each in a fresh runtime, produced."""
    results = []
    for name in ("first", "second"):
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / name}.db",
            workers=0,
            simulated_seed=42,
            simulated_token_delay=0,
        )
        run_id, runtime = await execute_once(settings, config)
        try:
            results.append(await outcome(runtime, run_id))
        finally:
            await runtime.stop()
    return results


class TestDeterminism:
    async def test_fixed_seed_gives_same_outputs_scores_and_aggregates(
        self, tmp_path: Path
    ) -> None:
        """Two executions of a 100-item run agree on every output and number."""
        first, second = await outcomes_at_seed_42(tmp_path)
        assert first == second
        assert first["status"] is RunStatus.SUCCEEDED
        assert len(first["items"]) == 100
        assert isinstance(first["stats"], RunStats)
        assert first["stats"].latency_p95_ms is not None
        assert 0 < first["stats"].pass_rate < 1

    async def test_repeated_rows_give_the_same_cells_and_intervals(
        self, tmp_path: Path
    ) -> None:
        """50 rows x 3 repetitions: the same 150 cells and intervals each time,
        and a row's repetitions are samples of their own."""
        config = experiment_config(50, repetitions=3)

        first, second = await outcomes_at_seed_42(tmp_path, config)

        assert first == second
        assert first["status"] is RunStatus.SUCCEEDED
        cells = first["items"]
        assert [(row, repetition) for row, repetition, *_ in cells] == [
            (row, repetition) for row in range(50) for repetition in range(3)
        ]
        outputs_by_row = [
            {cell[2] for cell in cells[row * 3 : row * 3 + 3]} for row in range(50)
        ]
        assert all(len(outputs) == 3 for outputs in outputs_by_row)
        stats = first["stats"]
        assert stats.pass_rate_interval is not None
        assert (
            stats.pass_rate_interval.low
            < stats.pass_rate
            < stats.pass_rate_interval.high
        )
        assert stats.mean_score_interval is not None

    async def test_output_deltas_rebuild_every_items_output(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """From the events alone a subscriber rebuilds each output and result."""
        experiment = await orchestrator.create_experiment(experiment_config(100))
        run = await orchestrator.create_run(experiment_id=experiment.id)
        await worker.run_once()

        rebuilt: dict[int, str] = {}
        attempts: dict[int, int] = {}
        finished: dict[int, ItemFinished] = {}
        async for event in orchestrator.run_events(run_id=run.id):
            payload = event.payload
            if isinstance(payload, OutputDelta):
                if payload.attempt != attempts.get(payload.item_index):
                    attempts[payload.item_index] = payload.attempt
                    rebuilt[payload.item_index] = ""
                rebuilt[payload.item_index] += payload.text
            elif isinstance(payload, ItemFinished):
                finished[payload.item_index] = payload

        items = await orchestrator.list_run_items(run_id=run.id)
        assert rebuilt == {item.index: item.output for item in items}
        assert sorted(finished) == list(range(100))
        assert {index: event.score for index, event in finished.items()} == {
            item.index: item.score for item in items
        }
        assert {
            index: list(event.assertion_results) for index, event in finished.items()
        } == {item.index: list(item.assertion_results) for item in items}


class TestStreaming:
    async def test_deltas_are_coalesced_not_one_row_per_token(
        self, orchestrator: Orchestrator, worker: Worker, settings: Settings
    ) -> None:
        """Output of N tokens is written in about N / flush_tokens deltas."""
        experiment = await orchestrator.create_experiment(experiment_config(20))
        run = await orchestrator.create_run(experiment_id=experiment.id)
        await worker.run_once()

        deltas = [
            event
            async for event in orchestrator.run_events(run_id=run.id)
            if isinstance(event.payload, OutputDelta)
        ]
        tokens = (await orchestrator.get_run(run_id=run.id)).usage.output_tokens
        assert len(deltas) < tokens / 4


class TestConcurrency:
    LIMIT = 3

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """At most LIMIT items of a run in flight."""
        return settings.model_copy(update={"items_per_run": self.LIMIT})

    @pytest.fixture
    def executor(self) -> CountingExecutor:
        """Counts calls in flight."""
        return CountingExecutor(limit=self.LIMIT)

    async def test_items_in_flight_never_exceed_the_limit(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        executor: CountingExecutor,
    ) -> None:
        """The executor sees exactly the limit in flight, never more."""
        experiment = await orchestrator.create_experiment(experiment_config(12))
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        assert executor.most_in_flight == self.LIMIT
        assert (await orchestrator.get_run(run_id=run.id)).progress.succeeded == 12


class TestRunsPerWorker:
    LIMIT = 2

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """A worker runs LIMIT runs at once, one item each at a time."""
        return settings.model_copy(
            update={"runs_per_worker": self.LIMIT, "items_per_run": 1}
        )

    @pytest.fixture
    def executor(self) -> CountingExecutor:
        """Counts calls in flight: with one item per run, runs in flight."""
        return CountingExecutor(limit=self.LIMIT)

    async def test_runs_in_flight_never_exceed_the_limit(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        executor: CountingExecutor,
    ) -> None:
        """Five queued runs all finish, never more than LIMIT at a time."""
        experiment = await orchestrator.create_experiment(experiment_config(2))
        runs = [
            await orchestrator.create_run(experiment_id=experiment.id) for _ in range(5)
        ]
        working = asyncio.create_task(worker.run_forever())
        try:
            # a guard against a hung test, not a synchronisation
            async with asyncio.timeout(30):
                for run in runs:  # each stream ends with the run's terminal event
                    [event async for event in orchestrator.run_events(run_id=run.id)]
        finally:
            working.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await working

        assert executor.most_in_flight == self.LIMIT
        for run in runs:
            finished = await orchestrator.get_run(run_id=run.id)
            assert finished.status is RunStatus.SUCCEEDED


class TestBudget:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """One item at a time, so the budget is checked between known items."""
        return settings.model_copy(update={"items_per_run": 1})

    async def test_spent_token_budget_fails_the_run(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """Once the tokens are spent the run FAILS with BUDGET_EXCEEDED."""
        experiment = await orchestrator.create_experiment(
            experiment_config(5, budget={"max_tokens": 1})
        )
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        finished = await orchestrator.get_run(run_id=run.id)
        items = await orchestrator.list_run_items(run_id=run.id)
        assert finished.status is RunStatus.FAILED
        assert finished.error is not None
        assert finished.error.code == "BUDGET_EXCEEDED"
        assert [item.status for item in items] == [ItemStatus.SUCCEEDED] + [
            ItemStatus.PENDING
        ] * 4


class TestDeadline:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """A run may take a tenth of a second."""
        return settings.model_copy(update={"run_timeout": 0.1})

    @pytest.fixture
    def executor(self) -> GatedExecutor:
        """Answers never come."""
        return GatedExecutor()

    async def test_run_past_its_deadline_fails(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """A run still going at its deadline FAILS with DEADLINE_EXCEEDED."""
        experiment = await orchestrator.create_experiment(experiment_config(2))
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        finished = await orchestrator.get_run(run_id=run.id)
        assert finished.status is RunStatus.FAILED
        assert finished.error is not None
        assert finished.error.code == "DEADLINE_EXCEEDED"


class TestSimulatedFailures:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """Half the calls fail with a retryable error; retries are immediate."""
        return settings.model_copy(
            update={
                "simulated_failure_rate": 0.5,
                "item_max_attempts": 10,
                "retry_base_delay": 0,
            }
        )

    async def test_retryable_failures_are_retried_until_they_succeed(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """Items that failed at first succeed on a later attempt."""
        experiment = await orchestrator.create_experiment(experiment_config(20))
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        items = await orchestrator.list_run_items(run_id=run.id)
        assert (await orchestrator.get_run(run_id=run.id)).status is (
            RunStatus.SUCCEEDED
        )
        assert any(item.attempts > 1 for item in items)


class TestCancelRace:
    async def test_cancel_racing_completion_ends_in_one_terminal_state(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """200 races of cancel against completion: one terminal event each time."""
        experiment = await orchestrator.create_experiment(experiment_config(1))

        for _ in range(200):
            run = await orchestrator.create_run(experiment_id=experiment.id)
            await asyncio.gather(
                worker.run_once(),
                orchestrator.cancel_run(run_id=run.id),
                return_exceptions=True,
            )
            finished = await orchestrator.get_run(run_id=run.id)
            terminal_events = [
                event
                async for event in orchestrator.run_events(run_id=run.id)
                if isinstance(event.payload, StatusChanged)
                and event.payload.status.is_terminal
            ]

            assert finished.status.is_terminal
            assert [event.payload.status for event in terminal_events] == [  # type: ignore[union-attr]
                finished.status
            ]


class TestTemplateErrorsAtRender:
    async def test_item_whose_template_fails_at_render_fails_alone(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """A template error met only while rendering one row fails that item."""
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate.model_validate(
                {
                    "name": "render errors",
                    "prompt": "Next is {{ n + 1 }}",
                    "dataset": [{"variables": {"n": 1}}, {"variables": {"n": "2"}}],
                }
            )
        )
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        finished = await orchestrator.get_run(run_id=run.id)
        good, bad = await orchestrator.list_run_items(run_id=run.id)
        assert finished.status is RunStatus.FAILED
        assert finished.error is not None
        assert finished.error.code == "ITEMS_FAILED"
        assert good.status is ItemStatus.SUCCEEDED
        assert bad.error is not None
        assert bad.error.code == "TEMPLATE_ERROR"

    async def test_item_whose_template_passes_a_bound_fails_with_template_limit(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """10^8 empty iterations for one row stop at the step limit; the others run."""
        # the step budget, not a busy machine's clock, must stop this render
        monkeypatch.setattr(template_sandbox, "RENDER_SECONDS", 3_600)
        experiment = await orchestrator.create_experiment(
            ExperimentConfigCreate.model_validate(
                {
                    "name": "render limits",
                    "prompt": "{% for a in range(n) %}{% for b in range(n) %}"
                    "{% endfor %}{% endfor %}{{ n }} done",
                    "dataset": [{"variables": {"n": 10_000}}, {"variables": {"n": 3}}],
                }
            )
        )
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        unbounded, small = await orchestrator.list_run_items(run_id=run.id)
        assert unbounded.error is not None
        assert unbounded.error.code == "TEMPLATE_LIMIT"
        assert str(MAX_TEMPLATE_STEPS) in unbounded.error.message
        assert small.status is ItemStatus.SUCCEEDED
        assert small.rendered_prompt == "3 done"


class TestShutdown:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """One item at a time, and every token written as it comes."""
        return settings.model_copy(update={"items_per_run": 1, "delta_flush_tokens": 1})

    @pytest.fixture
    def executor(self) -> GatedExecutor:
        """Item 0 answers at once; item 1 streams a word, then waits."""
        return GatedExecutor(open_items={0})

    async def test_stopped_worker_hands_its_run_back_to_be_resumed(
        self, orchestrator: Orchestrator, worker: Worker, executor: GatedExecutor
    ) -> None:
        """A worker stopped mid-run leaves it PENDING; the resume redoes only item 1.

        The resumed attempt is numbered after the interrupted one, so a
        viewer rebuilding outputs from the events starts item 1's text afresh.
        """
        experiment = await orchestrator.create_experiment(experiment_config(2))
        run = await orchestrator.create_run(experiment_id=experiment.id)
        working = asyncio.create_task(worker.run_forever())
        await executor.started.wait()
        working.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await working
        released = await orchestrator.get_run(run_id=run.id)

        executor.gate.set()
        assert await worker.run_once()

        assert (released.status, released.attempt) == (RunStatus.PENDING, 1)
        assert executor.executed == [0, 1]
        assert executor.cancelled == [1]
        finished = await orchestrator.get_run(run_id=run.id)
        items = await orchestrator.list_run_items(run_id=run.id)
        assert finished.status is RunStatus.SUCCEEDED
        assert [item.attempts for item in items] == [1, 2]
        rebuilt: dict[int, tuple[int, str]] = {}
        async for event in orchestrator.run_events(run_id=run.id):
            if isinstance(event.payload, OutputDelta):
                index, attempt = event.payload.item_index, event.payload.attempt
                text = rebuilt.get(index, (attempt, ""))
                previous = text[1] if text[0] == attempt else ""
                rebuilt[index] = (attempt, previous + event.payload.text)
        assert {index: text for index, (_, text) in rebuilt.items()} == {
            item.index: item.output for item in items
        }


class TestUnfinishedItemPages:
    async def test_run_longer_than_a_page_executes_every_item_once(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """Items read a page at a time: all of them run, each once, in order."""
        rows = 2 * PENDING_PAGE + 3
        experiment = await orchestrator.create_experiment(experiment_config(rows))
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        finished = await orchestrator.get_run(run_id=run.id)
        items = await orchestrator.list_run_items(run_id=run.id)
        assert finished.status is RunStatus.SUCCEEDED
        assert finished.progress.succeeded == rows
        assert [item.index for item in items] == list(range(rows))
        assert {item.attempts for item in items} == {1}
        assert all(
            item.rendered_prompt == f"Describe topic {item.index} in a few words"
            for item in items
        )


class TestPreparation:
    @pytest.mark.parametrize(("prepare_seconds", "look_ups"), [(60.0, 2), (0.0, 300)])
    async def test_prompts_are_rendered_and_looked_up_together_for_a_while(
        self,
        orchestrator: Orchestrator,
        worker: Worker,
        monkeypatch: pytest.MonkeyPatch,
        prepare_seconds: float,
        look_ups: int,
    ) -> None:
        """Given time, a page is prepared with one cache look-up; with none,
        each item is prepared by itself; every item runs either way."""
        monkeypatch.setattr(item_execution, "PREPARE_SECONDS", prepare_seconds)
        keys_looked_up: list[int] = []
        look_up = RunLedger.cached_answers

        async def counted(self: RunLedger, *, keys: Sequence[str]) -> Any:
            keys_looked_up.append(len(keys))
            return await look_up(self, keys=keys)

        monkeypatch.setattr(RunLedger, "cached_answers", counted)
        experiment = await orchestrator.create_experiment(experiment_config(300))
        run = await orchestrator.create_run(experiment_id=experiment.id)

        await worker.run_once()

        finished = await orchestrator.get_run(run_id=run.id)
        assert finished.progress.succeeded == 300
        assert len(keys_looked_up) == look_ups
        assert sum(keys_looked_up) == 300
