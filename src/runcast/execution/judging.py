"""LLM_JUDGE assertions: asking a judge model for its verdict on an answer."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping

from aiolimiter import AsyncLimiter

from runcast.domain.assertions import Assertion, AssertionResult
from runcast.domain.experiments import ExecutorKind, ModelSettings
from runcast.domain.judgements import (
    Judgement,
    JudgeVerdict,
    judge_prompt,
    read_judgement,
)
from runcast.domain.response_cache import (
    Answer,
    cache_request,
)
from runcast.domain.usage import Usage
from runcast.execution.calls import called_in_time, priced, retried
from runcast.execution.endpoints import executor_endpoint
from runcast.execution.errors import ExecutorError
from runcast.execution.executor import (
    ExecutionRequest,
    Executor,
    TextDelta,
    UsageReport,
    estimated_usage,
)
from runcast.execution.kept_responses import KeptResponses
from runcast.settings import Settings

__all__ = ["AnsweredItem", "Judge"]

_REASONING_CHARACTERS = 200


class AnsweredItem:
    """What a judge is shown of an item: where it is, its prompt and answer."""

    def __init__(
        self,
        *,
        run_id: str,
        index: int,
        prompt: str,
        output: str,
        expected: str | None,
    ) -> None:
        self.run_id = run_id
        self.index = index
        self.prompt = prompt
        self.output = output
        self.expected = expected


class Judge:
    """Asks each LLM_JUDGE assertion's judge model to grade an answer.

    A judge is called like an answer is (its executor, its model's rate
    limit, the item timeout, retries of retryable failures); what it spends
    is reported as the judges' usage. Whatever goes wrong, an unreachable
    endpoint or a reply that is no verdict, fails that assertion alone, with
    a message saying why. Verdicts go through the response cache as answers
    do (``cache``: the run's mode): a request graded before is answered from
    there, spending nothing, and a readable new verdict is kept.
    """

    def __init__(
        self,
        *,
        executors: Mapping[ExecutorKind, Executor],
        default: ModelSettings,
        settings: Settings,
        limiter_for: Callable[[str], AsyncLimiter | None],
        cache: KeptResponses | None = None,
    ) -> None:
        self._executors = executors
        self._default = default
        self._settings = settings
        self._limiter_for = limiter_for
        self._cache = cache or KeptResponses()

    async def result(self, assertion: Assertion, item: AnsweredItem) -> AssertionResult:
        """The assertion's result for the item, as the judge graded it."""
        judged = AssertionResult.unmet(assertion)
        request = ExecutionRequest(
            run_id=item.run_id,
            item_index=item.index,
            prompt=judge_prompt(
                rubric=assertion.value,
                prompt=item.prompt,
                output=item.output,
                expected=item.expected,
            ),
            settings=assertion.judge or self._default,
            purpose="judge",
        )
        entry = self._cache.entry(lambda: _cache_request(request, self._settings))
        kept = _judgement(await self._cache.kept(entry))
        if kept is not None:  # graded before: this run spends nothing
            spent = {"judge_usage": Usage()}
            return judged.model_copy(update=spent | _graded(assertion, kept))
        started = time.perf_counter()
        try:
            reply, usage = await self._ask(request)
        except ExecutorError as error:
            message = f"the judge did not answer: {error.code}: {error.message}"
            return judged.model_copy(update={"message": message})
        judged = judged.model_copy(update={"judge_usage": usage.as_judges()})
        try:
            judgement = read_judgement(reply)
        except ValueError as error:
            return judged.model_copy(update={"message": str(error)})
        latency_ms = (time.perf_counter() - started) * 1000
        answer = Answer(output=reply, usage=usage, latency_ms=latency_ms)
        await self._cache.keep(entry, answer)
        return judged.model_copy(update=_graded(assertion, judgement))

    async def _ask(self, request: ExecutionRequest) -> tuple[str, Usage]:
        return await retried(
            self._settings,
            lambda number: self._ask_once(
                request.model_copy(update={"attempt": number})
            ),
        )

    async def _ask_once(self, request: ExecutionRequest) -> tuple[str, Usage]:
        settings = request.settings
        pieces, report = await called_in_time(
            self._settings,
            self._limiter_for(settings.model),
            lambda: self._streamed(request),
            late="no complete verdict",
        )
        report = report or estimated_usage(request.prompt, deltas=len(pieces))
        usage = priced(
            self._settings,
            settings.model,
            input_tokens=report.input_tokens,
            output_tokens=report.output_tokens,
        )
        return "".join(pieces), usage

    async def _streamed(
        self, request: ExecutionRequest
    ) -> tuple[list[str], UsageReport | None]:
        """The judge's reply in pieces, and its usage report if it sent one."""
        pieces: list[str] = []
        report: UsageReport | None = None
        stream = self._executors[request.settings.executor].stream(request)
        async with contextlib.aclosing(stream) as chunks:
            async for chunk in chunks:
                if isinstance(chunk, TextDelta):
                    pieces.append(chunk.text)
                else:
                    report = chunk
        return pieces, report


def _cache_request(request: ExecutionRequest, settings: Settings) -> str:
    """The canonical JSON of a judge's request, the material of its cache key."""
    return cache_request(
        settings=request.settings,
        endpoint=executor_endpoint(request.settings, settings),
        messages=request.messages(),
        repetition=request.repetition,
        purpose=request.purpose,
    )


def _judgement(kept: Answer | None) -> Judgement | None:
    """The verdict a kept reply holds; None for none, or one no longer read as one."""
    if kept is None:
        return None
    with contextlib.suppress(ValueError):
        return read_judgement(kept.output)
    return None


def _graded(assertion: Assertion, judgement: Judgement) -> dict[str, object]:
    """The result's fields for a judgement: passed, and why not if it failed.

    With a threshold, the judge's score decides; without, its verdict.
    """
    if assertion.threshold is None:
        passed = judgement.verdict is JudgeVerdict.PASS
        failure = f"the judge's verdict is FAIL: {_short(judgement.reasoning)}"
    else:
        passed = judgement.score >= assertion.threshold
        failure = (
            f"the judge's score {judgement.score:g} is below {assertion.threshold:g}"
        )
    return {
        "passed": passed,
        "message": None if passed else failure,
        "score": judgement.score,
        "verdict": judgement.verdict,
        "reasoning": judgement.reasoning,
    }


def _short(text: str) -> str:
    text = " ".join(text.split()) or "no reasoning given"
    if len(text) <= _REASONING_CHARACTERS:
        return text
    return text[: _REASONING_CHARACTERS - 1] + "…"
