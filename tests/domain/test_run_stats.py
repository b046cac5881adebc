"""Which items a run's statistics count, and what they add up to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from runcast.domain.assertions import Assertion, AssertionKind
from runcast.domain.comparison import ComparedRun, compare_runs
from runcast.domain.experiments import DatasetItem, ExperimentConfig
from runcast.domain.run_stats import RunStats, observe_items, scored_rows
from runcast.domain.runs import ItemStatus, Run, RunError, RunItem, RunStatus
from runcast.domain.significance import Measure

STARTS_WITH = Assertion(kind=AssertionKind.STARTS_WITH, value="answer")


def config(rows: int, *, shared: bool = True) -> ExperimentConfig:
    """``rows`` rows; the assertion on every row, or only on even rows."""
    return ExperimentConfig(
        name="stats",
        prompt="Answer {{ n }}",
        assertions=[STARTS_WITH] if shared else [],
        dataset=[
            DatasetItem(
                variables={"n": n},
                assertions=[] if shared or n % 2 else [STARTS_WITH],
            )
            for n in range(rows)
        ],
    )


def item(index: int, status: ItemStatus, score: float | None = None) -> RunItem:
    """Item ``index`` of run ``r``, answered in 10 ms when it succeeded."""
    succeeded = status is ItemStatus.SUCCEEDED
    return RunItem(
        run_id="r",
        index=index,
        row=index,
        variables={"n": index},
        status=status,
        score=score,
        latency_ms=10.0 + index if succeeded else None,
        error=None if succeeded else RunError(code="BAD_REQUEST", message="no"),
    )


def stats_of(items: list[RunItem], experiment: ExperimentConfig) -> RunStats:
    return RunStats.of(observe_items(items, scored_rows(experiment)))


class TestWhichItemsCount:
    def test_errored_items_count_as_failures(self) -> None:
        """4 passed and 4 errored of 8 is a pass rate of 50 %, not 100 %."""
        items = [item(n, ItemStatus.SUCCEEDED, 1.0) for n in range(4)] + [
            item(n, ItemStatus.FAILED) for n in range(4, 8)
        ]

        stats = stats_of(items, config(8))

        assert stats.pass_rate == 0.5
        assert stats.mean_score == 0.5
        assert stats.error_rate == 0.5
        assert (stats.scored_items, stats.errored_items, stats.evaluated_items) == (
            8,
            4,
            8,
        )

    def test_cancelled_and_not_run_items_count_nowhere(self) -> None:
        """Items a cancel stopped or never ran say nothing of the model."""
        items = [
            item(0, ItemStatus.SUCCEEDED, 1.0),
            item(1, ItemStatus.SUCCEEDED, 0.0),
            item(2, ItemStatus.CANCELLED),
            item(3, ItemStatus.PENDING),
        ]

        stats = stats_of(items, config(4))

        assert stats.pass_rate == 0.5
        assert stats.error_rate == 0.0
        assert stats.evaluated_items == 2

    def test_an_errored_row_without_assertions_counts_only_as_an_error(self) -> None:
        """Row 1 has no assertion: its error is in the error rate alone."""
        items = [
            item(0, ItemStatus.SUCCEEDED, 1.0),
            item(1, ItemStatus.FAILED),
            item(2, ItemStatus.FAILED),
        ]

        stats = stats_of(items, config(3, shared=False))

        # rows 0 and 2 are scored: one passed, one errored
        assert stats.pass_rate == 0.5
        assert stats.scored_items == 2
        assert stats.error_rate == pytest.approx(2 / 3)

    def test_a_run_without_assertions_has_no_pass_rate(self) -> None:
        """No assertions anywhere: no pass rate, no mean, still an error rate."""
        experiment = ExperimentConfig(
            name="plain", prompt="Hi {{ n }}", dataset=[{"variables": {"n": 1}}]
        )

        stats = stats_of([item(0, ItemStatus.FAILED)], experiment)

        assert stats.pass_rate is None
        assert stats.pass_rate_interval is None
        assert stats.mean_score is None
        assert stats.error_rate == 1.0


class TestIntervals:
    def test_pass_rate_of_seven_of_ten_has_wilsons_interval(self) -> None:
        """7 passed, 2 failed their assertion, 1 errored: Wilson of 7/10."""
        items = (
            [item(n, ItemStatus.SUCCEEDED, 1.0) for n in range(7)]
            + [item(n, ItemStatus.SUCCEEDED, 0.0) for n in (7, 8)]
            + [item(9, ItemStatus.FAILED)]
        )

        stats = stats_of(items, config(10))

        assert stats.pass_rate == 0.7
        assert stats.pass_rate_interval is not None
        assert stats.pass_rate_interval.low == pytest.approx(0.3968, abs=5e-5)
        assert stats.pass_rate_interval.high == pytest.approx(0.8922, abs=5e-5)
        # mean 0.7, sd √(0.7·0.3·10/9) = 0.483046, t(0.975, 9) = 2.262157:
        # 0.7 ± 0.345550 = [0.35445, 1.04555], and a mean score is at most 1
        assert stats.mean_score_interval is not None
        assert stats.mean_score_interval.low == pytest.approx(0.35445, abs=1e-5)
        assert stats.mean_score_interval.high == 1.0
        # one error of ten: Wilson of 1/10 is [0.0179, 0.4042]
        assert stats.error_rate_interval is not None
        assert stats.error_rate_interval.low == pytest.approx(0.0179, abs=5e-5)
        assert stats.error_rate_interval.high == pytest.approx(0.4042, abs=5e-5)


def run(run_id: str) -> Run:
    return Run(
        id=run_id,
        experiment_id="e",
        status=RunStatus.SUCCEEDED,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


class TestCompareRuns:
    def test_a_run_with_half_its_items_errored_is_not_better(self) -> None:
        """Base passes 6 of 8; other passes its 4 answered ones and errors 4."""
        base_items = [item(n, ItemStatus.SUCCEEDED, 1.0) for n in range(6)] + [
            item(n, ItemStatus.SUCCEEDED, 0.0) for n in (6, 7)
        ]
        other_items = [item(n, ItemStatus.SUCCEEDED, 1.0) for n in range(4)] + [
            item(n, ItemStatus.FAILED) for n in range(4, 8)
        ]
        experiment = config(8)

        comparison = compare_runs(
            ComparedRun(run=run("a"), items=base_items, config=experiment),
            ComparedRun(run=run("b"), items=other_items, config=experiment),
        )

        measures = {measure.measure: measure for measure in comparison.measures}
        assert comparison.paired is True
        assert comparison.pass_rate_delta == pytest.approx(-0.25)
        assert measures[Measure.PASS_RATE].delta == pytest.approx(-0.25)
        # discordant pairs: rows 4 and 5 pass in base only: p = 2·(1/4) = 0.5
        assert measures[Measure.PASS_RATE].p_value == pytest.approx(0.5)
        assert measures[Measure.ERROR_RATE].delta == pytest.approx(0.5)
        # 4 rows error in other only: McNemar p = 2/2⁴ = 0.125
        assert measures[Measure.ERROR_RATE].p_value == pytest.approx(0.125)
        assert comparison.other.errored_items == 4

    def test_rows_with_other_variables_are_compared_unpaired(self) -> None:
        """A changed dataset row makes the runs independent samples."""
        base_items = [item(n, ItemStatus.SUCCEEDED, 1.0) for n in range(3)]
        other_items = [item(n, ItemStatus.SUCCEEDED, 1.0) for n in range(3)]
        other_items[2] = other_items[2].model_copy(update={"variables": {"n": 9}})
        experiment = config(3)

        comparison = compare_runs(
            ComparedRun(run=run("a"), items=base_items, config=experiment),
            ComparedRun(run=run("b"), items=other_items, config=experiment),
        )

        assert comparison.paired is False
        assert {measure.paired for measure in comparison.measures} == {False}
