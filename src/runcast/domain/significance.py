"""Whether a measure differs between two runs by more than noise, at 95 %.

A *sample* maps each dataset row (its index) to the values of its cells:
one value today, one per repetition once runs repeat cells. The row is the
unit of every test: a row's value is the mean of its cells, so repetitions
of one row are never taken for independent rows. Rows of runs over the same
dataset are *paired*: each row is compared with itself.

- a rate with one value per row: McNemar's exact test and Newcombe's paired
  interval; unpaired, Fisher's exact test and Newcombe's hybrid score
  interval;
- a mean (and a rate over repetitions): the paired t test and interval;
  unpaired, Welch's t test and interval;
- a median: the sign test on the rows' differences; unpaired, Mood's median
  test (Fisher's on the counts above the pooled median).

A t test whose spread is zero is undefined; its p is then the exact
permutation p (the sign-flip one when paired). Medians have no interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from statistics import fmean, stdev, variance

from pydantic import BaseModel, Field, computed_field

from runcast.domain.statistics import (
    CONFIDENCE,
    Interval,
    binomial_two_sided_p,
    fisher_exact_p,
    nearest_rank_percentile,
    newcombe_paired_interval,
    newcombe_unpaired_interval,
    student_t_quantile,
    student_t_two_sided_p,
)

__all__ = [
    "Measure",
    "MeasureComparison",
    "Sample",
    "SignificanceTest",
    "compare_means",
    "compare_medians",
    "compare_rates",
]

Sample = Mapping[int, Sequence[float]]
"""Each dataset row's index and the values of its cells."""


class Measure(StrEnum):
    """What a comparison measures."""

    PASS_RATE = "pass_rate"
    MEAN_SCORE = "mean_score"
    ERROR_RATE = "error_rate"
    LATENCY_P50_MS = "latency_p50_ms"


class SignificanceTest(StrEnum):
    """How a difference was tested."""

    MCNEMAR_EXACT = "mcnemar_exact"
    FISHER_EXACT = "fisher_exact"
    PAIRED_T = "paired_t"
    WELCH_T = "welch_t"
    PERMUTATION = "permutation"
    SIGN_TEST = "sign_test"
    MOOD_MEDIAN = "mood_median"


_Tested = tuple[Interval | None, float, SignificanceTest]
"""A test's interval of the delta, its p and its name."""


class MeasureComparison(BaseModel):
    """One measure of two runs, their difference and whether it is noise."""

    measure: Measure = Field(description="What is measured.")
    paired: bool = Field(description="Whether rows were compared with themselves.")
    base_rows: int = Field(description="Rows of `base` the test used.")
    other_rows: int = Field(description="Rows of `other` the test used.")
    base: float | None = Field(
        description="The measure over the rows of `base` the test used."
    )
    other: float | None = Field(
        description="The measure over the rows of `other` the test used."
    )
    delta: float | None = Field(description="`other - base`; null: a side is empty.")
    interval: Interval | None = Field(
        description="95 % confidence interval of `delta`; null: none computable."
    )
    p_value: float | None = Field(
        description="Two-sided p of no difference; null: too few rows to test."
    )
    test: SignificanceTest | None = Field(
        description="The test behind the p-value; null: none was possible."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def significant(self) -> bool:
        """Whether the difference is significant at 95 %."""
        return self.p_value is not None and self.p_value < 1 - CONFIDENCE


def _compared(
    measure: Measure,
    *,
    paired: bool,
    rows: tuple[Sequence[float], Sequence[float]],
    summary: Callable[[Sequence[float]], float | None],
    tested: _Tested | None = None,
) -> MeasureComparison:
    base_rows, other_rows = rows
    base_value, other_value = summary(base_rows), summary(other_rows)
    interval, p_value, test = tested if tested is not None else (None, None, None)
    return MeasureComparison(
        measure=measure,
        paired=paired,
        base_rows=len(base_rows),
        other_rows=len(other_rows),
        base=base_value,
        other=other_value,
        delta=None
        if base_value is None or other_value is None
        else other_value - base_value,
        interval=interval,
        p_value=p_value,
        test=test,
    )


def _rows_of(
    base: Sample, other: Sample, *, paired: bool
) -> tuple[list[float], list[float]]:
    """Each side's row values the test uses: shared rows, in order, if paired."""
    if paired:
        shared = sorted(row for row in base.keys() & other.keys())
        shared = [row for row in shared if base[row] and other[row]]
        return _row_values(base, shared), _row_values(other, shared)
    return (
        _row_values(base, sorted(row for row, values in base.items() if values)),
        _row_values(other, sorted(row for row, values in other.items() if values)),
    )


def _row_values(sample: Sample, rows: Sequence[int]) -> list[float]:
    return [fmean(sample[row]) for row in rows]


def _mean(values: Sequence[float]) -> float | None:
    return fmean(values) if values else None


def _median(values: Sequence[float]) -> float | None:
    return nearest_rank_percentile(sorted(values), 50)


def compare_rates(
    measure: Measure, base: Sample, other: Sample, *, paired: bool
) -> MeasureComparison:
    """Compare a rate: samples of 1.0 (the row has it) and 0.0 (it has not).

    With one value per row the exact binary tests apply; over repetitions a
    row's rate is a mean, compared as means are.
    """
    if any(len(values) > 1 for values in (*base.values(), *other.values())):
        return compare_means(measure, base, other, paired=paired)
    rows = _rows_of(base, other, paired=paired)
    tested = None
    if rows[0] and rows[1]:
        tested = _mcnemar(*rows) if paired else _fisher(*rows)
    return _compared(measure, paired=paired, rows=rows, summary=_mean, tested=tested)


def _mcnemar(base: Sequence[float], other: Sequence[float]) -> _Tested:
    pairs = list(zip(base, other, strict=True))
    both = sum(1 for b, o in pairs if b and o)
    base_only = sum(1 for b, o in pairs if b and not o)
    other_only = sum(1 for b, o in pairs if o and not b)
    neither = len(pairs) - both - base_only - other_only
    return (
        newcombe_paired_interval(both, base_only, other_only, neither),
        binomial_two_sided_p(other_only, base_only + other_only),
        SignificanceTest.MCNEMAR_EXACT,
    )


def _fisher(base: Sequence[float], other: Sequence[float]) -> _Tested:
    base_hits, other_hits = round(sum(base)), round(sum(other))
    return (
        newcombe_unpaired_interval(base_hits, len(base), other_hits, len(other)),
        fisher_exact_p(
            base_hits, len(base) - base_hits, other_hits, len(other) - other_hits
        ),
        SignificanceTest.FISHER_EXACT,
    )


def compare_means(
    measure: Measure, base: Sample, other: Sample, *, paired: bool
) -> MeasureComparison:
    """Compare means of rows' values: paired t, or Welch's t when unpaired."""
    rows = _rows_of(base, other, paired=paired)
    if paired:
        tested = _paired_t([o - b for b, o in zip(*rows, strict=True)])
    else:
        tested = _welch_t(*rows)
    return _compared(measure, paired=paired, rows=rows, summary=_mean, tested=tested)


def _paired_t(differences: Sequence[float]) -> _Tested | None:
    if len(differences) < 2:
        return None
    mean = fmean(differences)
    spread = stdev(differences)
    if spread == 0:
        # every row moved by the same amount: only the signs can be permuted
        p_value = 1.0 if mean == 0 else 2 / 2 ** len(differences)
        return Interval(low=mean, high=mean), p_value, SignificanceTest.PERMUTATION
    error = spread / math.sqrt(len(differences))
    degrees = len(differences) - 1
    half = student_t_quantile(degrees) * error
    return (
        Interval(low=mean - half, high=mean + half),
        student_t_two_sided_p(mean / error, degrees),
        SignificanceTest.PAIRED_T,
    )


def _welch_t(base: Sequence[float], other: Sequence[float]) -> _Tested | None:
    if len(base) < 2 or len(other) < 2:
        return None
    delta = fmean(other) - fmean(base)
    base_part, other_part = variance(base) / len(base), variance(other) / len(other)
    if base_part + other_part == 0:
        # both sides constant: the observed split is the most extreme one
        splits = math.comb(len(base) + len(other), len(base))
        extreme = 2 if len(base) == len(other) else 1
        p_value = 1.0 if delta == 0 else min(1.0, extreme / splits)
        return Interval(low=delta, high=delta), p_value, SignificanceTest.PERMUTATION
    error = math.sqrt(base_part + other_part)
    degrees = (base_part + other_part) ** 2 / (
        base_part**2 / (len(base) - 1) + other_part**2 / (len(other) - 1)
    )
    half = student_t_quantile(degrees) * error
    return (
        Interval(low=delta - half, high=delta + half),
        student_t_two_sided_p(delta / error, degrees),
        SignificanceTest.WELCH_T,
    )


def compare_medians(
    measure: Measure, base: Sample, other: Sample, *, paired: bool
) -> MeasureComparison:
    """Compare medians: the sign test when paired, else Mood's median test."""
    rows = _rows_of(base, other, paired=paired)
    tested = None
    if rows[0] and rows[1]:
        tested = _sign_test(*rows) if paired else _mood_median(*rows)
    return _compared(measure, paired=paired, rows=rows, summary=_median, tested=tested)


def _sign_test(base: Sequence[float], other: Sequence[float]) -> _Tested:
    differences = [o - b for b, o in zip(base, other, strict=True)]
    rises = sum(1 for difference in differences if difference > 0)
    falls = sum(1 for difference in differences if difference < 0)
    return (
        None,
        binomial_two_sided_p(rises, rises + falls),
        SignificanceTest.SIGN_TEST,
    )


def _mood_median(base: Sequence[float], other: Sequence[float]) -> _Tested:
    pooled = _median([*base, *other])
    assert pooled is not None
    base_above = sum(1 for value in base if value > pooled)
    other_above = sum(1 for value in other if value > pooled)
    return (
        None,
        fisher_exact_p(
            base_above, len(base) - base_above, other_above, len(other) - other_above
        ),
        SignificanceTest.MOOD_MEDIAN,
    )
