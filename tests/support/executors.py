"""Executors that let a test decide when each answer is produced."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Iterable

from runcast.execution.errors import ExecutorError
from runcast.execution.executor import Chunk, ExecutionRequest, TextDelta, UsageReport


class GatedExecutor:
    """Answers items in ``open_items`` at once and the others once ``gate`` opens.

    ``started`` is set when a gated answer begins, so a test knows a run is
    mid-way without sleeping; ``executed`` and ``cancelled`` record item
    indexes whose answer completed or was cancelled mid-stream.
    """

    def __init__(self, open_items: Iterable[int] = ()) -> None:
        self.open_items = set(open_items)
        self.gate = asyncio.Event()
        self.started = asyncio.Event()
        self.executed: list[int] = []
        self.cancelled: list[int] = []

    async def stream(self, request: ExecutionRequest) -> AsyncGenerator[Chunk]:
        index = request.item_index
        yield TextDelta(text=f"answer {index}")
        if index not in self.open_items:
            self.started.set()
            try:
                await self.gate.wait()
            except asyncio.CancelledError:
                self.cancelled.append(index)
                raise
        self.executed.append(index)
        yield UsageReport(input_tokens=1, output_tokens=2)


class FailingExecutor:
    """Fails every prompt, as a broken model endpoint would."""

    async def stream(self, request: ExecutionRequest) -> AsyncGenerator[Chunk]:
        raise RuntimeError(f"model unavailable for item {request.item_index}")
        yield TextDelta(text="")  # pragma: no cover - makes this a generator


class CountingExecutor:
    """Counts answers in flight; none finishes until ``limit`` are in flight.

    If the worker ever allowed more than ``limit`` at once, ``most_in_flight``
    would show it; holding answers until the limit is reached makes sure the
    limit is actually exercised.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_flight = 0
        self.most_in_flight = 0
        self._reached = asyncio.Event()

    async def stream(self, request: ExecutionRequest) -> AsyncGenerator[Chunk]:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        if self.in_flight >= self.limit:
            self._reached.set()
        try:
            await self._reached.wait()
            yield TextDelta(text=f"answer {request.item_index}")
            yield UsageReport(input_tokens=1, output_tokens=1)
        finally:
            self.in_flight -= 1


class ScriptedExecutor:
    """Answers ``<answer> <index>``, except for items in ``failing``, which fail.

    The failure is not retryable, so a failing item fails on its first try;
    ``executed`` records ``(run_id, item_index)`` of every call, ``requests``
    every request.
    """

    def __init__(self, failing: Iterable[int] = (), answer: str = "answer") -> None:
        self.failing = set(failing)
        self.answer = answer
        self.executed: list[tuple[str, int]] = []
        self.requests: list[ExecutionRequest] = []

    async def stream(self, request: ExecutionRequest) -> AsyncGenerator[Chunk]:
        self.executed.append((request.run_id, request.item_index))
        self.requests.append(request)
        if request.item_index in self.failing:
            raise ExecutorError(
                "the model refused", code="BAD_REQUEST", retryable=False
            )
        yield TextDelta(text=f"{self.answer} {request.item_index}")
        yield UsageReport(input_tokens=3, output_tokens=2, latency_ms=10.0)

    def items_executed_for(self, run_id: str) -> list[int]:
        """Indexes of the items executed for one run, in call order."""
        return [index for run, index in self.executed if run == run_id]
