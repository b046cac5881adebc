"""SIMILAR by embeddings: how close an answer's meaning is to the expected one."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from aiolimiter import AsyncLimiter

from runcast.domain.assertions import Assertion, AssertionResult
from runcast.domain.experiments import ExecutorKind
from runcast.execution.calls import called_in_time, priced, retried
from runcast.execution.errors import ExecutorError
from runcast.execution.executor import EmbeddingRequest, Embeddings, Executor
from runcast.settings import Settings

__all__ = ["EmbeddingSimilarity", "cosine_similarity"]


def cosine_similarity(first: Sequence[float], second: Sequence[float]) -> float:
    """The cosine of the angle between two vectors, 0 when either is zero.

    Opposite meanings (a negative cosine) measure 0: a similarity is 0 to 1.
    """
    if len(first) != len(second):
        raise ValueError(f"vectors of {len(first)} and {len(second)} dimensions")
    norms = math.hypot(*first) * math.hypot(*second)
    if norms == 0:
        return 0.0
    dot = math.fsum(a * b for a, b in zip(first, second, strict=True))
    return min(1.0, max(0.0, dot / norms))


class EmbeddingSimilarity:
    """Measures SIMILAR assertions that name an embedding model.

    The answer and the expected text are embedded in one call (the
    executor's, under its model's rate limit, the item timeout and retries
    of retryable failures); their cosine similarity is the score, and it
    passes from the assertion's threshold on. What the call spent is the
    assertion's ``judge_usage``. An embedding model that fails, or answers
    with vectors that do not match, fails that assertion alone, saying why.
    """

    def __init__(
        self,
        *,
        executors: Mapping[ExecutorKind, Executor],
        settings: Settings,
        limiter_for: Callable[[str], AsyncLimiter | None],
    ) -> None:
        self._executors = executors
        self._settings = settings
        self._limiter_for = limiter_for

    async def result(
        self, assertion: Assertion, *, run_id: str, index: int, output: str
    ) -> AssertionResult:
        """The assertion's result for an item's ``output``."""
        assert assertion.embedding is not None, "only SIMILAR by embeddings"
        measured = AssertionResult(
            kind=assertion.kind,
            value=assertion.value,
            name=assertion.name,
            weight=assertion.weight,
            passed=False,
        )
        request = EmbeddingRequest(
            run_id=run_id,
            item_index=index,
            texts=[output, assertion.value],
            settings=assertion.embedding,
        )
        try:
            embeddings = await retried(
                self._settings,
                lambda number: self._embed_once(
                    request.model_copy(update={"attempt": number})
                ),
            )
        except ExecutorError as error:
            message = (
                f"the embedding model did not answer: {error.code}: {error.message}"
            )
            return measured.model_copy(update={"message": message})
        spent = priced(
            self._settings,
            assertion.embedding.model,
            input_tokens=embeddings.input_tokens,
            output_tokens=0,
        ).as_judges()
        measured = measured.model_copy(update={"judge_usage": spent})
        try:
            similarity = cosine_similarity(*embeddings.vectors)
        except (TypeError, ValueError) as error:
            message = f"the embedding model's vectors do not compare: {error}"
            return measured.model_copy(update={"message": message})
        threshold = assertion.passing_score
        passed = similarity >= threshold
        return measured.model_copy(
            update={
                "passed": passed,
                "score": round(similarity, 6),
                "message": None
                if passed
                else f"embedding similarity {similarity:.3f} is below {threshold:g}",
            }
        )

    async def _embed_once(self, request: EmbeddingRequest) -> Embeddings:
        settings = request.settings
        return await called_in_time(
            self._settings,
            self._limiter_for(settings.model),
            lambda: self._executors[settings.executor].embed(request),
            late="no embeddings",
        )
