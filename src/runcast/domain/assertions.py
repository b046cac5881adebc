"""Assertions: checks of an item's output that make up its score."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Self

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Assertion",
    "AssertionKind",
    "AssertionResult",
    "ItemOutcome",
    "evaluate",
    "score",
]


class AssertionKind(StrEnum):
    """What an assertion checks."""

    EQUALS = "equals"
    CONTAINS = "contains"
    ICONTAINS = "icontains"
    NOT_CONTAINS = "not_contains"
    STARTS_WITH = "starts_with"
    REGEX = "regex"
    IS_JSON = "is_json"
    MAX_LATENCY_MS = "max_latency_ms"
    MAX_TOKENS = "max_tokens"


_NUMERIC = frozenset({AssertionKind.MAX_LATENCY_MS, AssertionKind.MAX_TOKENS})
_WITHOUT_VALUE = frozenset({AssertionKind.IS_JSON})


REGEX_TIMEOUT_SECONDS = 0.1
"""A regex assertion that takes longer than this fails instead of stalling."""

MAX_VALUE_LENGTH = 100_000
"""The longest value, so an expected answer of any allowed length fits."""


class Assertion(BaseModel):
    """One check, e.g. ``contains "Paris"`` or ``max_latency_ms 800``."""

    model_config = ConfigDict(frozen=True)

    kind: AssertionKind = Field(description="What the assertion checks.")
    value: str = Field(
        "",
        max_length=MAX_VALUE_LENGTH,
        description="Text, pattern or number to compare with.",
    )

    @model_validator(mode="after")
    def _value_fits_kind(self) -> Self:
        if self.kind in _NUMERIC:
            try:
                number = float(self.value)
            except ValueError:
                raise ValueError(
                    f"{self.kind} needs a number, got {self.value!r}"
                ) from None
            if not math.isfinite(number) or number < 0:
                raise ValueError(f"{self.kind} needs a finite number of at least 0")
        elif self.kind is AssertionKind.REGEX:
            try:
                regex.compile(self.value)
            except regex.error as error:
                raise ValueError(f"invalid regular expression: {error}") from error
        elif self.kind not in _WITHOUT_VALUE and not self.value:
            raise ValueError(f"{self.kind} needs a value")
        return self


class ItemOutcome(BaseModel):
    """What assertions look at: the output and how it was produced."""

    output: str
    latency_ms: float
    output_tokens: int


class AssertionResult(BaseModel):
    """Whether one assertion held for one item."""

    kind: AssertionKind = Field(description="What the assertion checked.")
    value: str = Field(description="The text, pattern or number it compared with.")
    passed: bool = Field(description="Whether the output met it.")


def _matches(pattern: str, output: str) -> bool:
    """Whether ``pattern`` matches; one that backtracks too long does not."""
    try:
        return regex.search(pattern, output, timeout=REGEX_TIMEOUT_SECONDS) is not None
    except TimeoutError:
        return False


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


_CHECKS: dict[AssertionKind, Callable[[ItemOutcome, str], bool]] = {
    AssertionKind.EQUALS: lambda outcome, value: (
        outcome.output.strip() == value.strip()
    ),
    AssertionKind.CONTAINS: lambda outcome, value: value in outcome.output,
    AssertionKind.ICONTAINS: lambda outcome, value: (
        value.casefold() in outcome.output.casefold()
    ),
    AssertionKind.NOT_CONTAINS: lambda outcome, value: value not in outcome.output,
    AssertionKind.STARTS_WITH: lambda outcome, value: (
        outcome.output.lstrip().startswith(value)
    ),
    AssertionKind.REGEX: lambda outcome, value: _matches(value, outcome.output),
    AssertionKind.IS_JSON: lambda outcome, _value: _is_json(outcome.output),
    AssertionKind.MAX_LATENCY_MS: lambda outcome, value: (
        outcome.latency_ms <= float(value)
    ),
    AssertionKind.MAX_TOKENS: lambda outcome, value: (
        outcome.output_tokens <= float(value)
    ),
}


def evaluate(
    assertions: Sequence[Assertion], outcome: ItemOutcome
) -> list[AssertionResult]:
    """Check every assertion against an item's outcome."""
    return [
        AssertionResult(
            kind=assertion.kind,
            value=assertion.value,
            passed=_CHECKS[assertion.kind](outcome, assertion.value),
        )
        for assertion in assertions
    ]


def score(results: Sequence[AssertionResult]) -> float | None:
    """The fraction of assertions that passed; None when there were none."""
    if not results:
        return None
    return sum(result.passed for result in results) / len(results)
