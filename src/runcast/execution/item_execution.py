"""Executing one item: render, call the model with retries, stream, score."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable

from aiolimiter import AsyncLimiter

from runcast.domain.assertions import ItemOutcome, score
from runcast.domain.runs import (
    ClaimedRun,
    ItemAttempt,
    ItemStatus,
    RunError,
    RunItem,
    Usage,
)
from runcast.domain.templates import TemplateLimitError, render
from runcast.execution.calls import priced, retrying
from runcast.execution.errors import ExecutorError
from runcast.execution.executor import (
    ExecutionRequest,
    Executor,
    TextDelta,
    estimated_usage,
)
from runcast.execution.judging import AnsweredItem
from runcast.execution.output_buffer import OutputBuffer
from runcast.execution.scoring import ItemScorer, judges_usage
from runcast.services.ledger import RunNotHeldError
from runcast.settings import Settings

__all__ = ["ItemExecutor", "OutputSink"]

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


class _Answer:
    """What one successful attempt produced."""

    def __init__(self, output: str, usage: Usage, latency_ms: float) -> None:
        self.output = output
        self.usage = usage
        self.latency_ms = latency_ms


class ItemExecutor:
    """Turns a pending item of a run into a finished one.

    Each attempt is bounded by the item timeout and the model's rate limit;
    retryable failures are tried again with exponential backoff and jitter.
    Output is passed to ``sink`` in coalesced pieces while it streams. An
    answer whose stream is cancelled stays *in flight*, so that a run
    stopped by its cancel, budget or deadline can record what it had cost.
    """

    def __init__(
        self,
        *,
        claimed: ClaimedRun,
        executor: Executor,
        limiter: AsyncLimiter | None,
        settings: Settings,
        sink: OutputSink,
        scorer: ItemScorer,
    ) -> None:
        self._run = claimed.run
        self._config = claimed.config
        self._executor = executor
        self._limiter = limiter
        self._settings = settings
        self._sink = sink
        self._scorer = scorer
        self._in_flight: dict[int, _Streaming] = {}
        self._judging: dict[int, RunItem] = {}

    async def execute(self, item: RunItem) -> RunItem:
        """Return the item with its result, failed or succeeded."""
        config = self._config
        try:
            # off the event loop: a template may loop for a while before failing
            prompt = await asyncio.to_thread(render, config.prompt, item.variables)
        except Exception as error:  # a template may fail in many ways at render
            message = str(error) or type(error).__name__
            code = (
                "TEMPLATE_LIMIT"
                if isinstance(error, TemplateLimitError)
                else "TEMPLATE_ERROR"
            )
            return _failed(item, RunError(code=code, message=message), item.attempts)
        # a resumed run goes on counting, so each attempt's output is new text
        attempts = item.attempts
        history: list[ItemAttempt] = []
        try:
            async for attempt in retrying(self._settings):
                with attempt:
                    attempts += 1
                    answer = await self._attempt(item, prompt, attempts, history)
        except ExecutorError as error:
            failed = item.model_copy(
                update={"rendered_prompt": prompt, "attempt_history": history}
            )
            return _failed(
                failed, RunError(code=error.code, message=error.message), attempts
            )
        answered = item.model_copy(update={"attempt_history": history})
        try:
            return await self._scored(answered, prompt, answer, attempts)
        except Exception as error:
            failed = answered.model_copy(
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
    ) -> _Answer:
        """One attempt at the item, recorded in ``history`` however it ends
        (but by a cancel, which leaves it in flight)."""
        request = ExecutionRequest(
            run_id=self._run.id,
            item_index=item.index,
            attempt=attempt,
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

    async def _stream_in_time(self, streaming: _Streaming) -> _Answer:
        try:
            async with asyncio.timeout(self._settings.item_timeout):
                return await self._stream(streaming)
        except TimeoutError:
            raise ExecutorError(
                f"no complete answer within {self._settings.item_timeout:g} s",
                code="TIMEOUT",
                retryable=True,
            ) from None
        except (ExecutorError, RunNotHeldError):
            raise
        except Exception as error:
            raise ExecutorError(
                str(error) or type(error).__name__,
                code="EXECUTOR_ERROR",
                retryable=False,
            ) from error

    async def _stream(self, streaming: _Streaming) -> _Answer:
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
        return _Answer(buffer.text, usage, latency)

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
        self, item: RunItem, prompt: str, answer: _Answer, attempts: int
    ) -> RunItem:
        config = self._config
        assertions = config.assertions_of_row(item.index)
        row = config.dataset[item.index] if item.index < len(config.dataset) else None
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


def _failed(item: RunItem, error: RunError, attempts: int) -> RunItem:
    return item.model_copy(
        update={"status": ItemStatus.FAILED, "error": error, "attempts": attempts}
    )
