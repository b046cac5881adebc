"""What every answer to a generated request must look like.

Never a 5xx; always a JSON object with ``data`` and/or ``errors`` (for a
stream, every payload); no
message that shows internals (a traceback, an exception class, SQL, a file
path, a module name; the schema's own names, such as ``RunError``, are not
leaks); no ``INTERNAL_ERROR``, which means an exception nobody expected was
masked.
"""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
from graphql import GraphQLObjectType

from tests.fuzz.strategies import graphql_schema

__all__ = ["ERROR_TYPES", "assert_safe_answer", "wrote_something"]

_ERROR = graphql_schema().type_map["Error"]
ERROR_TYPES = frozenset(
    name
    for name, type_ in graphql_schema().type_map.items()
    if isinstance(type_, GraphQLObjectType) and _ERROR in type_.interfaces
)
"""The schema's ``Error`` members: a mutation answering one wrote nothing."""

_SCHEMA_NAMES = sorted(graphql_schema().type_map)

_BUILTIN_EXCEPTIONS = sorted(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)

_LEAKS = [
    re.compile(r"Traceback \(most recent call last\)"),
    re.compile(r'File "[^"]*", line \d+'),
    re.compile(r"\b(?:" + "|".join(_BUILTIN_EXCEPTIONS) + r")\b"),
    re.compile(
        r"\b(?!(?:" + "|".join(_SCHEMA_NAMES) + r")\b)[A-Z]\w*(?:Error|Exception)\b"
    ),
    re.compile(
        r"\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM)\b.*\b(?:FROM|VALUES|SET)\b"
    ),
    re.compile(r"\[SQL: |\bsqlite3?\b|\bsqlalchemy\b|\basyncpg\b|\bpsycopg\b", re.I),
    re.compile(r"(?:/[\w.-]+)+\.py\b|site-packages|\bsrc/runcast\b"),
    re.compile(r"\bruncast\.\w+|\bstrawberry\.\w+|\bgraphql\.\w+"),
    re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>"),
    re.compile(r"Unexpected error; reference|\bINTERNAL_ERROR\b"),
]


def assert_safe_answer(response: httpx.Response, *, sent: str) -> dict[str, Any]:
    """Fail unless the answer is a safe GraphQL response; return its (last) body.

    A streamed answer (graphql-sse, multipart) is checked payload by payload.
    ``sent`` is the text of the request: a message may quote what the client
    sent (a cursor ``AError`` is not a leaked exception class).
    """
    assert response.status_code < 500, _shown(response)
    assert response.status_code == 200 or 400 <= response.status_code < 500, _shown(
        response
    )
    try:
        bodies = _bodies(response)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise AssertionError(f"not JSON: {_shown(response)}") from None
    assert bodies, _shown(response)
    for body in bodies:
        _assert_safe_body(body, response, sent)
    return bodies[-1]


def _bodies(response: httpx.Response) -> list[Any]:
    """The GraphQL responses in the answer: one, or each payload of a stream."""
    media_type = response.headers.get("content-type", "")
    if response.status_code == 200 and media_type.startswith("text/event-stream"):
        lines = response.text.splitlines()
        return [json.loads(line[6:]) for line in lines if line.startswith("data: {")]
    if response.status_code == 200 and media_type.startswith("multipart/mixed"):
        parts = re.findall(r"^\{.*\}$", response.text, re.M)
        payloads = (json.loads(part) for part in parts)
        return [part.get("payload", part) for part in payloads if part]
    return [response.json()]


def _assert_safe_body(body: Any, response: httpx.Response, sent: str) -> None:
    assert isinstance(body, dict), _shown(response)
    assert "data" in body or "errors" in body, _shown(response)
    if response.status_code != 200:
        assert body.get("errors"), _shown(response)
    for error in body.get("errors") or []:
        assert isinstance(error, dict), _shown(response)
        assert isinstance(error.get("message"), str), _shown(response)
        code = (error.get("extensions") or {}).get("code")
        assert code != "INTERNAL_ERROR", _shown(response)
    for message in _messages(body):
        leak = _leak(message, sent)
        assert leak is None, f"{message!r} shows {leak!r}: {_shown(response)}"


def _leak(message: str, sent: str) -> str | None:
    """The first internal text in ``message`` that the client did not send."""
    for pattern in _LEAKS:
        for found in pattern.finditer(message):
            if found.group() not in sent:
                return found.group()
    return None


def wrote_something(body: dict[str, Any]) -> bool:
    """Whether some mutation result in ``body`` is a payload, not an error."""
    results = (body.get("data") or {}).values()
    return any(
        isinstance(result, dict) and result.get("__typename") not in ERROR_TYPES
        for result in results
    )


def _messages(value: Any) -> Iterator[str]:
    """Every ``message`` and ``code`` string anywhere in the body."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in {"message", "code"} and isinstance(item, str):
                yield item
            else:
                yield from _messages(item)
    elif isinstance(value, list):
        for item in value:
            yield from _messages(item)


def _shown(response: httpx.Response) -> str:
    return f"{response.status_code} {response.text[:2000]}"
