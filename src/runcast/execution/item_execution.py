"""Executing one item: render, call the model with retries, stream, score.

With the response cache in use, an item whose request was answered before
is answered from there instead: its output streams through the same
events in one piece (its judges, if any, are asked again).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from aiolimiter import AsyncLimiter

from runcast.domain.assertions import ItemOutcome, score
from runcast.domain.response_cache import (
    Answer,
    CachedResponse,
    CacheEntry,
    cache_request,
)
from runcast.domain.runs import (
    ClaimedRun,
    ItemAttempt,
    ItemStatus,
    RunError,
    RunItem,
    Usage,
)
from runcast.domain.templates import TemplateLimitError, render
from runcast.execution.calls import called_in_time, priced, retried
from runcast.execution.endpoints import executor_endpoint
from runcast.execution.errors import ExecutorError
from runcast.execution.executor import (
    ExecutionRequest,
    Executor,
    TextDelta,
    chat_messages,
    estimated_usage,
)
from runcast.execution.judging import AnsweredItem
from runcast.execution.output_buffer import OutputBuffer
from runcast.execution.scoring import ItemScorer, judges_usage
from runcast.services.ledger import RunLedger, RunNotHeldError
from runcast.settings import Settings

__all__ = [
    "PREPARE_SECONDS",
    "FinishedItem",
    "ItemExecutor",
    "OutputSink",
    "PreparedItem",
]

PREPARE_SECONDS = 0.02
"""How long one turn of preparing items renders prompts before it hands them over."""

OutputSink = Callable[[int, int, str], Awaitable[None]]
"""Receives ``(item_index, attempt, text)`` as output streams in."""


class _Streaming:
    """An answer being streamed: what a cancel leaves of it."""

    def __init__(
        self, item: RunItem, request: ExecutionRequest, history: list[ItemAttempt]
    ) -> None:
        self.item = item
        self.request = request
        self.history = history
        self.started = time.perf_counter()
        self.buffer: OutputBuffer | None = None
        self.deltas = 0

    def elapsed_ms(self) -> float:
        """Milliseconds since the attempt started."""
        return (time.perf_counter() - self.started) * 1000


@dataclass(frozen=True)
class FinishedItem:
    """An item with its result, and the answer to keep in the response cache."""

    item: RunItem
    response: CachedResponse | None = None


@dataclass(frozen=True)
class PreparedItem:
    """An item ready to execute: its prompt or why it has none, where its
    answer is kept in the response cache (None when the run uses no cache)
    and the answer kept there, if the run reads it and there is one."""

    item: RunItem
    prompt: str | RunError
    cache_entry: CacheEntry | None = None
    cached: Answer | None = None


@dataclass(frozen=True)
class _Called:
    """What asking the model gave: its answer or why none, and each attempt."""

    answer: Answer | RunError
    attempts: int
    history: list[ItemAttempt]


class ItemExecutor:
    """Turns a pending item of a run into a finished one.

    Each attempt is bounded by the item timeout and the model's rate limit;
    retryable failures are tried again with exponential backoff and jitter.
    Output is passed to ``sink`` in coalesced pieces while it streams. An
    answer whose stream is cancelled stays *in flight*, so that a run
    stopped by its cancel, budget or deadline can record what it had cost.
    The run's cache mode says whether answers are looked up in the response
    cache (``ledger``) and whether new ones are to be kept there.
    """

    def __init__(
        self,
        *,
        claimed: ClaimedRun,
        executor: Executor,
        ledger: RunLedger,
        limiter: AsyncLimiter | None,
        settings: Settings,
        sink: OutputSink,
        scorer: ItemScorer,
    ) -> None:
        self._run = claimed.run
        self._config = claimed.config
        self._executor = executor
        self._ledger = ledger
        self._cache = claimed.run.cache
        self._endpoint = executor_endpoint(claimed.config.model, settings)
        self._limiter = limiter
        self._settings = settings
        self._sink = sink
        self._scorer = scorer
        self._in_flight: dict[int, _Streaming] = {}
        self._judging: dict[int, RunItem] = {}

    async def prepare(self, pending: Sequence[RunItem]) -> list[PreparedItem]:
        """The first items of ``pending``, ready to execute, at least one.

        Their prompts are rendered together off the event loop, as many as
        ``PREPARE_SECONDS`` allows (a template may take a while, so one slow
        row does not hold up the items before it), and, when the run reads
        the response cache, the answers kept for them are found in one query.
        """
        template = self._config.prompt
        prompts = await asyncio.to_thread(_render_for_a_while, template, [*pending])
        entries = [
            self._cache_entry(item, prompt) if isinstance(prompt, str) else None
            for item, prompt in zip(pending, prompts, strict=False)
        ]
        cached: dict[str, Answer] = {}
        if self._cache.reads:
            keys = [entry.key for entry in entries if entry is not None]
            cached = await self._ledger.cached_answers(keys=keys)
        return [
            PreparedItem(
                item=item,
                prompt=prompt,
                cache_entry=entry,
                cached=None if entry is None else cached.get(entry.key),
            )
            for item, prompt, entry in zip(pending, prompts, entries, strict=False)
        ]

    async def execute(self, prepared: PreparedItem) -> FinishedItem:
        """Return the item with its result, failed or succeeded.

        A succeeded item's answer comes with it to be kept in the response
        cache, unless the run's cache mode is OFF or the answer came from
        there; a failure is never kept.
        """
        item, prompt, entry = prepared.item, prepared.prompt, prepared.cache_entry
        if isinstance(prompt, RunError):
            return FinishedItem(_failed(item, prompt, item.attempts))
        if prepared.cached is not None:
            return FinishedItem(await self._replayed(item, prompt, prepared.cached))
        called = await self._call(item, prompt)
        if isinstance(called.answer, RunError):
            unanswered = item.model_copy(
                update={"rendered_prompt": prompt, "attempt_history": called.history}
            )
            return FinishedItem(_failed(unanswered, called.answer, called.attempts))
        answered = item.model_copy(update={"attempt_history": called.history})
        finished = await self._finished(
            answered, prompt, called.answer, called.attempts
        )
        if entry is None or finished.status is not ItemStatus.SUCCEEDED:
            return FinishedItem(finished)
        return FinishedItem(finished, entry.keeping(called.answer))

    def _cache_entry(self, item: RunItem, prompt: str) -> CacheEntry | None:
        """Where the answer to the item's ``prompt`` is kept; None when the run
        uses no cache. Each repetition is an answer of its own."""
        if not self._cache.writes:  # OFF: neither read nor written
            return None
        model = self._config.model
        return CacheEntry.of(
            cache_request(
                settings=model,
                endpoint=self._endpoint,
                messages=chat_messages(prompt, model),
                repetition=item.repetition,
            )
        )

    async def _replayed(self, item: RunItem, prompt: str, cached: Answer) -> RunItem:
        """The item answered from the cache, its output streamed as if live."""
        attempt = item.attempts + 1
        if cached.output:
            await self._sink(item.index, attempt, cached.output)
        history = [ItemAttempt(number=attempt, latency_ms=cached.latency_ms)]
        # cached from the start: a cancel while its judges grade it spends nothing
        answered = item.model_copy(update={"attempt_history": history, "cached": True})
        return await self._finished(answered, prompt, cached, attempt)

    async def _call(self, item: RunItem, prompt: str) -> _Called:
        """The model's answer, with retries, or why there is none."""
        # a resumed run goes on counting, so each attempt's output is new text
        attempts = item.attempts
        history: list[ItemAttempt] = []

        async def attempt(number: int) -> Answer:
            nonlocal attempts
            attempts = item.attempts + number
            return await self._attempt(item, prompt, attempts, history)

        try:
            answer = await retried(self._settings, attempt)
        except ExecutorError as error:
            failure = RunError(code=error.code, message=error.message)
            return _Called(failure, attempts, history)
        return _Called(answer, attempts, history)

    async def _finished(
        self, item: RunItem, prompt: str, answer: Answer, attempts: int
    ) -> RunItem:
        """The item with its answer, scored (FAILED if scoring failed)."""
        try:
            return await self._scored(item, prompt, answer, attempts)
        except Exception as error:
            failed = item.model_copy(
                update={"rendered_prompt": prompt, "output": answer.output}
            )
            message = f"the assertions could not be checked: {error}"
            return _failed(
                failed, RunError(code="SCORING_ERROR", message=message), attempts
            )

    async def stop_in_flight(self) -> list[RunItem]:
        """The items whose answers a cancel cut short, as CANCELLED.

        Call it once the items' tasks have ended. Each keeps the output it
        streamed (the part not passed to the sink yet is passed now) and is
        charged for it, as a provider bills a stopped stream: the prompt's
        and the received deltas' tokens by the same estimate as an answer
        that reports no usage. An item stopped while its judges graded it
        keeps its whole answer and what the answer spent.
        """
        stopped = [
            answered.model_copy(update={"status": ItemStatus.CANCELLED})
            for answered in self._judging.values()
        ]
        for streaming in self._in_flight.values():
            output = ""
            if streaming.buffer is not None:
                await self._flush(streaming.request, streaming.buffer)
                output = streaming.buffer.text
            estimate = estimated_usage(
                streaming.request.prompt, deltas=streaming.deltas
            )
            cut_short = ItemAttempt(
                number=streaming.request.attempt,
                latency_ms=streaming.elapsed_ms(),
                error=RunError(
                    code="CANCELLED", message="the run stopped while it streamed"
                ),
            )
            stopped.append(
                streaming.item.model_copy(
                    update={
                        "rendered_prompt": streaming.request.prompt,
                        "status": ItemStatus.CANCELLED,
                        "output": output,
                        "usage": self._priced(
                            estimate.input_tokens, estimate.output_tokens
                        ),
                        "attempts": streaming.request.attempt,
                        "attempt_history": [*streaming.history, cut_short],
                    }
                )
            )
        self._in_flight.clear()
        self._judging.clear()
        return stopped

    async def _attempt(
        self, item: RunItem, prompt: str, attempt: int, history: list[ItemAttempt]
    ) -> Answer:
        """One attempt at the item, recorded in ``history`` however it ends
        (but by a cancel, which leaves it in flight)."""
        request = ExecutionRequest(
            run_id=self._run.id,
            item_index=item.index,
            attempt=attempt,
            repetition=item.repetition,
            prompt=prompt,
            settings=self._config.model,
        )
        if self._limiter is not None:
            await self._limiter.acquire()
        streaming = self._in_flight[item.index] = _Streaming(item, request, history)
        try:
            answer = await self._stream_in_time(streaming)
        except asyncio.CancelledError:
            raise  # still in flight: what it streamed is recorded by its run
        except ExecutorError as error:
            del self._in_flight[item.index]
            history.append(
                ItemAttempt(
                    number=attempt,
                    latency_ms=streaming.elapsed_ms(),
                    error=RunError(code=error.code, message=error.message),
                )
            )
            raise
        except BaseException:
            del self._in_flight[item.index]
            raise
        del self._in_flight[item.index]
        history.append(ItemAttempt(number=attempt, latency_ms=answer.latency_ms))
        return answer

    async def _stream_in_time(self, streaming: _Streaming) -> Answer:
        # the rate limit was waited for before the attempt went in flight
        return await called_in_time(
            self._settings,
            None,
            lambda: self._stream(streaming),
            late="no complete answer",
            passing=(RunNotHeldError,),
        )

    async def _stream(self, streaming: _Streaming) -> Answer:
        request = streaming.request
        started = time.perf_counter()
        buffer = streaming.buffer = OutputBuffer(
            max_tokens=self._settings.delta_flush_tokens,
            max_seconds=self._settings.delta_flush_seconds,
        )
        usage, reported_latency = Usage(), None
        # closed on every way out, so a cancel closes the model's connection now
        async with contextlib.aclosing(self._executor.stream(request)) as chunks:
            async for chunk in chunks:
                if isinstance(chunk, TextDelta):
                    streaming.deltas += 1
                    if buffer.add(chunk.text):
                        await self._flush(request, buffer)
                else:
                    usage = self._priced(chunk.input_tokens, chunk.output_tokens)
                    reported_latency = chunk.latency_ms
        await self._flush(request, buffer)
        measured = (time.perf_counter() - started) * 1000
        latency = measured if reported_latency is None else reported_latency
        return Answer(output=buffer.text, usage=usage, latency_ms=latency)

    async def _flush(self, request: ExecutionRequest, buffer: OutputBuffer) -> None:
        text = buffer.take()
        if text:
            await self._sink(request.item_index, request.attempt, text)

    def _priced(self, input_tokens: int, output_tokens: int) -> Usage:
        return priced(
            self._settings,
            self._config.model.model,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
        )

    async def _scored(
        self, item: RunItem, prompt: str, answer: Answer, attempts: int
    ) -> RunItem:
        config = self._config
        assertions = config.assertions_of_row(item.row)
        row = config.dataset[item.row] if item.row < len(config.dataset) else None
        answered = item.model_copy(
            update={
                "rendered_prompt": prompt,
                "output": answer.output,
                "latency_ms": answer.latency_ms,
                "usage": answer.usage,
                "attempts": attempts,
            }
        )
        # judges may take a while: a cancel meanwhile keeps the answer
        self._judging[item.index] = answered
        try:
            results = await self._scorer.results(
                assertions,
                ItemOutcome(
                    output=answer.output,
                    latency_ms=answer.latency_ms,
                    output_tokens=answer.usage.output_tokens,
                    cost=answer.usage.cost,
                ),
                AnsweredItem(
                    run_id=self._run.id,
                    index=item.index,
                    prompt=prompt,
                    output=answer.output,
                    expected=row.expected if row else None,
                ),
            )
        except asyncio.CancelledError:
            raise  # still being judged: its run records the answer
        except BaseException:
            del self._judging[item.index]
            raise
        del self._judging[item.index]
        return answered.model_copy(
            update={
                "status": ItemStatus.SUCCEEDED,
                "usage": answer.usage + judges_usage(results),
                "assertion_results": results,
                "score": score(results),
            }
        )


def _render_for_a_while(
    template: str, items: Sequence[RunItem]
) -> list[str | RunError]:
    """The prompts of the first of ``items``, or why each could not be rendered:
    as many as ``PREPARE_SECONDS`` allows, at least one."""
    until = time.perf_counter() + PREPARE_SECONDS
    prompts: list[str | RunError] = []
    for item in items:
        prompts.append(_prompt_of(template, item))
        if time.perf_counter() >= until:
            break
    return prompts


def _prompt_of(template: str, item: RunItem) -> str | RunError:
    try:
        return render(template, item.variables)
    except Exception as error:  # a template may fail in many ways at render
        message = str(error) or type(error).__name__
        code = (
            "TEMPLATE_LIMIT"
            if isinstance(error, TemplateLimitError)
            else "TEMPLATE_ERROR"
        )
        return RunError(code=code, message=message)


def _failed(item: RunItem, error: RunError, attempts: int) -> RunItem:
    return item.model_copy(
        update={"status": ItemStatus.FAILED, "error": error, "attempts": attempts}
    )
