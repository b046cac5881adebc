"""Significance of a measure's difference, on samples worked out by hand."""

from __future__ import annotations

import math

import pytest

from runcast.domain.significance import (
    Measure,
    MeasureComparison,
    Sample,
    SignificanceTest,
    compare_means,
    compare_medians,
    compare_rates,
)


def one_per_row(*values: float) -> Sample:
    """Row i has the one value ``values[i]``."""
    return {row: [value] for row, value in enumerate(values)}


def interval_of(comparison: MeasureComparison) -> tuple[float, float]:
    assert comparison.interval is not None
    return comparison.interval.low, comparison.interval.high


class TestCompareRates:
    def test_paired_rates_use_mcnemars_exact_test(self) -> None:
        """10 rows: 3 pass in both, 1 in base only, 6 in other only.

        McNemar on the discordant pairs b=1, c=6: 2·(1 + 7)/2⁷ = 0.125, so
        +50 pp is not significant.
        """
        base = one_per_row(1, 1, 1, 1, 0, 0, 0, 0, 0, 0)
        other = one_per_row(1, 1, 1, 0, 1, 1, 1, 1, 1, 1)

        comparison = compare_rates(Measure.PASS_RATE, base, other, paired=True)

        assert comparison.test is SignificanceTest.MCNEMAR_EXACT
        assert comparison.delta is not None
        assert math.isclose(comparison.delta, 0.5)
        assert comparison.p_value is not None
        assert math.isclose(comparison.p_value, 0.125)
        assert comparison.significant is False
        low, high = interval_of(comparison)
        assert low < 0.5 < high

    def test_paired_rates_with_every_discordant_pair_one_way_are_significant(
        self,
    ) -> None:
        """b=0, c=8 of 8 rows: p = 2/2⁸ = 0.0078 < 0.05."""
        comparison = compare_rates(
            Measure.PASS_RATE, one_per_row(*[0] * 8), one_per_row(*[1] * 8), paired=True
        )

        assert comparison.p_value is not None
        assert math.isclose(comparison.p_value, 2 / 256)
        assert comparison.significant is True
        assert interval_of(comparison)[0] > 0

    def test_unpaired_rates_use_fishers_exact_test(self) -> None:
        """8/8 against 4/8: Fisher's p = 990/12870 = 0.0769, not significant."""
        comparison = compare_rates(
            Measure.PASS_RATE,
            one_per_row(*[1] * 8),
            one_per_row(1, 1, 1, 1, 0, 0, 0, 0),
            paired=False,
        )

        assert comparison.test is SignificanceTest.FISHER_EXACT
        assert comparison.p_value is not None
        assert math.isclose(comparison.p_value, 990 / 12870)
        assert comparison.significant is False
        assert comparison.delta == -0.5

    def test_paired_uses_only_rows_both_sides_have(self) -> None:
        """Rows present on one side only are left out of a paired test."""
        base = {0: [1.0], 1: [0.0], 2: [1.0]}
        other = {1: [1.0], 2: [1.0]}

        comparison = compare_rates(Measure.PASS_RATE, base, other, paired=True)

        assert (comparison.base_rows, comparison.other_rows) == (2, 2)
        assert comparison.base == 0.5
        assert comparison.other == 1.0

    def test_an_empty_side_has_no_test(self) -> None:
        """Without rows on one side there is no delta and nothing to test."""
        comparison = compare_rates(
            Measure.PASS_RATE, {}, one_per_row(1, 0), paired=False
        )

        assert comparison.delta is None
        assert comparison.p_value is None
        assert comparison.test is None
        assert comparison.significant is False

    def test_rates_over_repetitions_are_compared_as_row_means(self) -> None:
        """With several cells per row a row's rate is a mean: a t test."""
        base = {0: [1.0, 0.0], 1: [0.0, 0.0], 2: [1.0, 1.0]}
        other = {0: [1.0, 1.0], 1: [1.0, 0.0], 2: [1.0, 1.0]}

        comparison = compare_rates(Measure.PASS_RATE, base, other, paired=True)

        assert comparison.test is SignificanceTest.PAIRED_T
        assert comparison.base == pytest.approx(0.5)
        assert comparison.other == pytest.approx(5 / 6)


class TestCompareMeans:
    def test_paired_means_use_the_paired_t_test(self) -> None:
        """Differences 0.1, 0.2, 0.3, 0.4: t = 0.25/(0.129099/2) = 3.8730.

        With 3 degrees of freedom p = 0.03047 and the interval is
        0.25 ± 3.182446·0.064550 = [0.0446, 0.4554].
        """
        base = one_per_row(0.5, 0.5, 0.5, 0.5)
        other = one_per_row(0.6, 0.7, 0.8, 0.9)

        comparison = compare_means(Measure.MEAN_SCORE, base, other, paired=True)

        assert comparison.test is SignificanceTest.PAIRED_T
        assert comparison.p_value == pytest.approx(0.030466, abs=1e-6)
        assert comparison.significant is True
        assert interval_of(comparison) == pytest.approx((0.0446, 0.4554), abs=5e-5)

    def test_unpaired_means_use_welchs_t_test(self) -> None:
        """[0, 1] against [1, 1, 1, 0.5, 1]: Welch's t = 0.4/0.509902 = 0.7845.

        Variances 0.5/2 + 0.05/5 = 0.26, se 0.509902, delta 0.4; df =
        0.26² / (0.25² + 0.01²/4) = 1.0812; p = 0.56838 (the t density
        integrated numerically agrees).
        """
        comparison = compare_means(
            Measure.MEAN_SCORE,
            one_per_row(0, 1),
            one_per_row(1, 1, 1, 0.5, 1),
            paired=False,
        )

        assert comparison.test is SignificanceTest.WELCH_T
        assert comparison.delta == pytest.approx(0.4)
        assert comparison.p_value == pytest.approx(0.568378, abs=1e-6)
        assert comparison.significant is False

    def test_rows_all_moved_alike_use_the_sign_flip_permutation(self) -> None:
        """Every row +0.5 over 6 rows: t is undefined; p = 2/2⁶ = 0.03125."""
        comparison = compare_means(
            Measure.MEAN_SCORE,
            one_per_row(*[0.0] * 6),
            one_per_row(*[0.5] * 6),
            paired=True,
        )

        assert comparison.test is SignificanceTest.PERMUTATION
        assert comparison.p_value == pytest.approx(0.03125)
        assert interval_of(comparison) == (0.5, 0.5)

    def test_two_constant_sides_use_the_exact_permutation(self) -> None:
        """[0, 0] against [1, 1]: 2 of the C(4, 2) = 6 splits are as extreme."""
        comparison = compare_means(
            Measure.MEAN_SCORE, one_per_row(0, 0), one_per_row(1, 1), paired=False
        )

        assert comparison.p_value == pytest.approx(1 / 3)
        assert comparison.significant is False

    def test_one_pair_is_too_few_to_test(self) -> None:
        """A t test needs two rows."""
        comparison = compare_means(
            Measure.MEAN_SCORE, one_per_row(0.5), one_per_row(1.0), paired=True
        )

        assert comparison.delta == 0.5
        assert comparison.p_value is None


class TestCompareMedians:
    def test_paired_medians_use_the_sign_test(self) -> None:
        """7 of 8 rows slower, 1 faster: p = 2·(1 + 8)/2⁸ = 0.0703."""
        base = one_per_row(*[100.0] * 8)
        other = one_per_row(*[150.0] * 7, 90.0)

        comparison = compare_medians(Measure.LATENCY_P50_MS, base, other, paired=True)

        assert comparison.test is SignificanceTest.SIGN_TEST
        assert comparison.delta == 50.0
        assert comparison.p_value == pytest.approx(18 / 256)
        assert comparison.interval is None

    def test_unpaired_medians_use_moods_test(self) -> None:
        """All of other above the pooled median 20: Fisher of [[0,4],[4,0]]."""
        # [[0,4],[4,0]]: the tables x=0 and x=4 of C(4,x)C(4,4-x)/70 = 2/70
        comparison = compare_medians(
            Measure.LATENCY_P50_MS,
            one_per_row(10, 11, 12, 20),
            one_per_row(30, 31, 32, 33),
            paired=False,
        )

        assert comparison.test is SignificanceTest.MOOD_MEDIAN
        assert comparison.p_value == pytest.approx(2 / 70)
        assert comparison.significant is True
