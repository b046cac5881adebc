"""Summaries of repeated measurements: median, spread and percentiles."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Spread", "percentile", "ratios"]


@dataclass(frozen=True)
class Spread:
    """The median and the range of one quantity measured over several rounds."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Spread:
        """The spread of ``samples`` (at least one)."""
        return cls(statistics.median(samples), min(samples), max(samples))


def percentile(samples: Sequence[float], share: float) -> float:
    """The ``share`` (0 to 1) percentile of ``samples``, interpolated linearly."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    position = share * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def ratios(runcast: Sequence[float], reference: Sequence[float]) -> list[float]:
    """Runcast over reference, round by round (rounds were interleaved)."""
    return [ours / theirs for ours, theirs in zip(runcast, reference, strict=True)]
