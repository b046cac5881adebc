"""Reading JSON from clients: anything unreadable is one exception, never a crash."""

from __future__ import annotations

import json

__all__ = ["UnreadableJSONError", "read_json"]


class UnreadableJSONError(ValueError):
    """Text that is not a JSON document this server can read."""


def read_json(text: str | bytes) -> object:
    """The value of a JSON document; bytes must be UTF-8.

    Besides syntax errors, this covers what ``json.loads`` raises on input
    a client controls: bytes that are not UTF-8, integers past Python's
    digit limit (``ValueError``) and nesting past the recursion limit.
    """
    try:
        decoded = text.decode("utf-8") if isinstance(text, bytes) else text
        return json.loads(decoded)
    except UnicodeDecodeError as error:
        raise UnreadableJSONError("it is not UTF-8") from error
    except json.JSONDecodeError as error:
        raise UnreadableJSONError(error.msg) from error
    except RecursionError as error:
        raise UnreadableJSONError("it is nested too deeply") from error
    except ValueError as error:  # an integer past sys.get_int_max_str_digits()
        raise UnreadableJSONError("a number in it has too many digits") from error
