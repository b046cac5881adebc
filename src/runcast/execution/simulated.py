"""A deterministic stand-in for a model: same seed and prompt, same answer."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import AsyncGenerator
from pathlib import Path

from runcast.execution.errors import ExecutorError
from runcast.execution.executor import (
    Chunk,
    EmbeddingRequest,
    Embeddings,
    ExecutionRequest,
    TextDelta,
    UsageReport,
)
from runcast.settings import Settings, SimulatedFailure

__all__ = ["JUDGE_PASS_SCORE", "SimulatedExecutor"]

JUDGE_PASS_SCORE = 0.5
"""The simulated judge's verdict is PASS from this score on."""

_WORDS = (
    "the",
    "quick",
    "answer",
    "is",
    "that",
    "prompts",
    "shape",
    "outputs",
    "and",
    "every",
    "run",
    "tells",
    "a",
    "story",
    "about",
    "latency",
    "tokens",
    "cost",
    "and",
    "quality",
    "measured",
    "item",
    "by",
    "item",
    "with",
    "care",
)

EMBEDDING_DIMENSIONS = 256
"""The length of the simulated embedding model's vectors."""
_WORD = re.compile(r"\w+")

_FAILURES: dict[SimulatedFailure, ExecutorError] = {
    "rate_limit": ExecutorError(
        "simulated rate limit", code="RATE_LIMITED", retryable=True
    ),
    "server_error": ExecutorError(
        "simulated server error", code="SERVER_ERROR", retryable=True
    ),
    "bad_request": ExecutorError(
        "simulated bad request", code="BAD_REQUEST", retryable=False
    ),
}


class SimulatedExecutor:
    """Streams a pseudo-random answer derived from the seed and the prompt.

    The answer, its length and its reported latency depend only on the seed,
    the model, the prompt and the repetition (each repetition is another
    sample); whether an attempt fails also depends on the attempt number, so
    retries can succeed. ``token_delay`` seconds pass
    between tokens so a run can be watched live.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        token_delay: float = 0.0,
        latency: float = 0.0,
        output_tokens: int = 0,
        failure_rate: float = 0.0,
        failure_kind: SimulatedFailure = "server_error",
        execution_log: Path | None = None,
    ) -> None:
        self.seed = seed
        self.token_delay = token_delay
        self.latency = latency
        self.output_tokens = output_tokens
        self.failure_rate = failure_rate
        self.failure_kind = failure_kind
        self.execution_log = execution_log

    @classmethod
    def from_settings(cls, settings: Settings) -> SimulatedExecutor:
        """The simulated executor the settings describe."""
        return cls(
            seed=settings.simulated_seed,
            token_delay=settings.simulated_token_delay,
            latency=settings.simulated_latency,
            output_tokens=settings.simulated_output_tokens,
            failure_rate=settings.simulated_failure_rate,
            failure_kind=settings.simulated_failure_kind,
            execution_log=settings.simulated_execution_log,
        )

    async def stream(self, request: ExecutionRequest) -> AsyncGenerator[Chunk]:
        """Yield the answer word by word, then its usage.

        A judge is answered with a verdict in JSON, just as deterministic.
        """
        self._log(request)
        if request.purpose == "judge":
            async for chunk in self._judge(request):
                yield chunk
            return
        answer = random.Random(self._seed_for(request))
        length = self.output_tokens or answer.randint(8, 32)
        length = min(request.settings.max_tokens, length)
        if self.latency:
            await asyncio.sleep(self.latency)
        await self._maybe_fail(request)
        for position in range(length):
            if self.token_delay:
                await asyncio.sleep(self.token_delay)
            word = answer.choice(_WORDS)
            yield TextDelta(text=word if position == 0 else f" {word}")
        yield UsageReport(
            input_tokens=len(request.prompt.split()),
            output_tokens=length,
            latency_ms=round((self.latency + length * self.token_delay) * 1000, 3),
        )

    async def embed(self, request: EmbeddingRequest) -> Embeddings:
        """Each text's words, ignoring case, counted into hashed buckets.

        Texts with the same words have the same vector (cosine 1), texts
        sharing none are orthogonal (cosine 0): enough for similarity to
        mean something in tests and demos, with no model at hand.
        """
        self._log(request)
        vectors = [_bag_of_words(text) for text in request.texts]
        words = sum(len(_WORD.findall(text)) for text in request.texts)
        return Embeddings(vectors=vectors, input_tokens=words)

    async def _judge(self, request: ExecutionRequest) -> AsyncGenerator[Chunk]:
        """A verdict whose score (in hundredths) follows from seed and prompt."""
        score = random.Random(self._seed_for(request)).randint(0, 100) / 100
        verdict = "pass" if score >= JUDGE_PASS_SCORE else "fail"
        reply = json.dumps(
            {
                "verdict": verdict,
                "score": score,
                "reasoning": f"The simulated judge scores this answer {score:.2f}.",
            }
        )
        words = reply.split(" ")
        for position, word in enumerate(words):
            yield TextDelta(text=word if position == 0 else f" {word}")
        yield UsageReport(
            input_tokens=len(request.prompt.split()),
            output_tokens=len(words),
            latency_ms=0.0,
        )

    async def _maybe_fail(self, request: ExecutionRequest) -> None:
        if self.failure_rate <= 0:  # the same fate, without a generator per call
            return
        fate = random.Random(self._seed_for(request, f"attempt {request.attempt}"))
        if fate.random() >= self.failure_rate:
            return
        if self.failure_kind == "timeout":
            await asyncio.Event().wait()  # stalls until the item timeout cancels it
        error = _FAILURES[self.failure_kind]
        raise ExecutorError(error.message, code=error.code, retryable=error.retryable)

    def _seed_for(self, request: ExecutionRequest, salt: str = "") -> int:
        material = f"{self.seed}|{request.settings.model}|{request.prompt}|{salt}"
        if request.repetition:  # the first repetition answers as ever
            material = f"{material}|repetition {request.repetition}"
        return int.from_bytes(hashlib.sha256(material.encode()).digest()[:8], "big")

    def _log(self, request: ExecutionRequest | EmbeddingRequest) -> None:
        """One line of the execution log per call: which item asked, and why
        (an answer's line names no purpose)."""
        if self.execution_log is None:
            return
        entry: dict[str, object] = {
            "run_id": request.run_id,
            "item_index": request.item_index,
            "attempt": request.attempt,
        }
        purpose = (
            "embedding" if isinstance(request, EmbeddingRequest) else request.purpose
        )
        if purpose != "answer":
            entry["purpose"] = purpose
        with self.execution_log.open("a") as log:
            log.write(json.dumps(entry) + "\n")


def _bag_of_words(text: str) -> list[float]:
    vector = [0.0] * EMBEDDING_DIMENSIONS
    for word, count in Counter(_WORD.findall(text.lower())).items():
        digest = hashlib.sha256(word.encode()).digest()
        vector[int.from_bytes(digest[:4], "big") % EMBEDDING_DIMENSIONS] += count
    return vector
