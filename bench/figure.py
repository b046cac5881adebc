"""A figure of the benchmark: Runcast's samples, the reference's, and a target."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from bench.stats import Spread, ratios

__all__ = ["Bound", "Figure", "UnmeasuredError"]

Subject = Literal["runcast", "ratio", "reference"]


class UnmeasuredError(Exception):
    """Runcast could not be measured within a bound: a result, not a harness fault.

    For example a run that did not finish before its deadline. The figure is
    reported as not met, with this message.
    """


@dataclass(frozen=True)
class Bound:
    """One condition of a target: the median of a subject against a limit."""

    subject: Subject
    at_least: float | None = None
    at_most: float | None = None

    def holds(self, value: float) -> bool:
        """Whether ``value`` lies within the bound."""
        return (self.at_least is None or value >= self.at_least) and (
            self.at_most is None or value <= self.at_most
        )

    def describe(self, unit: str) -> str:
        """The bound as people read it, e.g. ``ratio ≥ 0.5``."""
        suffix = "x" if self.subject == "ratio" else f" {unit}".rstrip()
        parts = []
        if self.at_least is not None:
            parts.append(f"{self.subject} ≥ {self.at_least:g}{suffix}")
        if self.at_most is not None:
            parts.append(f"{self.subject} ≤ {self.at_most:g}{suffix}")
        return " and ".join(parts)


@dataclass
class Figure:
    """What one line of the report says.

    ``runcast`` and ``reference`` hold one sample per round, measured
    interleaved; the ratio is taken round by round. A figure that could not
    be measured carries a ``failure`` and never meets its target.
    """

    key: str
    title: str
    unit: str
    runcast: list[float] = field(default_factory=list)
    reference: list[float] = field(default_factory=list)
    bounds: Sequence[Bound] = ()
    note: str = ""
    failure: str | None = None

    @property
    def ratio(self) -> list[float]:
        """Runcast over reference, one per round; empty without a reference."""
        if not self.runcast or len(self.runcast) != len(self.reference):
            return []
        if any(value == 0 for value in self.reference):
            return []
        return ratios(self.runcast, self.reference)

    def spread(self, subject: Subject) -> Spread | None:
        """Median and range of a subject, or None when it was not measured."""
        samples = {
            "runcast": self.runcast,
            "reference": self.reference,
            "ratio": self.ratio,
        }[subject]
        return Spread.of(samples) if samples else None

    @property
    def target(self) -> str:
        """The target in words; empty when the figure is informative only."""
        return " and ".join(bound.describe(self.unit) for bound in self.bounds)

    @property
    def met(self) -> bool | None:
        """Whether every bound holds on the medians (None: no target)."""
        if self.failure is not None:
            return False
        if not self.bounds:
            return None
        for bound in self.bounds:
            spread = self.spread(bound.subject)
            if spread is None or not bound.holds(spread.median):
                return False
        return True
