"""Database work that, once started, finishes even if its caller is cancelled."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

__all__ = ["uninterrupted"]

P = ParamSpec("P")
T = TypeVar("T")


def uninterrupted(
    function: Callable[P, Coroutine[Any, Any, T]],
) -> Callable[P, Awaitable[T]]:
    """Run ``function`` in its own task and let it finish on cancellation.

    Cancelling a task in the middle of a database call can leave a pooled
    connection inside an open transaction, holding SQLite's write lock. A
    worker is cancelled whenever its run is, so what it writes runs to its
    end (commit or rollback) before the cancellation goes on.
    """

    @functools.wraps(function)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        task = asyncio.ensure_future(function(*args, **kwargs))
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            await asyncio.wait([task])
            if not task.cancelled():
                task.exception()  # the cancellation is what the caller sees
            raise

    return wrapper
