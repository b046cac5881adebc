"""Coalescing streamed output, so a run does not write a row per token."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["OutputBuffer"]


class OutputBuffer:
    """Collects text deltas and says when enough has built up to be written.

    Text is due after ``max_tokens`` deltas or ``max_seconds`` since the last
    write, whichever comes first.
    """

    def __init__(
        self,
        *,
        max_tokens: int,
        max_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max_tokens = max_tokens
        self._max_seconds = max_seconds
        self._clock = clock
        self._pieces: list[str] = []
        self._last_write = clock()
        self.text = ""

    def add(self, text: str) -> bool:
        """Add a delta; return whether the buffered text should be written now."""
        self._pieces.append(text)
        self.text += text
        return (
            len(self._pieces) >= self._max_tokens
            or self._clock() - self._last_write >= self._max_seconds
        )

    def take(self) -> str:
        """Return the buffered text and empty the buffer."""
        pending = "".join(self._pieces)
        self._pieces.clear()
        self._last_write = self._clock()
        return pending
