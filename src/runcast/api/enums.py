"""The domain's enums as GraphQL enums, each value described for clients.

The domain's enums stay plain Python; registering them here, before the
schema is built, gives the GraphQL enums their descriptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import strawberry

from runcast.domain.assertions import AssertionKind
from runcast.domain.experiments import ExecutorKind
from runcast.domain.item_pages import ItemOrder
from runcast.domain.judgements import JudgeVerdict
from runcast.domain.reviews import ReviewVerdict
from runcast.domain.runs import CacheMode, ItemStatus, Outcome, RerunScope, RunStatus
from runcast.domain.significance import Measure, SignificanceTest

__all__ = [
    "AssertionKind",
    "CacheMode",
    "ExecutorKind",
    "ItemOrder",
    "ItemStatus",
    "JudgeVerdict",
    "Measure",
    "Outcome",
    "RerunScope",
    "ReviewVerdict",
    "RunStatus",
    "SignificanceTest",
]

E = TypeVar("E", bound=Enum)


def _described(
    enum: type[E],
    description: str,
    values: Mapping[E, str],
    *,
    name: str | None = None,
) -> None:
    strawberry.enum(enum, name=name, description=description)
    for value in enum.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[enum[value.name]]


_described(
    RunStatus,
    "Where a run is in its life. SUCCEEDED, FAILED and CANCELLED never change.",
    {
        RunStatus.PENDING: "Waiting for a worker (again, after a retryable failure).",
        RunStatus.RUNNING: "A worker is executing its items.",
        RunStatus.CANCELLING: "Cancel asked while running: stopping, within a grace.",
        RunStatus.SUCCEEDED: "Every item succeeded (assertions may still have failed).",
        RunStatus.FAILED: "An item failed, or the run did; `error` says why.",
        RunStatus.CANCELLED: "Stopped by a cancel before it finished.",
    },
)
_described(
    ItemStatus,
    "Whether one item of a run is done, and how.",
    {
        ItemStatus.PENDING: "Not finished yet: waiting or being executed.",
        ItemStatus.SUCCEEDED: "The model answered; assertions may still have failed.",
        ItemStatus.FAILED: "The model did not answer; `error` says why.",
        ItemStatus.CANCELLED: (
            "The run was cancelled while the model answered; `output` and "
            "`usage` keep what it had streamed."
        ),
    },
)
_described(
    RerunScope,
    "Which items of a run a rerun executes again.",
    {
        RerunScope.ALL: "Every item.",
        RerunScope.FAILED: "Only the items whose status is FAILED.",
        RerunScope.NOT_PASSED: (
            "Every item that did not pass: failed its assertions, errored, "
            "or has no outcome (cancelled, never run)."
        ),
    },
)
_described(
    Outcome,
    (
        "What a finished item's answer earned, beside its execution status. "
        "Null for an item pending, running or cancelled."
    ),
    {
        Outcome.PASSED: "Answered, and every assertion held (or there were none).",
        Outcome.FAILED_ASSERTIONS: "Answered, but an assertion did not hold.",
        Outcome.ERRORED: "Not answered: the item FAILED; `error` says why.",
    },
    name="ItemOutcome",
)
_described(
    ItemOrder,
    (
        "How a run's items are ordered. Items without the value sorted on "
        "come last; ties go by item index."
    ),
    {
        ItemOrder.INDEX: "Dataset order.",
        ItemOrder.SCORE_ASC: "Lowest score first.",
        ItemOrder.SCORE_DESC: "Highest score first.",
        ItemOrder.LATENCY_ASC: "Fastest first.",
        ItemOrder.LATENCY_DESC: "Slowest first.",
    },
)
_described(
    CacheMode,
    "How a run uses the response cache, which keeps every complete answer by "
    "its request (executor, endpoint, model settings, messages, repetition).",
    {
        CacheMode.USE: (
            "Answer a request from the cache when it holds one (an answer "
            "that costs nothing); keep the new answers."
        ),
        CacheMode.REFRESH: (
            "Ask the model every time and keep its answers, replacing those "
            "kept before."
        ),
        CacheMode.OFF: "Ask the model every time; neither read nor write the cache.",
    },
)
_described(
    ExecutorKind,
    "Which executor answers a prompt.",
    {
        ExecutorKind.SIMULATED: "Deterministic answers made up locally: no API key.",
        ExecutorKind.OPENAI: "An OpenAI-compatible chat-completions API (`baseUrl`).",
    },
)
_described(
    AssertionKind,
    "What an assertion checks of an output.",
    {
        AssertionKind.EQUALS: "The output equals `value` exactly.",
        AssertionKind.CONTAINS: "The output contains `value`.",
        AssertionKind.ICONTAINS: "The output contains `value`, ignoring case.",
        AssertionKind.NOT_CONTAINS: "The output does not contain `value`.",
        AssertionKind.STARTS_WITH: "The output starts with `value`.",
        AssertionKind.REGEX: "The regular expression `value` matches the output.",
        AssertionKind.NOT_REGEX: "The regular expression `value` does not match.",
        AssertionKind.IS_JSON: "The output is valid JSON (`value` is ignored).",
        AssertionKind.JSON_SCHEMA: (
            "The output is JSON valid against the JSON Schema in `value`."
        ),
        AssertionKind.SIMILAR: (
            "The output is at least `threshold` similar (0-1) to `value`, or to "
            "the row's `expected` when `value` is empty."
        ),
        AssertionKind.LLM_JUDGE: (
            "A judge model grades the output by the rubric in `value` (and the "
            "row's `expected`, if any): its verdict passes, or its score from "
            "`threshold` on."
        ),
        AssertionKind.MAX_LATENCY_MS: "The answer took at most `value` milliseconds.",
        AssertionKind.MAX_TOKENS: "The answer has at most `value` output tokens.",
        AssertionKind.MAX_COST: "The answer cost at most `value` (USD).",
    },
)
_described(
    JudgeVerdict,
    "What an LLM_JUDGE judge decided of an output.",
    {
        JudgeVerdict.PASS: "The output meets the rubric.",
        JudgeVerdict.FAIL: "The output does not meet the rubric.",
    },
)
_described(
    Measure,
    "What a comparison measures.",
    {
        Measure.PASS_RATE: "Fraction of scored items that passed; errored ones failed.",
        Measure.MEAN_SCORE: "Mean score of scored items; errored ones score 0.",
        Measure.ERROR_RATE: "Fraction of items with an outcome that errored.",
        Measure.LATENCY_P50_MS: "Median item latency in milliseconds.",
    },
)
_described(
    SignificanceTest,
    "How a difference between two runs was tested.",
    {
        SignificanceTest.MCNEMAR_EXACT: "McNemar's exact test of paired outcomes.",
        SignificanceTest.FISHER_EXACT: "Fisher's exact test of unpaired outcomes.",
        SignificanceTest.PAIRED_T: "Student's paired t test of rows' differences.",
        SignificanceTest.WELCH_T: "Welch's t test of unpaired rows.",
        SignificanceTest.PERMUTATION: (
            "The exact permutation test: the spread is zero, so t is undefined."
        ),
        SignificanceTest.SIGN_TEST: "The exact sign test of paired differences.",
        SignificanceTest.MOOD_MEDIAN: "Mood's median test of unpaired rows.",
    },
)
_described(
    ReviewVerdict,
    "A reviewer's verdict on an item.",
    {
        ReviewVerdict.THUMBS_UP: "👍: the output is good.",
        ReviewVerdict.THUMBS_DOWN: "👎: the output is not good.",
    },
)
