"""Variable values checked before an operation executes.

Every string anywhere in the variables (ids, search text, idempotency keys,
prompts, JSON values) must be encodable: a lone surrogate, which JSON can
carry as ``"\\ud800"`` but no database can store, is refused. ``ID`` values
have at most ``MAX_ID_LENGTH`` characters, and no list more than
``MAX_LIST_LENGTH`` items: a 100,000-row dataset is refused at once, before
any row is coerced or validated. ``JSON`` values (a dataset row's
variables) are bounded in nesting depth, in size and in integer digits.

A refused operation executes nothing, so writes nothing: the client gets one
GraphQL error (a subscription: that error, then its end) with
``extensions.code`` ``VALIDATION_ERROR`` and ``extensions.field``, the dotted
path of the value from its variable's name (``input.dataset.3.variables.who``).
Literals in the query text need no surrogate check, graphql-core's parser
refuses them; ``LongIdRule`` checks the length of ``ID`` literals.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    get_operation_ast,
    type_from_ast,
)

from runcast.domain.errors import ValidationError
from runcast.domain.experiments import MAX_DATASET_ITEMS

__all__ = [
    "MAX_ID_LENGTH",
    "MAX_JSON_DEPTH",
    "MAX_JSON_INTEGER_DIGITS",
    "MAX_JSON_SIZE",
    "MAX_LIST_LENGTH",
    "InvalidValue",
    "invalid_values",
    "variable_error",
]

MAX_ID_LENGTH = 200
# the longest list any input takes is a dataset
MAX_LIST_LENGTH = MAX_DATASET_ITEMS
MAX_JSON_DEPTH = 32
# characters of every string and key, plus one for each value
MAX_JSON_SIZE = 1_000_000
MAX_JSON_INTEGER_DIGITS = 100
_SMALLEST_TOO_LONG_INTEGER = 10**MAX_JSON_INTEGER_DIGITS

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class InvalidValue:
    """A variable value the server refuses, and where it is."""

    path: Path
    message: str

    @property
    def field(self) -> str:
        """The dotted path of the value."""
        return ".".join(str(part) for part in self.path)


def invalid_values(
    value: Any, input_type: GraphQLInputType, path: Path
) -> Iterator[InvalidValue]:
    """Problems of ``value``, given as a variable of ``input_type``, at ``path``."""
    while isinstance(input_type, GraphQLNonNull):
        input_type = input_type.of_type
    if value is None:
        return
    if isinstance(input_type, GraphQLList):
        items = value if isinstance(value, list) else [value]
        if len(items) > MAX_LIST_LENGTH:
            yield InvalidValue(
                path, f"a list has at most {MAX_LIST_LENGTH} items, got {len(items)}"
            )
            return
        for index, item in enumerate(items):
            yield from invalid_values(item, input_type.of_type, (*path, index))
    elif isinstance(input_type, GraphQLInputObjectType):
        if isinstance(value, Mapping):
            for name, item in value.items():
                found = input_type.fields.get(name)
                if found is not None:
                    yield from invalid_values(item, found.type, (*path, name))
    elif isinstance(input_type, GraphQLScalarType):
        yield from _invalid_scalar(value, input_type, path)


def _invalid_scalar(
    value: Any, scalar: GraphQLScalarType, path: Path
) -> Iterator[InvalidValue]:
    if scalar is GraphQLID and isinstance(value, str) and len(value) > MAX_ID_LENGTH:
        yield InvalidValue(
            path, f"an id has at most {MAX_ID_LENGTH} characters, got {len(value)}"
        )
    elif scalar.name == "JSON":
        yield from _invalid_json(value, path)
    elif isinstance(value, str) and _has_lone_surrogate(value):
        yield InvalidValue(path, _SURROGATE_MESSAGE)


_SURROGATE_MESSAGE = "text cannot contain lone surrogates (unpaired \\ud800-\\udfff)"


def _has_lone_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _invalid_json(value: Any, path: Path) -> Iterator[InvalidValue]:
    """The first problem of a JSON value, walked without recursion."""
    size = 0
    pending: list[tuple[Any, Path, int]] = [(value, path, 1)]
    while pending:
        item, at, depth = pending.pop()
        size += 1
        if depth > MAX_JSON_DEPTH:
            yield InvalidValue(at, f"JSON is nested at most {MAX_JSON_DEPTH} deep")
            return
        if isinstance(item, Mapping):
            for key, member in item.items():
                size += len(key)
                if _has_lone_surrogate(key):
                    yield InvalidValue((*at, key), _SURROGATE_MESSAGE)
                    return
                pending.append((member, (*at, key), depth + 1))
        elif isinstance(item, list):
            pending.extend(
                (member, (*at, index), depth + 1) for index, member in enumerate(item)
            )
        elif isinstance(item, str):
            size += len(item)
            if _has_lone_surrogate(item):
                yield InvalidValue(at, _SURROGATE_MESSAGE)
                return
        elif isinstance(item, int) and abs(item) >= _SMALLEST_TOO_LONG_INTEGER:
            yield InvalidValue(
                at, f"a JSON integer has at most {MAX_JSON_INTEGER_DIGITS} digits"
            )
            return
        if size > MAX_JSON_SIZE:
            yield InvalidValue(path, f"JSON is at most {MAX_JSON_SIZE} characters")
            return


def variable_error(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
) -> GraphQLError | None:
    """The error for the first value of the variables the server cannot take."""
    problem = _first_problem(schema, document, operation_name, variables)
    if problem is None:
        return None
    extensions = {"code": ValidationError.code, "field": problem.field}
    return GraphQLError(f"{problem.field}: {problem.message}", extensions=extensions)


def _first_problem(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
) -> InvalidValue | None:
    if not variables:
        return None
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        variable_type = type_from_ast(schema, definition.type)
        if name in variables and variable_type is not None:
            for problem in invalid_values(
                variables[name],
                variable_type,  # type: ignore[arg-type]
                (name,),
            ):
                return problem
    return None
