"""What each deterministic assertion kind checks of an item's outcome."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex
from pydantic import BaseModel
from rapidfuzz import fuzz

from runcast.domain.assertion_kinds import AssertionKind
from runcast.domain.json_schemas import parse_schema

if TYPE_CHECKING:
    from runcast.domain.assertions import Assertion

__all__ = ["CHECKS", "REGEX_TIMEOUT_SECONDS", "Checked", "ItemOutcome", "similarity"]

REGEX_TIMEOUT_SECONDS = 0.1
"""A regex assertion that takes longer than this fails instead of stalling."""


class ItemOutcome(BaseModel):
    """What assertions look at: the output and how it was produced."""

    output: str
    latency_ms: float
    output_tokens: int
    cost: float = 0.0


@dataclass(frozen=True)
class Checked:
    """Whether a check held, why not, and what it measured (0-1) if anything."""

    passed: bool
    message: str | None = None
    score: float | None = None


def similarity(output: str, expected: str) -> float:
    """How alike two texts are, from 0 to 1: rapidfuzz's normalised Indel ratio.

    It is ``1 - (deletions + insertions) / (len(a) + len(b))`` over the
    shortest edit turning one (stripped) text into the other: ``kitten`` and
    ``sitting`` share ``ittn``, so 1 - 5/13.
    """
    return fuzz.ratio(output.strip(), expected.strip()) / 100


def _held(passed: bool, failure: str) -> Checked:
    return Checked(passed=passed, message=None if passed else failure)


def _matches(pattern: str, output: str) -> bool | None:
    """Whether ``pattern`` matches; None when it backtracked too long."""
    try:
        found = regex.search(pattern, output, timeout=REGEX_TIMEOUT_SECONDS)
    except TimeoutError:
        return None
    return found is not None


def _regex(outcome: ItemOutcome, assertion: Assertion) -> Checked:
    found = _matches(assertion.value, outcome.output)
    if found is None:
        return Checked(passed=False, message="the pattern took too long to match")
    return _held(found, "the pattern does not match")


def _not_regex(outcome: ItemOutcome, assertion: Assertion) -> Checked:
    found = _matches(assertion.value, outcome.output)
    if found is None:
        return Checked(passed=False, message="the pattern took too long to match")
    return _held(not found, "the pattern matches")


def _is_json(outcome: ItemOutcome, _assertion: Assertion) -> Checked:
    try:
        json.loads(outcome.output)
    except ValueError as error:
        return Checked(passed=False, message=f"the output is not JSON: {error}")
    except RecursionError:
        return Checked(passed=False, message="the output is JSON nested too deeply")
    return Checked(passed=True)


def _json_schema(outcome: ItemOutcome, assertion: Assertion) -> Checked:
    violation = parse_schema(assertion.value).violation(outcome.output)
    return Checked(passed=violation is None, message=violation)


def _similar(outcome: ItemOutcome, assertion: Assertion) -> Checked:
    measured = similarity(outcome.output, assertion.value)
    threshold = assertion.passing_score
    return Checked(
        passed=measured >= threshold,
        message=(
            None
            if measured >= threshold
            else f"similarity {measured:.3f} is below {threshold:g}"
        ),
        score=measured,
    )


def _at_most(
    measure: Callable[[ItemOutcome], float], unit: str
) -> Callable[[ItemOutcome, Assertion], Checked]:
    def check(outcome: ItemOutcome, assertion: Assertion) -> Checked:
        measured, limit = measure(outcome), float(assertion.value)
        return _held(measured <= limit, f"{measured:g} {unit} is over {limit:g}")

    return check


CHECKS: dict[AssertionKind, Callable[[ItemOutcome, Assertion], Checked]] = {
    AssertionKind.EQUALS: lambda outcome, assertion: _held(
        outcome.output.strip() == assertion.value.strip(),
        "the output is not equal to the value",
    ),
    AssertionKind.CONTAINS: lambda outcome, assertion: _held(
        assertion.value in outcome.output, "the output does not contain the value"
    ),
    AssertionKind.ICONTAINS: lambda outcome, assertion: _held(
        assertion.value.casefold() in outcome.output.casefold(),
        "the output does not contain the value, in any case",
    ),
    AssertionKind.NOT_CONTAINS: lambda outcome, assertion: _held(
        assertion.value not in outcome.output, "the output contains the value"
    ),
    AssertionKind.STARTS_WITH: lambda outcome, assertion: _held(
        outcome.output.lstrip().startswith(assertion.value),
        "the output does not start with the value",
    ),
    AssertionKind.REGEX: _regex,
    AssertionKind.NOT_REGEX: _not_regex,
    AssertionKind.IS_JSON: _is_json,
    AssertionKind.JSON_SCHEMA: _json_schema,
    AssertionKind.SIMILAR: _similar,
    AssertionKind.MAX_LATENCY_MS: _at_most(lambda outcome: outcome.latency_ms, "ms"),
    AssertionKind.MAX_TOKENS: _at_most(lambda outcome: outcome.output_tokens, "tokens"),
    AssertionKind.MAX_COST: _at_most(lambda outcome: outcome.cost, "USD"),
}
"""The check of each deterministic kind (every kind but ``LLM_JUDGE``)."""
