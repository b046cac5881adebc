"""Assertions: what each kind checks, which values it accepts, and the score."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from runcast.domain.assertions import (
    Assertion,
    AssertionKind,
    AssertionResult,
    ItemOutcome,
    evaluate,
    score,
)

OUTCOME = ItemOutcome(output='  {"city": "Paris"}  ', latency_ms=120.0, output_tokens=7)


def passed(
    kind: AssertionKind, value: str = "", outcome: ItemOutcome = OUTCOME
) -> bool:
    [result] = evaluate([Assertion(kind=kind, value=value)], outcome)
    return result.passed


class TestChecks:
    @pytest.mark.parametrize(
        ("kind", "value", "expected"),
        [
            (AssertionKind.EQUALS, '{"city": "Paris"}', True),
            (AssertionKind.EQUALS, "Paris", False),
            (AssertionKind.CONTAINS, "Paris", True),
            (AssertionKind.CONTAINS, "paris", False),
            (AssertionKind.ICONTAINS, "PARIS", True),
            (AssertionKind.NOT_CONTAINS, "London", True),
            (AssertionKind.NOT_CONTAINS, "Paris", False),
            (AssertionKind.STARTS_WITH, '{"city"', True),
            (AssertionKind.STARTS_WITH, "Paris", False),
            (AssertionKind.REGEX, r'"city":\s*"P\w+"', True),
            (AssertionKind.REGEX, r"^\d+$", False),
            (AssertionKind.IS_JSON, "", True),
            (AssertionKind.MAX_LATENCY_MS, "120", True),
            (AssertionKind.MAX_LATENCY_MS, "119.5", False),
            (AssertionKind.MAX_TOKENS, "7", True),
            (AssertionKind.MAX_TOKENS, "6", False),
        ],
    )
    def test_each_kind_checks_the_outcome(
        self, kind: AssertionKind, value: str, expected: bool
    ) -> None:
        """Every kind passes and fails where it should."""
        assert passed(kind, value) is expected

    def test_is_json_fails_for_prose(self) -> None:
        """Text that is not JSON fails IS_JSON."""
        prose = ItemOutcome(output="Paris, of course", latency_ms=1, output_tokens=3)

        assert passed(AssertionKind.IS_JSON, outcome=prose) is False

    def test_regex_that_backtracks_too_long_fails_instead_of_stalling(self) -> None:
        """A catastrophic pattern is a failed check, not a frozen server."""
        outcome = ItemOutcome(output="a" * 40 + "b", latency_ms=1, output_tokens=1)

        assert passed(AssertionKind.REGEX, "^(a+)+$", outcome) is False


class TestValues:
    @pytest.mark.parametrize(
        ("kind", "value"),
        [
            (AssertionKind.MAX_TOKENS, "many"),
            (AssertionKind.MAX_TOKENS, "-1"),
            (AssertionKind.MAX_LATENCY_MS, "nan"),
            (AssertionKind.MAX_LATENCY_MS, "inf"),
            (AssertionKind.REGEX, "("),
            (AssertionKind.CONTAINS, ""),
        ],
    )
    def test_value_that_does_not_fit_the_kind_is_refused(
        self, kind: AssertionKind, value: str
    ) -> None:
        """Numbers must be finite and non-negative, patterns valid, texts given."""
        with pytest.raises(ValidationError):
            Assertion(kind=kind, value=value)

    def test_is_json_needs_no_value(self) -> None:
        """IS_JSON checks the output alone."""
        assert Assertion(kind=AssertionKind.IS_JSON).value == ""


class TestScore:
    def test_score_is_the_fraction_passed(self) -> None:
        """Two of three passed is a score of 2/3."""
        results = [
            AssertionResult(kind=AssertionKind.CONTAINS, value="a", passed=passed_)
            for passed_ in (True, False, True)
        ]

        assert score(results) == pytest.approx(2 / 3)

    def test_no_assertions_means_no_score(self) -> None:
        """An item without assertions is not scored."""
        assert score([]) is None
