"""SIMILAR by embeddings: how close an answer's meaning is to the expected one."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence

from aiolimiter import AsyncLimiter

from runcast.domain.assertions import Assertion, AssertionResult
from runcast.domain.experiments import ExecutorKind
from runcast.domain.response_cache import Answer, cache_request
from runcast.domain.usage import Usage
from runcast.execution.calls import called_in_time, priced, retried
from runcast.execution.endpoints import executor_endpoint
from runcast.execution.errors import ExecutorError
from runcast.execution.executor import EmbeddingRequest, Embeddings, Executor
from runcast.execution.kept_responses import KeptResponses
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
    Vectors go through the response cache as verdicts do: texts embedded
    before by the same model are measured again at no cost.
    """

    def __init__(
        self,
        *,
        executors: Mapping[ExecutorKind, Executor],
        settings: Settings,
        limiter_for: Callable[[str], AsyncLimiter | None],
        cache: KeptResponses | None = None,
    ) -> None:
        self._executors = executors
        self._settings = settings
        self._limiter_for = limiter_for
        self._cache = cache or KeptResponses()

    async def result(
        self, assertion: Assertion, *, run_id: str, index: int, output: str
    ) -> AssertionResult:
        """The assertion's result for an item's ``output``."""
        assert assertion.embedding is not None, "only SIMILAR by embeddings"
        measured = AssertionResult.unmet(assertion)
        request = EmbeddingRequest(
            run_id=run_id,
            item_index=index,
            texts=[output, assertion.value],
            settings=assertion.embedding,
        )
        entry = self._cache.entry(lambda: _cache_request(request, self._settings))
        kept = _embeddings(await self._cache.kept(entry))
        if kept is not None:  # embedded before: this run spends nothing
            return _measured(assertion, measured, kept, spent=Usage())
        started = time.perf_counter()
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
        )
        result = _measured(assertion, measured, embeddings, spent=spent)
        if result.score is not None:  # the vectors compared: keep them
            latency_ms = (time.perf_counter() - started) * 1000
            answer = Answer(
                output=embeddings.model_dump_json(), usage=spent, latency_ms=latency_ms
            )
            await self._cache.keep(entry, answer)
        return result

    async def _embed_once(self, request: EmbeddingRequest) -> Embeddings:
        settings = request.settings
        return await called_in_time(
            self._settings,
            self._limiter_for(settings.model),
            lambda: self._executors[settings.executor].embed(request),
            late="no embeddings",
        )


def _measured(
    assertion: Assertion,
    unmeasured: AssertionResult,
    embeddings: Embeddings,
    *,
    spent: Usage,
) -> AssertionResult:
    """The result the two texts' vectors give: their similarity against the
    threshold, or why they could not be compared."""
    measured = unmeasured.model_copy(update={"judge_usage": spent.as_judges()})
    try:
        similarity = cosine_similarity(*embeddings.vectors)
    except (TypeError, ValueError) as error:
        message = f"the embedding model's vectors do not compare: {error}"
        return measured.model_copy(update={"message": message})
    threshold = assertion.passing_score
    passed = similarity >= threshold
    failure = f"embedding similarity {similarity:.3f} is below {threshold:g}"
    return measured.model_copy(
        update={
            "passed": passed,
            "score": round(similarity, 6),
            "message": None if passed else failure,
        }
    )


def _cache_request(request: EmbeddingRequest, settings: Settings) -> str:
    """The canonical JSON of an embedding request, the material of its key."""
    return cache_request(
        settings=request.settings,
        endpoint=executor_endpoint(request.settings, settings),
        messages=[{"role": "input", "content": text} for text in request.texts],
        repetition=0,
        purpose="embedding",
    )


def _embeddings(kept: Answer | None) -> Embeddings | None:
    """The vectors a kept answer holds; None for none, or one no longer read."""
    if kept is None:
        return None
    try:
        return Embeddings.model_validate_json(kept.output)
    except ValueError:
        return None
