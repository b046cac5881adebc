"""The response cache as a run uses it for what it asks besides its answers:
judges' verdicts and embeddings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from runcast.domain.response_cache import Answer, CachedResponse, CacheEntry
from runcast.domain.runs import CacheMode

__all__ = ["CachedAnswers", "KeepResponse", "KeptResponses"]

CachedAnswers = Callable[[Sequence[str]], Awaitable[dict[str, Answer]]]
"""Finds the answers the response cache keeps for these request keys."""
KeepResponse = Callable[[CachedResponse], Awaitable[None]]
"""Keeps an answer in the response cache."""


class KeptResponses:
    """The response cache in a run's cache mode.

    ``USE`` reads and keeps, ``REFRESH`` keeps without reading, ``OFF`` does
    neither; without ``find`` or ``keep`` nothing is read or kept.
    """

    def __init__(
        self,
        *,
        mode: CacheMode = CacheMode.OFF,
        find: CachedAnswers | None = None,
        keep: KeepResponse | None = None,
    ) -> None:
        self._mode = mode
        self._find = find
        self._keep = keep

    def entry(self, request: Callable[[], str]) -> CacheEntry | None:
        """Where the answer to ``request()`` is kept; None when the run uses no
        cache (and then the request's JSON is never made)."""
        if not self._mode.writes:  # OFF: neither read nor written
            return None
        return CacheEntry.of(request())

    async def kept(self, entry: CacheEntry | None) -> Answer | None:
        """The answer kept at ``entry``, if the run reads the cache and it has one."""
        if entry is None or not self._mode.reads or self._find is None:
            return None
        return (await self._find([entry.key])).get(entry.key)

    async def keep(self, entry: CacheEntry | None, answer: Answer) -> None:
        """Keep ``answer`` at ``entry``, if the run keeps answers."""
        if entry is not None and self._keep is not None:
            await self._keep(entry.keeping(answer))
