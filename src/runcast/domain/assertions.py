"""Assertions: checks of an item's output that make up its score."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated

import regex
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from runcast.domain.assertion_checks import (
    CHECKS,
    REGEX_TIMEOUT_SECONDS,
    ItemOutcome,
)
from runcast.domain.assertion_kinds import (
    COMPARES_WITH_EXPECTED,
    NUMERIC_KINDS,
    SCORED_KINDS,
    WITHOUT_VALUE,
    AssertionKind,
)
from runcast.domain.json_schemas import parse_schema
from runcast.domain.judgements import JudgeVerdict
from runcast.domain.model_settings import ModelSettings
from runcast.domain.usage import Usage

__all__ = [
    "DEFAULT_THRESHOLD",
    "MAX_VALUE_LENGTH",
    "REGEX_TIMEOUT_SECONDS",
    "Assertion",
    "AssertionKind",
    "AssertionResult",
    "ItemOutcome",
    "evaluate",
    "passed",
    "score",
]

MAX_VALUE_LENGTH = 100_000
"""The longest value, so an expected answer of any allowed length fits."""

DEFAULT_THRESHOLD = 0.8
"""The least similarity a SIMILAR assertion without a threshold passes at."""

_PATTERN_KINDS = frozenset({AssertionKind.REGEX, AssertionKind.NOT_REGEX})

AssertionName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]


class Assertion(BaseModel):
    """One check, e.g. ``contains "Paris"`` or ``max_latency_ms 800``."""

    model_config = ConfigDict(frozen=True)

    kind: AssertionKind = Field(description="What the assertion checks.")
    value: str = Field(
        "",
        validate_default=True,
        max_length=MAX_VALUE_LENGTH,
        description="Text, pattern, number or JSON Schema to check with (see kind).",
    )
    threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Least score (0-1) to pass SIMILAR (null: 0.8) or LLM_JUDGE "
        "(null: verdict).",
    )
    name: AssertionName | None = Field(
        None, description="What people call it, e.g. `mentions the capital`."
    )
    weight: float = Field(
        1.0,
        ge=0,
        allow_inf_nan=False,
        description="Its share of the item's score; 0: reported, not counted.",
    )
    judge: ModelSettings | None = Field(
        None, description="LLM_JUDGE: who judges; null: the experiment's model."
    )
    embedding: ModelSettings | None = Field(
        None,
        description="SIMILAR: an embedding model to compare meanings; null: texts.",
    )

    @field_validator("value")
    @classmethod
    def _value_fits_kind(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind is None:  # the kind itself was refused
            return value
        if kind in NUMERIC_KINDS:
            _check_number(kind, value)
        elif kind in _PATTERN_KINDS:
            try:
                regex.compile(value)
            except regex.error as error:
                raise ValueError(f"invalid regular expression: {error}") from error
        elif kind is AssertionKind.JSON_SCHEMA:
            parse_schema(value)
        elif kind not in WITHOUT_VALUE | COMPARES_WITH_EXPECTED and not value:
            raise ValueError(f"{kind} needs a value")
        return value

    @field_validator("threshold")
    @classmethod
    def _threshold_fits_kind(
        cls, threshold: float | None, info: ValidationInfo
    ) -> float | None:
        kind = info.data.get("kind")
        if threshold is not None and kind is not None and kind not in SCORED_KINDS:
            raise ValueError(f"{kind} has no threshold")
        return threshold

    @field_validator("judge")
    @classmethod
    def _judge_fits_kind(
        cls, judge: ModelSettings | None, info: ValidationInfo
    ) -> ModelSettings | None:
        kind = info.data.get("kind")
        if (
            judge is not None
            and kind is not None
            and kind is not AssertionKind.LLM_JUDGE
        ):
            raise ValueError(f"{kind} has no judge; only llm_judge does")
        return judge

    @field_validator("embedding")
    @classmethod
    def _embedding_fits_kind(
        cls, embedding: ModelSettings | None, info: ValidationInfo
    ) -> ModelSettings | None:
        kind = info.data.get("kind")
        if (
            embedding is not None
            and kind is not None
            and kind is not AssertionKind.SIMILAR
        ):
            raise ValueError(f"{kind} has no embedding model; only similar does")
        return embedding

    @property
    def embeds(self) -> bool:
        """Whether an embedding model measures it, not the texts themselves."""
        return self.embedding is not None

    @property
    def passing_score(self) -> float:
        """The least score that passes a kind that measures one."""
        return DEFAULT_THRESHOLD if self.threshold is None else self.threshold

    @property
    def compares_with_expected(self) -> bool:
        """Whether it compares with the row's expected answer (it has no value)."""
        return self.kind in COMPARES_WITH_EXPECTED and not self.value

    @property
    def uses_expected(self) -> bool:
        """Whether it looks at the row's expected answer itself.

        A judge is shown it as the reference answer.
        """
        return self.compares_with_expected or self.kind is AssertionKind.LLM_JUDGE


def _check_number(kind: AssertionKind, value: str) -> None:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{kind} needs a number, got {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{kind} needs a finite number of at least 0")


class AssertionResult(BaseModel):
    """Whether one assertion held for one item."""

    kind: AssertionKind = Field(description="What the assertion checked.")
    value: str = Field(description="The text, pattern or number it compared with.")
    passed: bool = Field(description="Whether the output met it.")
    name: str | None = Field(None, description="The assertion's name, if it has one.")
    weight: float = Field(1.0, description="Its share of the item's score.")
    message: str | None = Field(
        None, description="Why it failed, briefly; null when it passed."
    )
    score: float | None = Field(
        None,
        description="What it measured, from 0 to 1: the similarity (SIMILAR), "
        "the judge's score (LLM_JUDGE); null for kinds that measure nothing.",
    )
    verdict: JudgeVerdict | None = Field(
        None, description="LLM_JUDGE: what the judge decided; null: no verdict."
    )
    reasoning: str | None = Field(
        None, description="LLM_JUDGE: why the judge decided so."
    )
    judge_usage: Usage | None = Field(
        None,
        description=(
            "LLM_JUDGE, SIMILAR by embeddings: what the judge's or embedding "
            "model's call spent, in `judge*` fields."
        ),
    )

    @classmethod
    def unmet(cls, assertion: Assertion) -> AssertionResult:
        """A result of ``assertion`` that has not passed: where a model's
        answer is to fill it in, or to say why it could not."""
        return cls(
            kind=assertion.kind,
            value=assertion.value,
            name=assertion.name,
            weight=assertion.weight,
            passed=False,
        )


def evaluate(
    assertions: Sequence[Assertion], outcome: ItemOutcome
) -> list[AssertionResult]:
    """Check every assertion against an item's outcome (all but those that ask
    a model: LLM_JUDGE, and SIMILAR by embeddings)."""
    results = []
    for assertion in assertions:
        checked = CHECKS[assertion.kind](outcome, assertion)
        results.append(
            AssertionResult(
                kind=assertion.kind,
                value=assertion.value,
                name=assertion.name,
                weight=assertion.weight,
                passed=checked.passed,
                message=checked.message,
                score=checked.score,
            )
        )
    return results


def passed(results: Sequence[AssertionResult]) -> bool:
    """Whether an item passed: every assertion that weighs something held.

    Assertions of weight 0 are reported but never fail an item.
    """
    return all(result.passed for result in results if result.weight > 0)


def score(results: Sequence[AssertionResult]) -> float | None:
    """The weighted mean of the assertions passed (1 each) and failed (0 each).

    None when there is nothing to weigh: no assertions, or all of weight 0.
    An item that ``passed`` scores exactly 1.
    """
    total = sum(result.weight for result in results)
    if total == 0:
        return None
    if passed(results):
        return 1.0
    return sum(result.weight for result in results if result.passed) / total
