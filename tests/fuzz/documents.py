"""Rewriting generated GraphQL documents before they are sent.

hypothesis-graphql prints documents with every argument inline; these
functions swap placeholder ids for stored ones, move arguments into
variables, and add ``__typename`` to each mutation result so a check can
tell a written payload from an error member.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import graphql
from graphql import (
    ArgumentNode,
    DefinitionNode,
    FieldNode,
    GraphQLSchema,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    VariableDefinitionNode,
    VariableNode,
)

__all__ = ["Operation", "is_mutation", "operation_from"]

_TYPENAME = FieldNode(name=NameNode(value="__typename"), arguments=(), directives=())


@dataclass
class Operation:
    """A document and its variables, ready to post."""

    query: str
    variables: dict[str, Any] = field(default_factory=dict)


def operation_from(
    text: str,
    schema: GraphQLSchema,
    *,
    known_ids: Mapping[str, str],
    as_variables: bool,
) -> Operation:
    """The generated document with stored ids and ``__typename`` on mutation
    results; if ``as_variables``, every root argument passed as a variable."""
    document = graphql.parse(_with_known_ids(text, known_ids))
    variables: dict[str, Any] = {}
    definitions: list[DefinitionNode] = []
    for definition in document.definitions:
        rewritten = definition
        if isinstance(rewritten, OperationDefinitionNode):
            if rewritten.operation is OperationType.MUTATION:
                rewritten = _with_typenames(rewritten)
            if as_variables:
                rewritten = _with_variables(rewritten, schema, variables)
        definitions.append(rewritten)
    document = replace(document, definitions=tuple(definitions))
    return Operation(graphql.print_ast(document), variables)


def is_mutation(query: str) -> bool:
    """Whether the document parses and holds a mutation."""
    try:
        document = graphql.parse(query)
    except graphql.GraphQLError:
        return False
    return any(
        isinstance(definition, OperationDefinitionNode)
        and definition.operation is OperationType.MUTATION
        for definition in document.definitions
    )


def _with_known_ids(text: str, known_ids: Mapping[str, str]) -> str:
    for placeholder, stored_id in known_ids.items():
        text = text.replace(f'"{placeholder}"', f'"{stored_id}"')
    return text


def _with_typenames(operation: OperationDefinitionNode) -> OperationDefinitionNode:
    fields = tuple(
        replace(
            selection,
            selection_set=replace(
                selection.selection_set,
                selections=(*selection.selection_set.selections, _TYPENAME),
            ),
        )
        if isinstance(selection, FieldNode) and selection.selection_set is not None
        else selection
        for selection in operation.selection_set.selections
    )
    return replace(
        operation, selection_set=replace(operation.selection_set, selections=fields)
    )


def _with_variables(
    operation: OperationDefinitionNode,
    schema: GraphQLSchema,
    variables: dict[str, Any],
) -> OperationDefinitionNode:
    """``operation`` with its root fields' literal arguments made variables,
    whose values are added to ``variables``."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return operation
    definitions = list(operation.variable_definitions or ())
    fields: list[SelectionNode] = []
    for selection in operation.selection_set.selections:
        declared = (
            root.fields.get(selection.name.value)
            if isinstance(selection, FieldNode)
            else None
        )
        if declared is None or not isinstance(selection, FieldNode):
            fields.append(selection)
            continue
        arguments: list[ArgumentNode] = []
        for argument in selection.arguments or ():
            definition = declared.args.get(argument.name.value)
            if definition is None or isinstance(argument.value, VariableNode):
                arguments.append(argument)
                continue
            variable = VariableNode(name=NameNode(value=f"v{len(variables)}"))
            variables[variable.name.value] = graphql.value_from_ast_untyped(
                argument.value
            )
            definitions.append(
                VariableDefinitionNode(
                    variable=variable,
                    type=graphql.parse_type(str(definition.type)),
                    directives=(),
                )
            )
            arguments.append(replace(argument, value=variable))
        fields.append(replace(selection, arguments=tuple(arguments)))
    return replace(
        operation,
        variable_definitions=tuple(definitions),
        selection_set=replace(operation.selection_set, selections=tuple(fields)),
    )
