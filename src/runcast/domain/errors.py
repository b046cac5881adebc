"""The errors a use case can raise; each becomes a typed error in the API."""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "InvalidTransitionError",
    "NotFoundError",
    "RuncastError",
    "ValidationError",
]


class RuncastError(Exception):
    """Base of every error Runcast reports to its callers.

    ``code`` is a stable machine-readable name; ``message`` is for people.
    """

    code = "RUNCAST_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(RuncastError):
    """The named resource does not exist (or the id cannot name anything)."""

    code = "NOT_FOUND"

    def __init__(self, kind: str, id: str) -> None:
        super().__init__(f"{kind} {id!r} was not found")
        self.kind = kind
        self.id = id


class ValidationError(RuncastError):
    """An input value is invalid; ``field`` is its dotted path, if it has one."""

    code = "VALIDATION_ERROR"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ConflictError(RuncastError):
    """The change conflicts with the current state, e.g. a duplicate name."""

    code = "CONFLICT"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidTransitionError(RuncastError):
    """A run cannot move from its current status to the requested one."""

    code = "INVALID_TRANSITION"

    def __init__(self, *, run_id: str, current: str, requested: str) -> None:
        super().__init__(f"run {run_id!r} cannot go from {current} to {requested}")
        self.run_id = run_id
        self.current = current
        self.requested = requested
