"""Errors a command reports as one ``runcast: …`` line and an exit code."""

from __future__ import annotations

from runcast.cli.exit_codes import ExitCode

__all__ = ["CommandError"]


class CommandError(Exception):
    """The command cannot go on, for the reason given (one line, no traceback)."""

    def __init__(self, message: str, exit_code: ExitCode = ExitCode.ERROR) -> None:
        super().__init__(message)
        self.exit_code = exit_code
