"""A deterministic stand-in for a model: same seed and prompt, same answer."""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections.abc import AsyncIterator

from runcast.execution.executor import Chunk, ExecutionRequest, TextDelta, UsageReport

__all__ = ["SimulatedExecutor"]

_WORDS = [
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
]


class SimulatedExecutor:
    """Streams a pseudo-random answer derived from the seed and the prompt.

    ``token_delay`` seconds pass between tokens, so a run can be watched live;
    ``0`` makes it as fast as the event loop allows.
    """

    def __init__(self, *, seed: int = 0, token_delay: float = 0.0) -> None:
        self.seed = seed
        self.token_delay = token_delay

    async def stream(self, request: ExecutionRequest) -> AsyncIterator[Chunk]:
        """Yield the answer word by word, then its usage."""
        rng = random.Random(self._seed_for(request))
        length = min(request.settings.max_tokens, rng.randint(8, 32))
        for position in range(length):
            if self.token_delay:
                await asyncio.sleep(self.token_delay)
            word = rng.choice(_WORDS)
            yield TextDelta(text=word if position == 0 else f" {word}")
        yield UsageReport(
            input_tokens=len(request.prompt.split()), output_tokens=length
        )

    def _seed_for(self, request: ExecutionRequest) -> int:
        material = f"{self.seed}|{request.settings.model}|{request.prompt}"
        return int.from_bytes(hashlib.sha256(material.encode()).digest()[:8], "big")
