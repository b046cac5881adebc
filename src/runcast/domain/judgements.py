"""Model-graded assertions: what a judge is asked, and how its answer is read."""

from __future__ import annotations

import json
from enum import StrEnum

import regex
from pydantic import BaseModel, Field, ValidationError, field_validator

__all__ = ["JudgeVerdict", "Judgement", "judge_prompt", "read_judgement"]

_SHOWN_CHARACTERS = 120
_FENCE = regex.compile(r"^```[a-zA-Z]*\s*(.*?)\s*```$", regex.DOTALL)


class JudgeVerdict(StrEnum):
    """What a judge decided of an answer."""

    PASS = "pass"
    FAIL = "fail"


class Judgement(BaseModel):
    """A judge's reply: its verdict, a score from 0 to 1 and why."""

    verdict: JudgeVerdict
    score: float = Field(ge=0, le=1, allow_inf_nan=False)
    reasoning: str = ""

    @field_validator("verdict", mode="before")
    @classmethod
    def _any_case(cls, verdict: object) -> object:
        return verdict.strip().lower() if isinstance(verdict, str) else verdict


def judge_prompt(*, rubric: str, prompt: str, output: str, expected: str | None) -> str:
    """What a judge is sent: the rubric, the question, the answer (and reference)."""
    reference = (
        ""
        if expected is None
        else f"\n<reference_answer>\n{expected}\n</reference_answer>\n"
    )
    return (
        "You grade an answer to a prompt against a rubric.\n\n"
        f"<rubric>\n{rubric}\n</rubric>\n\n"
        f"<prompt>\n{prompt}\n</prompt>\n"
        f"{reference}\n"
        f"<answer>\n{output}\n</answer>\n\n"
        "Reply with one JSON object and nothing else: "
        '{"verdict": "pass" or "fail", "score": a number from 0 to 1, '
        '"reasoning": "one or two sentences"}'
    )


def read_judgement(text: str) -> Judgement:
    """The judgement in a judge's reply; ``ValueError`` saying why there is none.

    The reply is one JSON object, possibly in a Markdown code fence or with
    words around it. Without a score, a PASS scores 1 and a FAIL 0.
    """
    candidate = _json_object(text.strip())
    try:
        reply = json.loads(candidate)
    except (ValueError, RecursionError):
        raise ValueError(
            f"the judge's answer is not a JSON verdict: {_shown(text)}"
        ) from None
    if isinstance(reply, dict) and "score" not in reply and "verdict" in reply:
        verdict = str(reply["verdict"]).strip().lower()
        reply["score"] = 1.0 if verdict == JudgeVerdict.PASS else 0.0
    try:
        return Judgement.model_validate(reply)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "reply"
        raise ValueError(
            f"the judge's verdict is malformed at {where}: {problem['msg']}"
        ) from None


def _json_object(text: str) -> str:
    fenced = _FENCE.match(text)
    if fenced is not None:
        return fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


def _shown(text: str) -> str:
    shown = " ".join(text.split())
    if len(shown) > _SHOWN_CHARACTERS:
        shown = shown[: _SHOWN_CHARACTERS - 1] + "…"
    return repr(shown)
