"""What every call to a model shares: its retry policy, its time and rate
bounds, and its price."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiolimiter import AsyncLimiter
from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from runcast.domain.usage import Usage
from runcast.execution.errors import ExecutorError
from runcast.settings import Settings

__all__ = ["called_in_time", "priced", "retried"]

T = TypeVar("T")


def _is_retryable(error: BaseException) -> bool:
    return isinstance(error, ExecutorError) and error.retryable


def _retrying(settings: Settings) -> AsyncRetrying:
    """Attempts of one call: retryable failures again, with backoff and jitter."""
    return AsyncRetrying(
        stop=stop_after_attempt(settings.item_max_attempts),
        wait=wait_exponential_jitter(
            multiplier=settings.retry_base_delay,
            max=settings.retry_max_delay,
            jitter=settings.retry_base_delay,
        ),
        retry=retry_if_exception(_is_retryable),
        reraise=True,
    )


async def retried(settings: Settings, call: Callable[[int], Awaitable[T]]) -> T:
    """``call(n)`` for attempt n = 1, 2, … until it answers or fails for good.

    The first attempt runs without the retry machinery, since most calls
    answer at once; a failure is handed to the retry policy as that attempt's
    outcome, so waits and the number of attempts are the policy's own.
    """
    try:
        return await call(1)
    except ExecutorError as error:
        first_failure = error
    async for attempt in _retrying(settings):
        with attempt:
            number = attempt.retry_state.attempt_number
            if number == 1:
                raise first_failure
            return await call(number)
    raise AssertionError("retrying either returns or raises")  # pragma: no cover


async def called_in_time(
    settings: Settings,
    limiter: AsyncLimiter | None,
    call: Callable[[], Awaitable[T]],
    *,
    late: str,
    passing: tuple[type[Exception], ...] = (),
) -> T:
    """``call()`` under its model's rate limit and the item timeout.

    Whatever goes wrong is an ``ExecutorError``: a timeout (retryable, ``late``
    saying what did not come in time), the executor's own, or anything else
    (not retryable) but the ``passing`` errors, raised as they are.
    """
    if limiter is not None:
        await limiter.acquire()
    try:
        async with asyncio.timeout(settings.item_timeout):
            return await call()
    except TimeoutError:
        raise ExecutorError(
            f"{late} within {settings.item_timeout:g} s",
            code="TIMEOUT",
            retryable=True,
        ) from None
    except ExecutorError:
        raise
    except Exception as error:
        if isinstance(error, passing):
            raise
        raise ExecutorError(
            str(error) or type(error).__name__,
            code="EXECUTOR_ERROR",
            retryable=False,
        ) from error


def priced(
    settings: Settings, model: str, *, input_tokens: int, output_tokens: int
) -> Usage:
    """A call's tokens and their cost at the model's price (0 if it has none)."""
    price = settings.model_prices.get(model)
    cost = (
        price.cost(input_tokens=input_tokens, output_tokens=output_tokens)
        if price
        else 0.0
    )
    return Usage(input_tokens=input_tokens, output_tokens=output_tokens, cost=cost)
