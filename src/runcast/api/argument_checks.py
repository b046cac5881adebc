"""Argument checks that run before any resolver: a request is refused whole.

A resolver that refuses its argument fails only its own field, and once a
mutation has committed, a refused argument deeper in its selection (say
``createRun { ... on Run { items(first: 1000) } }``) would null the whole
answer: the client cannot tell the run was made, retries, and makes it
twice. So arguments declared with ``checked_argument`` are checked after
validation, with the operation's variables, before execution starts; one
that fails is the answer (``data: null``, an error naming the argument and
coded like the domain's ``ValidationError``), and no resolver runs.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLArgument,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Undefined,
    ValidationContext,
    VariableNode,
    Visitor,
    get_operation_ast,
    value_from_ast,
    visit,
)
from graphql.execution.values import get_variable_values
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import StrawberryArgument, StrawberryArgumentAnnotation

from runcast.domain.errors import ValidationError

__all__ = ["ArgumentCheck", "argument_errors", "checked_argument"]

ArgumentCheck = Callable[[Any], object]
"""Raises the domain's ``ValidationError`` for a value it refuses."""

_CHECK = "runcast.argument_check"


def checked_argument(
    check: ArgumentCheck, *, description: str
) -> StrawberryArgumentAnnotation:
    """An argument (for ``Annotated``) that ``check`` vets before execution."""
    return strawberry.argument(description=description, metadata={_CHECK: check})


@dataclass(frozen=True)
class _CheckedArgument:
    node: ArgumentNode
    definition: GraphQLArgument
    check: ArgumentCheck
    coordinate: str


def argument_errors(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any],
) -> list[GraphQLError]:
    """The errors of the checked arguments the operation passes, with its variables.

    Fragments are looked at once each, however often they are spread.
    """
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return []  # execution says which operation is missing
    arguments = _FOUND.arguments(schema, document, operation)
    values = _variable_values(schema, operation, arguments, variables)
    if values is None:
        return []  # execution reports the variables that do not fit
    errors: list[GraphQLError] = []
    for argument in arguments:
        value = value_from_ast(argument.node.value, argument.definition.type, values)
        if value is Undefined:
            continue  # not given: the argument's default applies
        try:
            argument.check(value)
        except ValidationError as error:
            errors.append(_refusal(argument, error))
    return errors


class _FoundOnce:
    """The checked arguments of each parsed operation, found once.

    Parsed documents are cached and shared by every request of the same
    query, so finding their checked arguments (a walk of the document with
    type information) is done once per document, not once per request. An
    entry goes when its operation does.
    """

    def __init__(self) -> None:
        self._found: dict[
            tuple[int, int], tuple[weakref.ref[Any], list[_CheckedArgument]]
        ] = {}

    def arguments(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
    ) -> list[_CheckedArgument]:
        key = (id(schema), id(operation))
        entry = self._found.get(key)
        if entry is not None and entry[0]() is operation:
            return entry[1]
        found = _checked_arguments(schema, document, operation)
        forget = functools.partial(self._forget, key)
        self._found[key] = (weakref.ref(operation, forget), found)
        return found

    def _forget(self, key: tuple[int, int], _gone: weakref.ref[Any]) -> None:
        self._found.pop(key, None)


_FOUND = _FoundOnce()


def _checked_arguments(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
) -> list[_CheckedArgument]:
    type_info = TypeInfo(schema)
    fragments = ValidationContext(
        schema, document, type_info, lambda _error: None
    ).get_recursively_referenced_fragments(operation)
    finder = _CheckedArgumentFinder(type_info)
    definitions: list[OperationDefinitionNode | FragmentDefinitionNode] = [
        operation,
        *fragments,
    ]
    for definition in definitions:
        visit(definition, TypeInfoVisitor(type_info, finder))
    return finder.found


class _CheckedArgumentFinder(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found: list[_CheckedArgument] = []

    def enter_argument(
        self,
        node: ArgumentNode,
        _key: Any,
        _parent: Any,
        _path: Any,
        ancestors: list[Any],
    ) -> None:
        definition = self.type_info.get_argument()
        owner = ancestors[-1] if ancestors else None
        if definition is None or not isinstance(owner, FieldNode):
            return  # a directive's argument
        strawberry_argument = definition.extensions.get(
            GraphQLCoreConverter.DEFINITION_BACKREF
        )
        if not isinstance(strawberry_argument, StrawberryArgument):
            return
        check = strawberry_argument.metadata.get(_CHECK)
        if check is None:
            return
        parent = self.type_info.get_parent_type()
        coordinate = f"{parent}.{owner.name.value}({node.name.value}:)"
        self.found.append(_CheckedArgument(node, definition, check, coordinate))


def _variable_values(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    arguments: list[_CheckedArgument],
    variables: dict[str, Any],
) -> dict[str, Any] | None:
    """The coerced values of the variables checked arguments use (None: invalid)."""
    used = {
        argument.node.value.name.value
        for argument in arguments
        if isinstance(argument.node.value, VariableNode)
    }
    if not used:
        return {}
    definitions = [
        definition
        for definition in operation.variable_definitions or ()
        if definition.variable.name.value in used
    ]
    values = get_variable_values(schema, definitions, variables)
    return None if isinstance(values, list) else values.coerced


def _refusal(argument: _CheckedArgument, error: ValidationError) -> GraphQLError:
    name = argument.node.name.value
    return GraphQLError(
        f"{argument.coordinate}: {error.message}",
        nodes=[argument.node],
        extensions={"code": error.code, "field": name},
    )
