"""The executor seam: how a prompt becomes a stream of text and a usage report."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Literal, Protocol

from pydantic import BaseModel

from runcast.domain.experiments import ModelSettings

__all__ = [
    "Chunk",
    "EmbeddingRequest",
    "Embeddings",
    "ExecutionRequest",
    "Executor",
    "RequestPurpose",
    "TextDelta",
    "UsageReport",
    "chat_messages",
    "estimated_usage",
]


RequestPurpose = Literal["answer", "judge"]
"""Why a prompt is sent: for an item's answer, or for a judge's verdict."""


class ExecutionRequest(BaseModel):
    """One prompt to answer, with the settings to answer it with.

    ``repetition`` numbers the independent answers asked for one prompt
    (0 for the first); answers to other repetitions are other samples.
    """

    run_id: str
    item_index: int
    attempt: int = 1
    repetition: int = 0
    prompt: str
    settings: ModelSettings
    purpose: RequestPurpose = "answer"

    def messages(self) -> list[dict[str, str]]:
        """The chat messages sent for this request."""
        return chat_messages(self.prompt, self.settings)


def chat_messages(prompt: str, settings: ModelSettings) -> list[dict[str, str]]:
    """The chat messages of a prompt: the system prompt, if any, then it."""
    messages = [{"role": "user", "content": prompt}]
    if settings.system_prompt:
        messages.insert(0, {"role": "system", "content": settings.system_prompt})
    return messages


class EmbeddingRequest(BaseModel):
    """Texts to turn into vectors, for the item at ``item_index`` of a run."""

    run_id: str
    item_index: int
    attempt: int = 1
    texts: list[str]
    settings: ModelSettings


class Embeddings(BaseModel):
    """One vector per text asked, in order, and the tokens they took."""

    vectors: list[list[float]]
    input_tokens: int


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

    async def embed(self, request: EmbeddingRequest) -> Embeddings:
        """The vectors of the request's texts."""
        ...
