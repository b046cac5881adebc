"""Confidence intervals and the exact distributions behind Runcast's tests.

Pure Python on purpose: Student's t (through the regularized incomplete
beta function), the binomial and the hypergeometric distribution are all
the statistics need, so no numerical library is loaded into every process.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist, fmean, stdev

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CONFIDENCE",
    "Interval",
    "binomial_two_sided_p",
    "fisher_exact_p",
    "mean_interval",
    "nearest_rank_percentile",
    "newcombe_paired_interval",
    "newcombe_unpaired_interval",
    "student_t_quantile",
    "student_t_two_sided_p",
    "wilson_interval",
]

CONFIDENCE = 0.95
"""The confidence of every interval, and 1 - the level of every test."""

_Z = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2)

_MAX_ITERATIONS = 10_000
_EPSILON = 1e-15
_TINY = 1e-300
# Fisher's test counts tables as extreme as the observed one up to float noise
_RELATIVE_TOLERANCE = 1e-7


class Interval(BaseModel):
    """A 95 % confidence interval."""

    model_config = ConfigDict(frozen=True)

    low: float = Field(description="The lower bound.")
    high: float = Field(description="The upper bound.")

    def excludes(self, value: float) -> bool:
        """Whether ``value`` lies outside the interval."""
        return value < self.low or value > self.high


def wilson_interval(successes: float, trials: int) -> Interval | None:
    """Wilson's score interval of a proportion; None without trials.

    ``successes`` may be fractional: a sum of rates, as many trials as rates.
    """
    if trials == 0:
        return None
    p = successes / trials
    z2 = _Z * _Z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = (
        _Z / denominator * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    )
    return Interval(low=max(0.0, centre - half), high=min(1.0, centre + half))


def mean_interval(values: Sequence[float]) -> Interval | None:
    """Student's t interval of a mean; None for fewer than two values."""
    if len(values) < 2:
        return None
    mean = fmean(values)
    half = student_t_quantile(len(values) - 1) * stdev(values) / math.sqrt(len(values))
    return Interval(low=mean - half, high=mean + half)


def nearest_rank_percentile(ordered: Sequence[float], percent: int) -> float | None:
    """Nearest-rank percentile of sorted values; None without values."""
    if not ordered:
        return None
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def newcombe_unpaired_interval(
    base_successes: int, base_trials: int, other_successes: int, other_trials: int
) -> Interval | None:
    """Interval of ``other - base`` proportions of independent samples.

    Newcombe's hybrid score interval (1998, method 10), built from the
    Wilson interval of each side.
    """
    base = wilson_interval(base_successes, base_trials)
    other = wilson_interval(other_successes, other_trials)
    if base is None or other is None:
        return None
    p_base = base_successes / base_trials
    p_other = other_successes / other_trials
    delta = p_other - p_base
    return Interval(
        low=delta - math.hypot(p_other - other.low, base.high - p_base),
        high=delta + math.hypot(other.high - p_other, p_base - base.low),
    )


def newcombe_paired_interval(
    both: int, base_only: int, other_only: int, neither: int
) -> Interval | None:
    """Interval of ``other - base`` proportions of paired binary outcomes.

    Newcombe's score interval for paired data (1998, method 10): the Wilson
    interval of each margin, combined with the correlation of the pairs.
    ``both``, ``base_only``, ``other_only`` and ``neither`` count the pairs
    by which side had the outcome.
    """
    pairs = both + base_only + other_only + neither
    if pairs == 0:
        return None
    base_successes, other_successes = both + base_only, both + other_only
    base = wilson_interval(base_successes, pairs)
    other = wilson_interval(other_successes, pairs)
    assert base is not None
    assert other is not None
    p_base, p_other = base_successes / pairs, other_successes / pairs
    margins = (
        (both + base_only)
        * (other_only + neither)
        * (both + other_only)
        * (base_only + neither)
    )
    # a side without variation has no correlation with the other
    phi = (
        _corrected(both * neither - base_only * other_only, pairs) / math.sqrt(margins)
        if margins
        else 0.0
    )
    delta = p_other - p_base
    below = _combined(p_other - other.low, base.high - p_base, phi)
    above = _combined(other.high - p_other, p_base - base.low, phi)
    return Interval(low=delta - below, high=delta + above)


def _corrected(concordance: float, pairs: int) -> float:
    """Newcombe's continuity correction of the pairs' correlation (numerator)."""
    if concordance > pairs / 2:
        return concordance - pairs / 2
    return min(concordance, 0.0)


def _combined(first: float, second: float, phi: float) -> float:
    return math.sqrt(max(0.0, first**2 - 2 * phi * first * second + second**2))


def student_t_two_sided_p(t: float, degrees_of_freedom: float) -> float:
    """P(|T| >= |t|) for Student's t with these degrees of freedom."""
    if math.isinf(t):
        return 0.0
    x = degrees_of_freedom / (degrees_of_freedom + t * t)
    return _regularized_beta(degrees_of_freedom / 2, 0.5, x)


def student_t_quantile(degrees_of_freedom: float) -> float:
    """The t above which Student's t falls with probability (1 - 95 %) / 2."""
    target = 1 - CONFIDENCE
    # the two-sided p falls as x = df / (df + t^2) falls: bisect on x
    low, high = 0.0, 1.0
    for _ in range(200):
        middle = (low + high) / 2
        if _regularized_beta(degrees_of_freedom / 2, 0.5, middle) < target:
            low = middle
        else:
            high = middle
    x = (low + high) / 2
    return math.sqrt(degrees_of_freedom * (1 - x) / x)


def binomial_two_sided_p(successes: int, trials: int) -> float:
    """Exact two-sided p of ``successes`` in ``trials`` fair coin tosses.

    The sign test, and McNemar's exact test on the discordant pairs.
    """
    if trials == 0:
        return 1.0
    fewer = min(successes, trials - successes)
    tail = sum(
        math.exp(_log_choose(trials, k) - trials * math.log(2))
        for k in range(fewer + 1)
    )
    return min(1.0, 2 * tail)


def fisher_exact_p(a: int, b: int, c: int, d: int) -> float:
    """Fisher's exact two-sided p of the table ``[[a, b], [c, d]]``.

    The probability, with the margins fixed, of a table no more likely than
    the observed one.
    """
    row, column, total = a + b, a + c, a + b + c + d
    if total == 0:
        return 1.0
    lowest, highest = max(0, row + column - total), min(row, column)

    def log_probability(x: int) -> float:
        return (
            _log_choose(column, x)
            + _log_choose(total - column, row - x)
            - _log_choose(total, row)
        )

    observed = log_probability(a)
    threshold = observed + math.log1p(_RELATIVE_TOLERANCE)
    p = sum(
        math.exp(log_probability(x))
        for x in range(lowest, highest + 1)
        if log_probability(x) <= threshold
    )
    return min(1.0, p)


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), by its continued fraction (modified Lentz)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
        + a * math.log(x)
        + b * math.log1p(-x)
    )
    # the fraction converges fast on this side of the mean; use symmetry otherwise
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1 - math.exp(log_front) * _beta_fraction(b, a, 1 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    c, d = 1.0, _nonzero(1 - (a + b) * x / (a + 1))
    d = 1 / d
    fraction = d
    for m in range(1, _MAX_ITERATIONS + 1):
        even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1 / _nonzero(1 + even * d)
        c = _nonzero(1 + even / c)
        fraction *= d * c
        odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 / _nonzero(1 + odd * d)
        c = _nonzero(1 + odd / c)
        step = d * c
        fraction *= step
        if abs(step - 1) < _EPSILON:
            break
    return fraction


def _nonzero(value: float) -> float:
    return value if abs(value) > _TINY else _TINY
