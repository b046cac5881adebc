"""What every call to a model shares: its retry policy and its price."""

from __future__ import annotations

from tenacity import (
    AsyncRetrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from runcast.domain.usage import Usage
from runcast.execution.errors import ExecutorError
from runcast.settings import Settings

__all__ = ["priced", "retrying"]


def _is_retryable(error: BaseException) -> bool:
    return isinstance(error, ExecutorError) and error.retryable


def retrying(settings: Settings) -> AsyncRetrying:
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
