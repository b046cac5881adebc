"""Many copies of one field in a selection set, refused in linear time.

graphql-core's ``OverlappingFieldsCanBeMergedRule`` compares every pair of
fields that share a response name in one selection set, so its cost grows
with the square of the copies: 500 copies of a small selection take about a
second. ``RepeatedFieldsRule`` counts the copies first, and the schema runs
it before graphql-core's rules, which never see a document it refuses.

A selection set's copies include those of its inline fragments and of the
fragments it spreads, as the overlap rule sees them; each fragment's counts
are computed once, however often it is spread.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError
from graphql.language import (
    SKIP,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.validation import ValidationRule

__all__ = [
    "MAX_REPEATED_FIELDS",
    "REPEATED_FIELDS_CODE",
    "RepeatedFieldsRule",
    "SelectionCounts",
    "count_repeated_fields",
]

MAX_REPEATED_FIELDS = 50
"""The most fields of one response name a selection set may hold."""
REPEATED_FIELDS_CODE = "TOO_MANY_REPEATED_FIELDS"


@dataclass
class SelectionCounts:
    """The most copies of one response name in a selection set, and the work."""

    name: str = ""
    copies: int = 0
    selections_visited: int = 0
    worst: SelectionSetNode | None = None


@dataclass
class _OwnNames:
    """A selection set's response names, its inline fragments' included."""

    names: Counter[str] = field(default_factory=Counter)
    spreads: set[str] = field(default_factory=set)


def _own_names(
    selection_set: SelectionSetNode, counts: SelectionCounts
) -> tuple[_OwnNames, list[SelectionSetNode]]:
    """The set's own names and the selection sets of its fields, to count next."""
    own = _OwnNames()
    nested: list[SelectionSetNode] = []
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            counts.selections_visited += 1
            if isinstance(selection, FieldNode):
                own.names[(selection.alias or selection.name).value] += 1
                if selection.selection_set is not None:
                    nested.append(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                own.spreads.add(selection.name.value)
    return own, nested


def _fragment_names(
    fragments: dict[str, _OwnNames],
) -> dict[str, Counter[str]]:
    """Each fragment's names with those of every fragment it spreads, once each."""
    resolved: dict[str, Counter[str]] = {}
    for start in fragments:
        stack = [start]
        while stack:
            name = stack[-1]
            if name in resolved:
                stack.pop()
                continue
            own = fragments[name]
            # a cycle (graphql-core refuses it) or an unknown fragment adds nothing
            waiting = [
                spread
                for spread in own.spreads
                if spread in fragments
                and spread not in resolved
                and spread not in stack
            ]
            if waiting:
                stack.extend(waiting)
                continue
            total = Counter(own.names)
            for spread in own.spreads:
                total.update(resolved.get(spread, Counter()))
            resolved[name] = total
            stack.pop()
    return resolved


def count_repeated_fields(document: DocumentNode) -> SelectionCounts:
    """Count, in every selection set, the copies of each response name.

    Every selection is visited once, fragments included, without recursion.
    """
    counts = SelectionCounts()
    fragments: dict[str, _OwnNames] = {}
    selection_sets: list[tuple[SelectionSetNode, _OwnNames]] = []
    for definition in document.definitions:
        top = getattr(definition, "selection_set", None)
        if not isinstance(top, SelectionSetNode):
            continue
        pending = [top]
        while pending:
            selection_set = pending.pop()
            own, nested = _own_names(selection_set, counts)
            pending.extend(nested)
            selection_sets.append((selection_set, own))
            if selection_set is top and isinstance(definition, FragmentDefinitionNode):
                fragments[definition.name.value] = own
    spread_names = _fragment_names(fragments)
    for selection_set, own in selection_sets:
        names = Counter(own.names)
        for spread in own.spreads:
            names.update(spread_names.get(spread, Counter()))
        if names:
            [(name, copies)] = names.most_common(1)
            if copies > counts.copies:
                counts.name, counts.copies, counts.worst = name, copies, selection_set
    return counts


class RepeatedFieldsRule(ValidationRule):
    """Refuses a selection set with more than ``MAX_REPEATED_FIELDS`` copies of
    one response name, with ``extensions.code`` ``TOO_MANY_REPEATED_FIELDS``."""

    def enter_document(self, node: DocumentNode, *_args: Any) -> Any:
        """Count the whole document once and report its worst selection set."""
        counts = count_repeated_fields(node)
        if counts.copies > MAX_REPEATED_FIELDS:
            self.report_error(
                GraphQLError(
                    f"'{counts.name}' is selected {counts.copies} times in one "
                    f"selection set. Allowed: {MAX_REPEATED_FIELDS}",
                    counts.worst,
                    extensions={"code": REPEATED_FIELDS_CODE},
                )
            )
        return SKIP
