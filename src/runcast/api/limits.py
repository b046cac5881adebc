"""Depth and alias limits of a GraphQL document, measured in linear time.

Strawberry's depth and alias limiters inline every fragment spread as they
walk, so 30 fragments that each spread the next twice make them walk 2^30
selections. Here each definition's own selections are walked once, and each
fragment's depth and alias count are computed once from the fragments it
spreads (an alias count as if inlined may be a huge number; it is only added
up, never walked), so the cost grows with the document, not with what the
fragments would expand to.

``LongIdRule`` refuses an ``ID`` literal longer than ``MAX_ID_LENGTH`` (in
variables, ``variables.variable_error`` does); ``NoIntrospectionRule`` refuses
``__schema`` and ``__type`` where introspection is switched off.

Depth counts nested fields that have a selection set, not counting
introspection fields (``__schema``, ``__type``) and what lies under them;
aliases are counted in every operation of the document as if fragments were
inlined, as Strawberry's limiters do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLID,
    NoSchemaIntrospectionCustomRule,
    get_named_type,
)
from graphql.language import (
    SKIP,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
)
from graphql.validation import ValidationRule

from runcast.api.variables import MAX_ID_LENGTH
from runcast.domain.errors import ValidationError

__all__ = [
    "MAX_ALIASES",
    "MAX_QUERY_DEPTH",
    "DocumentShape",
    "LongIdRule",
    "NoIntrospectionRule",
    "OperationShape",
    "create_limit_rule",
    "measure_document",
]

MAX_QUERY_DEPTH = 20
MAX_ALIASES = 50

# An alias count past this is reported as "more than", not spelled out: a
# count as if inlined can have more digits than Python will turn into text.
_LARGEST_COUNT_SHOWN = 10**12


@dataclass
class _OwnShape:
    """What one operation or fragment holds itself, fragments not followed."""

    depth: int = 0
    aliases: int = 0
    # each spread's fragment name, and the depth it is spread at (None: under
    # an introspection field, where depth is not counted)
    spreads: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass(frozen=True)
class OperationShape:
    """One operation's depth, its fragments inlined."""

    operation: OperationDefinitionNode
    depth: int

    @property
    def name(self) -> str:
        """The operation's name, or ``anonymous``."""
        return self.operation.name.value if self.operation.name else "anonymous"


@dataclass(frozen=True)
class DocumentShape:
    """A document's operations' depths and its alias count, fragments inlined.

    ``selections_visited`` is the work it took: selections walked plus
    fragment spreads followed.
    """

    operations: tuple[OperationShape, ...]
    aliases: int
    selections_visited: int


def measure_document(document: DocumentNode) -> DocumentShape:
    """Measure every operation of ``document``, each selection walked once."""
    visited = 0
    fragments: dict[str, _OwnShape] = {}
    operations: list[tuple[OperationDefinitionNode, _OwnShape]] = []
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode | OperationDefinitionNode):
            own, walked = _own_shape(definition.selection_set)
            visited += walked
            if isinstance(definition, FragmentDefinitionNode):
                fragments[definition.name.value] = own
            else:
                operations.append((definition, own))
    resolved, followed = _resolve_fragments(fragments)
    shapes = [(node, _inlined(own, resolved)) for node, own in operations]
    visited += followed + sum(len(own.spreads) for _, own in operations)
    return DocumentShape(
        operations=tuple(OperationShape(node, depth) for node, (depth, _) in shapes),
        aliases=sum(aliases for _, (_, aliases) in shapes),
        selections_visited=visited,
    )


def _own_shape(selection_set: SelectionSetNode) -> tuple[_OwnShape, int]:
    """The shape of one definition's own selections, and how many there were."""
    own = _OwnShape()
    visited = 0
    # (selections, depth of the field that holds them, whether depth counts)
    pending: list[tuple[SelectionSetNode, int, bool]] = [(selection_set, 0, True)]
    while pending:
        selections, depth, counted = pending.pop()
        for selection in selections.selections:
            visited += 1
            if isinstance(selection, FieldNode):
                own.aliases += 1 if selection.alias else 0
                if selection.selection_set is None:
                    continue
                counts = counted and not selection.name.value.startswith("__")
                inner = depth + 1 if counts else depth
                if counts:
                    own.depth = max(own.depth, inner)
                pending.append((selection.selection_set, inner, counts))
            elif isinstance(selection, InlineFragmentNode):
                pending.append((selection.selection_set, depth, counted))
            elif isinstance(selection, FragmentSpreadNode):
                own.spreads.append((selection.name.value, depth if counted else None))
    return own, visited


def _resolve_fragments(
    fragments: dict[str, _OwnShape],
) -> tuple[dict[str, tuple[int, int]], int]:
    """Each fragment's (depth, aliases) as if inlined, and the spreads followed.

    Depth first without recursion, so a long chain of fragments cannot
    exhaust the interpreter's stack. A spread of an unknown fragment, or of
    one that spreads itself back (documents that other rules refuse), counts
    as nothing.
    """
    resolved: dict[str, tuple[int, int]] = {}
    followed = 0
    for root, own in fragments.items():
        if root in resolved:
            continue
        in_progress = {root}
        path: list[tuple[str, Iterator[tuple[str, int | None]]]] = [
            (root, iter(own.spreads))
        ]
        while path:
            name, spreads = path[-1]
            for spread, _ in spreads:
                followed += 1
                if (
                    spread in fragments
                    and spread not in resolved
                    and spread not in in_progress
                ):
                    in_progress.add(spread)
                    path.append((spread, iter(fragments[spread].spreads)))
                    break
            else:
                path.pop()
                in_progress.discard(name)
                resolved[name] = _inlined(fragments[name], resolved)
                followed += len(fragments[name].spreads)
    return resolved, followed


def _inlined(own: _OwnShape, resolved: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(depth, aliases) of ``own`` with the fragments it spreads inlined."""
    depth, aliases = own.depth, own.aliases
    for spread, at in own.spreads:
        spread_depth, spread_aliases = resolved.get(spread, (0, 0))
        aliases += spread_aliases
        if at is not None:
            depth = max(depth, at + spread_depth)
    return depth, aliases


def _count_text(count: int) -> str:
    return str(count) if count <= _LARGEST_COUNT_SHOWN else "more than 10^12"


def create_limit_rule(*, max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing operations deeper than ``max_depth`` and
    documents with more than ``max_aliases`` aliases.

    Build it once: Runcast's validation cache keys results by the rules.
    """

    class DocumentLimitRule(ValidationRule):
        """Refuses documents past the depth and alias limits."""

        def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
            shape = measure_document(node)
            for operation in shape.operations:
                if operation.depth > max_depth:
                    self.report_error(
                        GraphQLError(
                            f"'{operation.name}' exceeds maximum operation depth "
                            f"of {max_depth}",
                            operation.operation,
                        )
                    )
            if shape.aliases > max_aliases:
                self.report_error(
                    GraphQLError(
                        f"{_count_text(shape.aliases)} aliases found. "
                        f"Allowed: {max_aliases}"
                    )
                )
            return SKIP

    return DocumentLimitRule


class NoIntrospectionRule(NoSchemaIntrospectionCustomRule):
    """graphql-core's rule refusing ``__schema`` and ``__type``, with a code."""

    code = "INTROSPECTION_DISABLED"

    def report_error(self, error: GraphQLError) -> None:
        """Report graphql-core's error with ``extensions.code``."""
        super().report_error(
            GraphQLError(error.message, error.nodes, extensions={"code": self.code})
        )


class LongIdRule(ValidationRule):
    """Refuses an ``ID`` literal of more than ``MAX_ID_LENGTH`` characters."""

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        """Report an over-long literal where an ``ID`` is expected."""
        if (
            len(node.value) > MAX_ID_LENGTH
            and get_named_type(self.context.get_input_type()) is GraphQLID
        ):
            self.report_error(
                GraphQLError(
                    f"an id has at most {MAX_ID_LENGTH} characters, "
                    f"got {len(node.value)}",
                    node,
                    extensions={"code": ValidationError.code},
                )
            )
