"""Scoring an answered item: every assertion's result, judges' included."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from runcast.domain.assertion_kinds import SLOW_KINDS, AssertionKind
from runcast.domain.assertions import (
    Assertion,
    AssertionResult,
    ItemOutcome,
    evaluate,
)
from runcast.domain.usage import Usage
from runcast.execution.judging import AnsweredItem, Judge

__all__ = ["ItemScorer", "judges_usage"]


class ItemScorer:
    """Checks an answer against its item's assertions.

    Deterministic checks run on the event loop when they are quick, in a
    thread when they may take a while on a long output (patterns, JSON
    Schemas, similarity); LLM_JUDGE assertions ask their judges, all at once.
    """

    def __init__(self, judge: Judge) -> None:
        self._judge = judge

    async def results(
        self,
        assertions: Sequence[Assertion],
        outcome: ItemOutcome,
        item: AnsweredItem,
    ) -> list[AssertionResult]:
        """Every assertion's result, in the assertions' order."""
        checks = [a for a in assertions if a.kind is not AssertionKind.LLM_JUDGE]
        judges = [a for a in assertions if a.kind is AssertionKind.LLM_JUDGE]
        checked = iter(await _evaluated(checks, outcome))
        judged = iter(
            await asyncio.gather(
                *(self._judge.result(assertion, item) for assertion in judges)
            )
        )
        return [
            next(judged) if assertion.kind is AssertionKind.LLM_JUDGE else next(checked)
            for assertion in assertions
        ]


def judges_usage(results: Sequence[AssertionResult]) -> Usage:
    """What the judges of these results spent, together."""
    return sum(
        (result.judge_usage for result in results if result.judge_usage is not None),
        Usage(),
    )


async def _evaluated(
    assertions: list[Assertion], outcome: ItemOutcome
) -> list[AssertionResult]:
    if any(assertion.kind in SLOW_KINDS for assertion in assertions):
        return await asyncio.to_thread(evaluate, assertions, outcome)
    return evaluate(assertions, outcome)
