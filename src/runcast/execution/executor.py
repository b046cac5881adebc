"""The executor seam: how a prompt becomes a stream of text and a usage report."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Literal, Protocol

from pydantic import BaseModel

from runcast.domain.experiments import ModelSettings

__all__ = [
    "Chunk",
    "ExecutionRequest",
    "Executor",
    "RequestPurpose",
    "TextDelta",
    "UsageReport",
    "estimated_usage",
]


RequestPurpose = Literal["answer", "judge"]
"""Why a prompt is sent: for an item's answer, or for a judge's verdict."""


class ExecutionRequest(BaseModel):
    """One prompt to answer, with the settings to answer it with."""

    run_id: str
    item_index: int
    attempt: int = 1
    prompt: str
    settings: ModelSettings
    purpose: RequestPurpose = "answer"


class TextDelta(BaseModel):
    """The next piece of the answer."""

    kind: Literal["text"] = "text"
    text: str


class UsageReport(BaseModel):
    """How many tokens the answer took; the last chunk of a stream.

    An executor that knows the answer's latency better than a stopwatch
    (the simulated one) reports it; otherwise the worker measures it.
    """

    kind: Literal["usage"] = "usage"
    input_tokens: int
    output_tokens: int
    latency_ms: float | None = None


Chunk = TextDelta | UsageReport


def estimated_usage(prompt: str, *, deltas: int) -> UsageReport:
    """What an answer is charged when no usage was reported: a word a token.

    For a stream that reported none, or one stopped before its end: each
    word of the prompt and each text delta received count as one token.
    """
    return UsageReport(input_tokens=len(prompt.split()), output_tokens=deltas)


class Executor(Protocol):
    """Answers prompts, streaming the answer as it is produced.

    Failures are raised as ``ExecutorError``; a cancelled stream must release
    what it holds (e.g. close its HTTP connection).
    """

    def stream(self, request: ExecutionRequest) -> AsyncGenerator[Chunk]:
        """Yield text deltas, then one usage report."""
        ...
