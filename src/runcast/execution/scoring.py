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
from runcast.execution.embedding import EmbeddingSimilarity
from runcast.execution.judging import AnsweredItem, Judge

__all__ = ["ItemScorer", "judges_usage"]


class ItemScorer:
    """Checks an answer against its item's assertions.

    Deterministic checks run on the event loop when they are quick, in a
    thread when they may take a while on a long output (patterns, JSON
    Schemas, similarity); those that ask a model (LLM_JUDGE's judges, SIMILAR
    by embeddings) ask at once, all together.
    """

    def __init__(self, judge: Judge, similarity: EmbeddingSimilarity) -> None:
        self._judge = judge
        self._similarity = similarity

    async def results(
        self,
        assertions: Sequence[Assertion],
        outcome: ItemOutcome,
        item: AnsweredItem,
    ) -> list[AssertionResult]:
        """Every assertion's result, in the assertions' order."""
        checks = [a for a in assertions if not _asks_a_model(a)]
        checked = iter(await _evaluated(checks, outcome))
        asked = iter(
            await asyncio.gather(
                *(self._asked(a, item) for a in assertions if _asks_a_model(a))
            )
        )
        return [
            next(asked) if _asks_a_model(assertion) else next(checked)
            for assertion in assertions
        ]

    async def _asked(self, assertion: Assertion, item: AnsweredItem) -> AssertionResult:
        if assertion.kind is AssertionKind.LLM_JUDGE:
            return await self._judge.result(assertion, item)
        return await self._similarity.result(
            assertion, run_id=item.run_id, index=item.index, output=item.output
        )


def _asks_a_model(assertion: Assertion) -> bool:
    return assertion.kind is AssertionKind.LLM_JUDGE or assertion.embeds


def judges_usage(results: Sequence[AssertionResult]) -> Usage:
    """What the judges and embedding models of these results spent, together."""
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
