"""JSON Schemas of outputs: refusing bad schemas, saying where outputs break them.

Validation never leaves the process: a ``$ref`` resolves only within the
schema and the published meta-schemas (no remote retrieval, which would be
an outbound call no policy checks), and ``pattern`` keywords run under a
timeout, as the ``REGEX`` assertion's patterns do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

import regex
from jsonschema import ValidationError, validators
from jsonschema.exceptions import SchemaError, best_match
from jsonschema.protocols import Validator
from referencing import Registry
from referencing.exceptions import Unresolvable

__all__ = ["PATTERN_TIMEOUT_SECONDS", "SchemaCheck", "parse_schema"]

PATTERN_TIMEOUT_SECONDS = 0.1
"""A schema's pattern that takes longer than this on a string fails it."""

_MESSAGE_CHARACTERS = 300
_TOO_DEEP = "the output is JSON nested too deeply to check"


@lru_cache(maxsize=64)
def parse_schema(text: str) -> SchemaCheck:
    """The schema ``text`` holds, ready to check outputs with (kept for reuse).

    Raises ``ValueError`` saying what is wrong when ``text`` is not JSON or
    not a valid JSON Schema of the draft it names (2020-12 if none).
    """
    try:
        schema = json.loads(text)
    except ValueError as error:
        raise ValueError(f"the JSON Schema is not JSON: {error}") from None
    except RecursionError:
        raise ValueError("the JSON Schema is nested too deeply") from None
    if not isinstance(schema, dict | bool):
        raise ValueError("a JSON Schema is an object or a boolean")
    try:
        return SchemaCheck(schema)
    except RecursionError:
        raise ValueError("the JSON Schema is nested too deeply") from None


class SchemaCheck:
    """A valid JSON Schema and what an output must be to meet it."""

    def __init__(self, schema: dict[str, Any] | bool) -> None:
        base = validators.validator_for(schema)
        try:
            base.check_schema(schema)  # type: ignore[arg-type]  # bool is valid
        except SchemaError as error:
            where = error.json_path
            raise ValueError(
                f"invalid JSON Schema at {where}: {_short(error.message)}"
            ) from None
        bounded = validators.extend(  # type: ignore[no-untyped-call]
            base,
            {"pattern": _pattern, "patternProperties": _pattern_properties},
        )
        # an empty registry (besides the meta-schemas) retrieves nothing remote
        self._validator: Validator = bounded(schema, registry=Registry())

    def violation(self, output: str) -> str | None:
        """Why ``output`` breaks the schema; None when it meets it.

        The answer names the part of the output (a JSON path) and the rule
        of the schema (its keyword's path) that it breaks.
        """
        try:
            instance = json.loads(output)
        except ValueError as error:
            return f"the output is not JSON: {error}"
        except RecursionError:
            return _TOO_DEEP
        return self._broken_rule(instance)

    def _broken_rule(self, instance: Any) -> str | None:  # any JSON value
        try:
            broken = best_match(self._validator.iter_errors(instance))
        except RecursionError:
            return _TOO_DEEP
        except Unresolvable as unresolvable:
            return f"the schema has a reference it cannot resolve: {unresolvable}"
        except regex.error as bad_pattern:
            return f"a pattern of the schema is invalid: {bad_pattern}"
        if broken is None:
            return None
        rule = "/".join(str(part) for part in broken.schema_path) or "(root)"
        return f"{broken.json_path} breaks {rule}: {_short(broken.message)}"


def _short(message: str) -> str:
    if len(message) <= _MESSAGE_CHARACTERS:
        return message
    return message[: _MESSAGE_CHARACTERS - 1] + "…"


def _search(pattern: str, text: str) -> bool | None:
    """Whether ``pattern`` matches; None when it took too long."""
    try:
        found = regex.search(pattern, text, timeout=PATTERN_TIMEOUT_SECONDS)
    except TimeoutError:
        return None
    return found is not None


# jsonschema calls keyword functions with its validator, untyped in its stubs
def _pattern(
    validator: Any, pattern: str, instance: object, schema: object
) -> Iterator[ValidationError]:
    if not isinstance(instance, str):
        return
    found = _search(pattern, instance)
    if found is None:
        yield ValidationError(f"{pattern!r} took too long to match")
    elif not found:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any,
    patterns: Mapping[str, object],
    instance: object,
    schema: object,
) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    for pattern, subschema in patterns.items():
        for name, value in instance.items():
            found = _search(pattern, name)
            if found is None:
                yield ValidationError(f"{pattern!r} took too long to match")
            elif found:
                yield from validator.descend(
                    value, subschema, path=name, schema_path=pattern
                )
