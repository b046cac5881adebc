"""Why an executor could not answer, and whether trying again may help."""

from __future__ import annotations

__all__ = ["ExecutorError"]


class ExecutorError(Exception):
    """A call to a model failed.

    ``retryable`` errors (timeouts, rate limits, server errors) are tried
    again with backoff; the others fail the item at once.
    """

    def __init__(self, message: str, *, code: str, retryable: bool) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.retryable = retryable
