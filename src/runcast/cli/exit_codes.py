"""The ``runcast`` command's exit codes, as the README documents them."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    """What a ``runcast`` process's exit status means."""

    OK = 0
    """Done; a watched run succeeded and met every threshold."""
    ERROR = 1
    """Nothing or not all was done: bad file, unknown id, server down or refusing."""
    USAGE = 2
    """The command line is wrong (argparse's own code)."""
    RUN_NOT_PASSED = 3
    """A watched run failed, was cancelled, or missed a threshold."""
    INTERRUPTED = 130
    """Ctrl-C stopped the command; a watched run goes on on the server."""
