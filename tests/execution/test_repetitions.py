"""Repetitions: each row asked of the model several times, one cell each."""

from __future__ import annotations

from typing import Any

import pytest

from runcast.domain.experiments import ExperimentConfigCreate, ExperimentConfigUpdate
from runcast.domain.runs import CacheMode, ItemStatus, RerunScope, RunItem, RunStatus
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator
from tests.support.executors import ScriptedExecutor

ROWS = 4
REPETITIONS = 3


def config(name: str = "repeated", **extra: Any) -> ExperimentConfigCreate:
    """ROWS rows, each asked REPETITIONS times, checked for "answer"."""
    return ExperimentConfigCreate.model_validate(
        {
            "name": name,
            "prompt": "Describe {{ topic }}",
            "dataset": [{"variables": {"topic": f"topic {n}"}} for n in range(ROWS)],
            "assertions": [{"kind": "contains", "value": "answer"}],
            "repetitions": REPETITIONS,
            **extra,
        }
    )


async def execute(
    orchestrator: Orchestrator,
    worker: Worker,
    experiment_id: str,
    cache: CacheMode = CacheMode.OFF,
) -> tuple[str, list[RunItem]]:
    """Run the experiment to its end; the run's id and its items."""
    run = await orchestrator.create_run(experiment_id=experiment_id, cache=cache)
    await worker.run_once()
    return run.id, await orchestrator.list_run_items(run_id=run.id)


def cells(items: list[RunItem]) -> list[tuple[int, int, int]]:
    """Each item's index, row and repetition."""
    return [(item.index, item.row, item.repetition) for item in items]


@pytest.fixture
def executor() -> ScriptedExecutor:
    """Answers ``answer <index>`` and records every request."""
    return ScriptedExecutor()


class TestCells:
    async def test_every_row_is_asked_once_per_repetition(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """Rows times repetitions cells, a row's repetitions side by side."""
        experiment = await orchestrator.create_experiment(config())

        run_id, items = await execute(orchestrator, worker, experiment.id)

        run = await orchestrator.get_run(run_id=run_id)
        assert run.status is RunStatus.SUCCEEDED
        assert run.progress.total == ROWS * REPETITIONS
        assert cells(items) == [
            (row * REPETITIONS + repetition, row, repetition)
            for row in range(ROWS)
            for repetition in range(REPETITIONS)
        ]
        assert [item.variables for item in items] == [
            {"topic": f"topic {row}"} for row in range(ROWS) for _ in range(REPETITIONS)
        ]
        assert sorted(
            (request.item_index, request.repetition) for request in executor.requests
        ) == [(item.index, item.repetition) for item in items]
        assert {item.rendered_prompt for item in items if item.row == 2} == {
            "Describe topic 2"
        }

    async def test_a_run_without_rows_asks_the_prompt_once_per_repetition(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """No dataset: the prompt alone, repeated."""
        experiment = await orchestrator.create_experiment(
            config(prompt="Say hello", dataset=[], assertions=[])
        )

        _, items = await execute(orchestrator, worker, experiment.id)

        assert cells(items) == [(0, 0, 0), (1, 0, 1), (2, 0, 2)]
        assert {item.status for item in items} == {ItemStatus.SUCCEEDED}

    async def test_changing_repetitions_changes_the_next_run_only(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """A run keeps the repetitions frozen with its config."""
        experiment = await orchestrator.create_experiment(config())
        first = await orchestrator.create_run(experiment_id=experiment.id)

        await orchestrator.update_experiment(
            experiment_id=experiment.id,
            changes=ExperimentConfigUpdate(repetitions=1),
        )
        await worker.run_once()
        _, second = await execute(orchestrator, worker, experiment.id)

        first_items = await orchestrator.list_run_items(run_id=first.id)
        assert len(first_items) == ROWS * REPETITIONS
        assert cells(second) == [(row, row, 0) for row in range(ROWS)]


class TestStatistics:
    async def test_pass_rate_is_the_mean_of_the_rows_rates(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """4 rows x 2 repetitions, one cell errored: rows pass 1, 1, 1/2, 1.

        Mean 0.875; the rows' standard deviation is 0.25, so the t interval
        is 0.875 ± 3.1824 x 0.25 / 2 = [0.4772, 1.2728]. Wilson's over the
        4 rows (3.5 of 4) is [0.3958, 0.9868]; the pass rate's interval spans
        both, cut at 1: [0.3958, 1]. The mean score keeps the t interval.
        """
        executor.failing = {2 * 2 + 1}  # row 2, repetition 1
        experiment = await orchestrator.create_experiment(config(repetitions=2))
        run_id, _ = await execute(orchestrator, worker, experiment.id)

        [stats] = await orchestrator.get_run_stats(run_ids=[run_id])

        assert stats.pass_rate == pytest.approx(0.875)
        assert stats.error_rate == pytest.approx(1 / 8)
        assert (stats.scored_items, stats.errored_items, stats.evaluated_items) == (
            8,
            1,
            8,
        )
        interval = stats.pass_rate_interval
        assert interval is not None
        assert (interval.low, interval.high) == (pytest.approx(0.3958, abs=1e-4), 1.0)
        score_interval = stats.mean_score_interval
        assert score_interval is not None
        assert (score_interval.low, score_interval.high) == (
            pytest.approx(0.4772, abs=1e-4),
            1.0,
        )
        assert stats.error_rate_interval is not None
        assert stats.error_rate_interval.low == 0.0

    async def test_rows_that_all_agree_do_not_claim_certainty(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """Every answer passes: the t interval has no width, Wilson's over the
        4 rows (4 of 4) is [0.5101, 1], and that is the pass rate's."""
        experiment = await orchestrator.create_experiment(config())
        run_id, _ = await execute(orchestrator, worker, experiment.id)

        [stats] = await orchestrator.get_run_stats(run_ids=[run_id])

        interval = stats.pass_rate_interval
        assert stats.pass_rate == 1.0
        assert interval is not None
        assert (interval.low, interval.high) == (pytest.approx(0.5101, abs=1e-4), 1.0)


class TestRowStats:
    async def test_each_row_sums_up_its_repetitions(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """Row 1 passes 2 of 3 (one errored): mean 2/3, stdev sqrt(1/3)."""
        executor.failing = {1 * REPETITIONS + 2}
        experiment = await orchestrator.create_experiment(config())
        run_id, _ = await execute(orchestrator, worker, experiment.id)

        page = await orchestrator.list_row_stats_page(run_id=run_id)

        assert (page.total_count, page.has_next_page) == (ROWS, False)
        assert page.cursors == ["0", "1", "2", "3"]
        steady, wavering = page.items[0], page.items[1]
        assert (steady.row, steady.evaluated_items, steady.errored_items) == (0, 3, 0)
        assert (steady.pass_rate, steady.mean_score, steady.score_stdev) == (1, 1, 0)
        assert (wavering.row, wavering.errored_items) == (1, 1)
        assert wavering.pass_rate == pytest.approx(2 / 3)
        assert wavering.mean_score == pytest.approx(2 / 3)
        assert wavering.score_stdev == pytest.approx((1 / 3) ** 0.5)

    async def test_rows_page_through_in_order(
        self, orchestrator: Orchestrator, worker: Worker
    ) -> None:
        """Two rows a page, resumed after the last row's cursor."""
        experiment = await orchestrator.create_experiment(config())
        run_id, _ = await execute(orchestrator, worker, experiment.id)

        first = await orchestrator.list_row_stats_page(run_id=run_id, first=2)
        second = await orchestrator.list_row_stats_page(
            run_id=run_id, first=2, after=first.cursors[-1]
        )

        assert [row.row for row in first.items] == [0, 1]
        assert first.has_next_page
        assert [row.row for row in second.items] == [2, 3]
        assert not second.has_next_page

    async def test_a_row_not_answered_yet_has_no_figures(
        self, orchestrator: Orchestrator
    ) -> None:
        """Before a worker runs them, rows are there with nothing evaluated."""
        experiment = await orchestrator.create_experiment(config())
        run = await orchestrator.create_run(experiment_id=experiment.id)

        page = await orchestrator.list_row_stats_page(run_id=run.id, first=1)

        [row] = page.items
        assert (row.row, row.evaluated_items, row.mean_score, row.score_stdev) == (
            0,
            0,
            None,
            None,
        )
        assert page.total_count == ROWS

    async def test_a_rerun_of_some_cells_has_only_their_rows(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """A FAILED rerun of row 2's cells has one row: row 2."""
        executor.failing = {2 * REPETITIONS, 2 * REPETITIONS + 1}
        experiment = await orchestrator.create_experiment(config())
        parent_id, _ = await execute(orchestrator, worker, experiment.id)
        executor.failing = set()
        rerun = await orchestrator.rerun(run_id=parent_id, scope=RerunScope.FAILED)
        await worker.run_once()

        page = await orchestrator.list_row_stats_page(run_id=rerun.id)

        assert [(row.row, row.evaluated_items) for row in page.items] == [(2, 2)]
        assert page.total_count == 1


class TestResponseCache:
    async def test_each_repetition_is_an_answer_of_its_own(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """After a run of one repetition, a run of three asks the new two only."""
        experiment = await orchestrator.create_experiment(config(repetitions=1))
        await execute(orchestrator, worker, experiment.id, CacheMode.USE)
        await orchestrator.update_experiment(
            experiment_id=experiment.id,
            changes=ExperimentConfigUpdate(repetitions=REPETITIONS),
        )
        executor.requests.clear()

        _, items = await execute(orchestrator, worker, experiment.id, CacheMode.USE)

        assert sorted(request.repetition for request in executor.requests) == sorted(
            [1, 2] * ROWS
        )
        assert [item.cached for item in items] == [
            repetition == 0 for _ in range(ROWS) for repetition in range(REPETITIONS)
        ]

    async def test_an_unchanged_rerun_asks_nothing(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """Every repetition's answer is kept: the second run costs nothing."""
        experiment = await orchestrator.create_experiment(config())
        await execute(orchestrator, worker, experiment.id, CacheMode.USE)
        executor.requests.clear()

        run_id, items = await execute(
            orchestrator, worker, experiment.id, CacheMode.USE
        )

        assert executor.requests == []
        assert all(item.cached for item in items)
        assert (await orchestrator.get_run(run_id=run_id)).usage.cost == 0


class TestRerun:
    async def test_a_rerun_of_failed_cells_keeps_their_rows_and_repetitions(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """Only the failed cells run again, under the same keys."""
        executor.failing = {1, 8}  # row 0 repetition 1, row 2 repetition 2
        experiment = await orchestrator.create_experiment(config())
        parent_id, _ = await execute(orchestrator, worker, experiment.id)
        executor.failing = set()
        executor.requests.clear()

        rerun = await orchestrator.rerun(run_id=parent_id, scope=RerunScope.FAILED)
        await worker.run_once()

        items = await orchestrator.list_run_items(run_id=rerun.id)
        assert cells(items) == [(1, 0, 1), (8, 2, 2)]
        assert [request.repetition for request in executor.requests] == [1, 2]
        assert {item.status for item in items} == {ItemStatus.SUCCEEDED}

    async def test_compare_pairs_cells_by_row_and_repetition(
        self, orchestrator: Orchestrator, worker: Worker, executor: ScriptedExecutor
    ) -> None:
        """A rerun's cells sit beside the parent's same row and repetition."""
        executor.failing = {1}
        experiment = await orchestrator.create_experiment(config())
        parent_id, _ = await execute(orchestrator, worker, experiment.id)
        executor.failing = set()
        rerun = await orchestrator.rerun(run_id=parent_id, scope=RerunScope.FAILED)
        await worker.run_once()

        comparison = await orchestrator.compare_runs(
            base_run_id=parent_id, other_run_id=rerun.id
        )

        assert [(pair.row, pair.repetition) for pair in comparison.items] == [
            (row, repetition)
            for row in range(ROWS)
            for repetition in range(REPETITIONS)
        ]
        [changed] = [pair for pair in comparison.items if pair.other is not None]
        assert (changed.row, changed.repetition, changed.index) == (0, 1, 0)
        assert changed.base is not None
        assert changed.base.status is ItemStatus.FAILED
        assert changed.other is not None
        assert changed.other.status is ItemStatus.SUCCEEDED
        assert comparison.paired
