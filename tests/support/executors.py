"""Executors that let a test decide when each answer is produced."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from runcast.execution.executor import Chunk, ExecutionRequest, TextDelta, UsageReport


class GatedExecutor:
    """Answers each prompt only once the test opens the gate.

    ``started`` is set when the first answer begins, so a test knows the run
    is mid-way without sleeping.
    """

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.started = asyncio.Event()
        self.executed: list[int] = []

    async def stream(self, request: ExecutionRequest) -> AsyncIterator[Chunk]:
        self.started.set()
        await self.gate.wait()
        self.executed.append(request.item_index)
        yield TextDelta(text=f"answer {request.item_index}")
        yield UsageReport(input_tokens=1, output_tokens=2)


class FailingExecutor:
    """Fails every prompt, as a broken model endpoint would."""

    async def stream(self, request: ExecutionRequest) -> AsyncIterator[Chunk]:
        raise RuntimeError(f"model unavailable for item {request.item_index}")
        yield TextDelta(text="")  # pragma: no cover - makes this a generator
