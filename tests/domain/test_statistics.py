"""Intervals and exact distributions, against numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from runcast.domain.statistics import (
    Interval,
    binomial_two_sided_p,
    fisher_exact_p,
    mean_interval,
    nearest_rank_percentile,
    newcombe_paired_interval,
    newcombe_unpaired_interval,
    student_t_quantile,
    student_t_two_sided_p,
    wilson_interval,
)


def close(interval: Interval | None, low: float, high: float) -> bool:
    """Whether ``interval`` is ``[low, high]`` to four decimals."""
    assert interval is not None
    return abs(interval.low - low) < 5e-5 and abs(interval.high - high) < 5e-5


class TestWilsonInterval:
    def test_seven_of_ten_gives_the_textbook_interval(self) -> None:
        """Wilson for 7/10 is [0.3968, 0.8922]."""
        # z = 1.959964, z² = 3.841459, z²/n = 0.384146
        # centre = (0.7 + 0.192073) / 1.384146 = 0.644491
        # half = 1.959964 / 1.384146 · √(0.021 + 0.0096036) = 0.247713
        assert close(wilson_interval(7, 10), 0.3968, 0.8922)

    def test_none_of_ten_starts_at_zero(self) -> None:
        """Wilson for 0/10 is [0, 0.2775]: z²/n / (1 + z²/n) = 0.384146/1.384146."""
        assert close(wilson_interval(0, 10), 0.0, 0.2775)

    def test_no_trials_has_no_interval(self) -> None:
        """Without trials there is nothing to estimate."""
        assert wilson_interval(0, 0) is None


class TestStudentT:
    @pytest.mark.parametrize(
        ("degrees", "quantile"),
        # the 0.975 quantiles of Student's t tables
        [(1, 12.7062), (3, 3.1824), (9, 2.2622), (30, 2.0423), (1000, 1.9623)],
    )
    def test_quantile_matches_the_tables(self, degrees: int, quantile: float) -> None:
        """t(0.975, df) is the tables' value."""
        assert abs(student_t_quantile(degrees) - quantile) < 5e-5

    def test_two_sided_p_at_the_quantile_is_five_percent(self) -> None:
        """P(|T| ≥ t(0.975, 9)) = 0.05."""
        assert abs(student_t_two_sided_p(2.262157, 9) - 0.05) < 1e-6

    def test_one_degree_of_freedom_is_cauchy(self) -> None:
        """With df 1, P(|T| ≥ 1) = 1 - 2·atan(1)/π = 0.5."""
        assert abs(student_t_two_sided_p(1.0, 1) - 0.5) < 1e-12

    def test_mean_interval_of_one_to_four(self) -> None:
        """[1, 2, 3, 4]: 2.5 ± 3.182446 · 1.290994/2 = [0.4457, 4.5543]."""
        assert close(mean_interval([1, 2, 3, 4]), 0.4457, 4.5543)

    def test_one_value_has_no_mean_interval(self) -> None:
        """A spread needs two values."""
        assert mean_interval([0.5]) is None


class TestExactTests:
    def test_binomial_one_of_seven(self) -> None:
        """McNemar with b=1, c=6: 2·(C(7,0) + C(7,1))/2⁷ = 16/128."""
        assert math.isclose(binomial_two_sided_p(6, 7), 0.125)

    def test_binomial_even_split_is_one(self) -> None:
        """Half of the tosses each way is no evidence at all (capped at 1)."""
        assert binomial_two_sided_p(2, 4) == 1.0

    def test_fisher_three_one_one_three(self) -> None:
        """[[3,1],[1,3]]: P(x) = C(4,x)C(4,4-x)/70 → (1+16+16+1)/70."""
        assert math.isclose(fisher_exact_p(3, 1, 1, 3), 34 / 70)

    def test_fisher_eight_of_eight_against_four_of_eight(self) -> None:
        """[[8,0],[4,4]]: the tables x=8 and x=4 of C(12,x)C(4,8-x)/C(16,8)."""
        # C(16,8) = 12870; x=8: 495·1; x=4: 495·1; the others are likelier
        assert math.isclose(fisher_exact_p(8, 0, 4, 4), 990 / 12870)


class TestNewcombeIntervals:
    def test_unpaired_matches_newcombes_example(self) -> None:
        """56/70 against 48/80: Newcombe (1998) gives [0.0524, 0.3339]."""
        assert close(newcombe_unpaired_interval(48, 80, 56, 70), 0.0524, 0.3339)

    def test_paired_with_uncorrelated_sides(self) -> None:
        """a=8, b=5, c=4, d=9: ad-bc = 52 > n/2, φ = 39/√(13⁴) = 0.230769.

        Wilson of 13/26 (base) is [0.3206, 0.6794], of 12/26 (other)
        [0.2876, 0.6454]; delta 12/26 - 13/26 = -0.0385;
        below = √(0.1740² - 2φ·0.1740·0.1794 + 0.1794²) = 0.2192,
        above = √(0.1839² - 2φ·0.1839·0.1794 + 0.1794²) = 0.2253.
        """
        assert close(newcombe_paired_interval(8, 5, 4, 9), -0.2576, 0.1868)

    def test_paired_without_pairs_has_no_interval(self) -> None:
        """Nothing paired, nothing to estimate."""
        assert newcombe_paired_interval(0, 0, 0, 0) is None


class TestPercentile:
    def test_median_is_the_nearest_rank(self) -> None:
        """The median of four values is the second: rank ⌈0.5·4⌉."""
        assert nearest_rank_percentile([10.0, 20.0, 30.0, 40.0], 50) == 20.0
