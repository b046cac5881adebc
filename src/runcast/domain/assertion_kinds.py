"""The kinds of assertion, and what each needs as its value."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "COMPARES_WITH_EXPECTED",
    "NUMERIC_KINDS",
    "SCORED_KINDS",
    "SLOW_KINDS",
    "WITHOUT_VALUE",
    "AssertionKind",
]


class AssertionKind(StrEnum):
    """What an assertion checks."""

    EQUALS = "equals"
    CONTAINS = "contains"
    ICONTAINS = "icontains"
    NOT_CONTAINS = "not_contains"
    STARTS_WITH = "starts_with"
    REGEX = "regex"
    NOT_REGEX = "not_regex"
    IS_JSON = "is_json"
    JSON_SCHEMA = "json_schema"
    SIMILAR = "similar"
    LLM_JUDGE = "llm_judge"
    MAX_LATENCY_MS = "max_latency_ms"
    MAX_TOKENS = "max_tokens"
    MAX_COST = "max_cost"


NUMERIC_KINDS = frozenset(
    {AssertionKind.MAX_LATENCY_MS, AssertionKind.MAX_TOKENS, AssertionKind.MAX_COST}
)
"""Kinds whose value is a finite number of at least 0."""

WITHOUT_VALUE = frozenset({AssertionKind.IS_JSON})
"""Kinds that look at the output alone."""

COMPARES_WITH_EXPECTED = frozenset({AssertionKind.SIMILAR})
"""Kinds that, given no value, compare with the row's expected answer."""

SCORED_KINDS = frozenset({AssertionKind.SIMILAR, AssertionKind.LLM_JUDGE})
"""Kinds that measure a score from 0 to 1 and pass at a threshold."""

SLOW_KINDS = frozenset(
    {
        AssertionKind.REGEX,
        AssertionKind.NOT_REGEX,
        AssertionKind.JSON_SCHEMA,
        AssertionKind.SIMILAR,
    }
)
"""Kinds whose check may take a while on a long output: checked off the loop."""
