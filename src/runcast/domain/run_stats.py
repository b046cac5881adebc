"""A run's statistics: which items count, and what they add up to.

Which items count:

- An item that *succeeded* or *errored* (``FAILED``) has an outcome; it counts
  in the error rate, whose denominator is these items.
- Among them the *scored* items count in the pass rate and the mean score:
  a succeeded item with a score, and an errored item whose row has
  assertions (the experiment's, its own, or an expected answer). An errored
  scored item did not pass and scores 0: an error is a failure, never a
  gap that makes a run look better.
- An item the run's cancel (or budget, or deadline) stopped (``CANCELLED``)
  and one never run (``PENDING``) have no outcome: they say nothing about
  the prompt or the model, and count nowhere. Progress counts them.

Statistics are over rows: each :class:`Observation` is one cell of a row
(one per repetition), and a row's value is the mean of its cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from statistics import fmean, stdev

from pydantic import BaseModel, ConfigDict, Field

from runcast.domain.experiments import ExperimentConfig
from runcast.domain.reviews import ReviewTally
from runcast.domain.runs import ItemStatus, RunItem
from runcast.domain.significance import Sample
from runcast.domain.statistics import (
    Interval,
    mean_interval,
    nearest_rank_percentile,
    wilson_interval,
)

__all__ = [
    "Observation",
    "RowStats",
    "RunSamples",
    "RunStats",
    "observe",
    "observe_items",
    "scored_rows",
]


def scored_rows(config: ExperimentConfig | None) -> Callable[[int], bool]:
    """Whether a row of the run with this config has assertions that weigh.

    ``None`` stands for a config not read because no errored item asks: it
    says no row is scored. A row whose assertions all weigh 0 is not scored.
    """
    if config is None:
        return lambda _index: False
    return lambda index: any(
        assertion.weight > 0 for assertion in config.assertions_of_row(index)
    )


class Observation(BaseModel):
    """One cell of a row with an outcome: what statistics are made of."""

    model_config = ConfigDict(frozen=True)

    row: int = Field(description="The dataset row's index.")
    errored: bool = Field(description="Whether the cell ended in an error.")
    score: float | None = Field(
        description="Its score, 0 when errored; null: the row has no assertions."
    )
    latency_ms: float | None = Field(description="How long the answer took.")

    @property
    def passed(self) -> bool | None:
        """Whether every assertion held; None for a row without assertions."""
        return None if self.score is None else self.score == 1.0


def observe(
    *,
    row: int,
    status: ItemStatus,
    score: float | None,
    latency_ms: float | None,
    row_is_scored: Callable[[int], bool],
) -> Observation | None:
    """The observation an item of ``row`` makes; None when it counts nowhere."""
    if status is ItemStatus.SUCCEEDED:
        return Observation(row=row, errored=False, score=score, latency_ms=latency_ms)
    if status is ItemStatus.FAILED:
        return Observation(
            row=row,
            errored=True,
            score=0.0 if row_is_scored(row) else None,
            latency_ms=latency_ms,
        )
    return None


def observe_items(
    items: Sequence[RunItem], row_is_scored: Callable[[int], bool]
) -> list[Observation]:
    """The observations a run's items make, in their order."""
    observed = (
        observe(
            row=item.row,
            status=item.status,
            score=item.score,
            latency_ms=item.latency_ms,
            row_is_scored=row_is_scored,
        )
        for item in items
    )
    return [observation for observation in observed if observation is not None]


class RunSamples(BaseModel):
    """A run's observations as samples, one per measure."""

    passed: dict[int, list[float]] = Field(default_factory=dict)
    score: dict[int, list[float]] = Field(default_factory=dict)
    errored: dict[int, list[float]] = Field(default_factory=dict)
    latency_ms: dict[int, list[float]] = Field(default_factory=dict)

    @classmethod
    def of(cls, observations: Sequence[Observation]) -> RunSamples:
        """Group observations by row: 1.0 and 0.0 for rates, values otherwise."""
        passed: defaultdict[int, list[float]] = defaultdict(list)
        score: defaultdict[int, list[float]] = defaultdict(list)
        errored: defaultdict[int, list[float]] = defaultdict(list)
        latency: defaultdict[int, list[float]] = defaultdict(list)
        for observation in observations:
            errored[observation.row].append(float(observation.errored))
            if observation.score is not None:
                score[observation.row].append(observation.score)
                passed[observation.row].append(float(observation.passed or False))
            if observation.latency_ms is not None:
                latency[observation.row].append(observation.latency_ms)
        return cls(
            passed=dict(passed),
            score=dict(score),
            errored=dict(errored),
            latency_ms=dict(latency),
        )


def _row_means(sample: Sample) -> list[float]:
    return [fmean(values) for values in sample.values() if values]


def _rate_interval(sample: Sample) -> Interval | None:
    """Wilson's interval with one cell per row.

    Over repetitions a row's rate is a mean: the rows' t interval, widened
    to at least Wilson's over the rows (a trial a row), so that rows which
    all agree (whose t interval has no width) do not claim certainty.
    """
    means = _row_means(sample)
    wilson = wilson_interval(sum(means), len(means))
    if all(len(values) == 1 for values in sample.values()):
        return wilson
    return _wider(mean_interval(means), wilson)


def _wider(first: Interval | None, second: Interval | None) -> Interval | None:
    """The interval spanning both; one alone when the other is None."""
    if first is None or second is None:
        return first or second
    return Interval(low=min(first.low, second.low), high=max(first.high, second.high))


def _within_unit(interval: Interval | None) -> Interval | None:
    """A score or a rate is 0 to 1, and so is a mean of them: so is its interval."""
    if interval is None:
        return None
    return Interval(low=max(0.0, interval.low), high=min(1.0, interval.high))


def _mean(sample: Sample) -> float | None:
    means = _row_means(sample)
    return fmean(means) if means else None


class RunStats(BaseModel):
    """Aggregates over a run's items with an outcome (see ``run_stats``)."""

    pass_rate: float | None = Field(
        None,
        description=(
            "Fraction of scored items whose every assertion passed; an errored "
            "item with assertions counts as not passed."
        ),
    )
    pass_rate_interval: Interval | None = Field(
        None,
        description=(
            "95 % interval of the pass rate: Wilson's with one repetition; over "
            "repetitions the t interval of the rows' rates, at least as wide as "
            "Wilson's over the rows, within 0 to 1."
        ),
    )
    mean_score: float | None = Field(
        None,
        description="Mean score of scored items; an errored one scores 0.",
    )
    mean_score_interval: Interval | None = Field(
        None,
        description=(
            "95 % t interval of the mean score over rows (a row's score is the "
            "mean of its repetitions'), within 0 to 1."
        ),
    )
    error_rate: float | None = Field(
        None, description="Fraction of items with an outcome that errored."
    )
    error_rate_interval: Interval | None = Field(
        None,
        description=(
            "95 % interval of the error rate: Wilson's with one repetition; over "
            "repetitions the t interval of the rows' rates, at least as wide as "
            "Wilson's over the rows, within 0 to 1."
        ),
    )
    scored_items: int = Field(0, description="Items in the pass rate and mean score.")
    errored_items: int = Field(0, description="Items that ended in an error.")
    evaluated_items: int = Field(
        0,
        description=(
            "Items with an outcome, succeeded or errored: the error rate's "
            "denominator. Cancelled and not-run items have none."
        ),
    )
    latency_p50_ms: float | None = Field(
        None, description="Median item latency in ms; null: none finished."
    )
    latency_p95_ms: float | None = Field(
        None, description="95th percentile item latency in ms; null: none finished."
    )
    human_pass_rate: float | None = Field(
        None, description="👍 share of reviewed items; null: none reviewed."
    )
    reviewed_items: int = Field(0, description="Items with at least one review.")

    def with_reviews(self, tally: ReviewTally) -> RunStats:
        """These aggregates with the human ones of ``tally`` beside them."""
        return self.model_copy(update=dict(tally))

    @classmethod
    def of(cls, observations: Sequence[Observation]) -> RunStats:
        """Summarise a run's observations."""
        samples = RunSamples.of(observations)
        latencies = sorted(
            o.latency_ms for o in observations if o.latency_ms is not None
        )
        return cls(
            pass_rate=_mean(samples.passed),
            pass_rate_interval=_within_unit(_rate_interval(samples.passed)),
            mean_score=_mean(samples.score),
            mean_score_interval=_within_unit(mean_interval(_row_means(samples.score))),
            error_rate=_mean(samples.errored),
            error_rate_interval=_within_unit(_rate_interval(samples.errored)),
            scored_items=sum(o.score is not None for o in observations),
            errored_items=sum(o.errored for o in observations),
            evaluated_items=len(observations),
            latency_p50_ms=nearest_rank_percentile(latencies, 50),
            latency_p95_ms=nearest_rank_percentile(latencies, 95),
        )


class RowStats(BaseModel):
    """What one dataset row's answers add up to, over its repetitions."""

    row: int = Field(description="The dataset row's position, from 0.")
    evaluated_items: int = Field(
        description="The row's items with an outcome, succeeded or errored."
    )
    errored_items: int = Field(description="The row's items that ended in an error.")
    pass_rate: float | None = Field(
        description="Share of the row's scored items that passed; null: none."
    )
    mean_score: float | None = Field(
        description="Mean score of the row's scored items (errored: 0); null: none."
    )
    score_stdev: float | None = Field(
        description=(
            "Sample standard deviation of those scores: how much the row's "
            "answers waver; null below two scored items."
        )
    )

    @classmethod
    def of(cls, row: int, observations: Sequence[Observation]) -> RowStats:
        """Summarise the observations of ``row`` (all of them are of it)."""
        scores = [o.score for o in observations if o.score is not None]
        return cls(
            row=row,
            evaluated_items=len(observations),
            errored_items=sum(o.errored for o in observations),
            pass_rate=fmean(float(s == 1.0) for s in scores) if scores else None,
            mean_score=fmean(scores) if scores else None,
            score_stdev=stdev(scores) if len(scores) > 1 else None,
        )
