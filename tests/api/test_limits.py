"""Depth and alias limits: measured once per fragment, whatever the spreads."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import DocumentNode, Visitor, parse, visit

from runcast.api import limits
from runcast.api.limits import (
    MAX_ALIASES,
    MAX_QUERY_DEPTH,
    DocumentShape,
    measure_document,
)
from tests.conftest import GraphQLClient

HEALTHY = "{ experiments { totalCount } }"


def fragment_bomb(levels: int) -> str:
    """A query of ``levels`` fragments, each spreading the next twice.

    Inlined, it holds 2^levels aliased fields; as text, about 40 bytes a level.
    """
    fragments = " ".join(
        f"fragment F{level} on Query {{ ...F{level + 1} ...F{level + 1} }}"
        for level in range(levels)
    )
    last = f"fragment F{levels} on Query {{ a: experiments {{ totalCount }} }}"
    return f"{{ ...F0 }} {fragments} {last}"


def node_count(document: DocumentNode) -> int:
    """How many AST nodes ``document`` has."""

    class Counter(Visitor):
        nodes = 0

        def enter(self, *_args: Any) -> None:
            Counter.nodes += 1

    visit(document, Counter())
    return Counter.nodes


class TestMeasureDocument:
    def test_fragment_bomb_is_measured_in_work_linear_in_its_size(self) -> None:
        """30 levels (2^30 fields inlined) cost a few visits per AST node."""
        # Arrange
        document = parse(fragment_bomb(30))

        # Act
        shape = measure_document(document)

        # Assert
        assert shape.aliases == 2**30
        assert shape.selections_visited <= 2 * node_count(document)

    def test_depth_through_fragments_is_the_inlined_depth(self) -> None:
        """A fragment's depth adds to the depth it is spread at."""
        # Arrange
        document = parse(
            "query Deep { runs { edges { node { ...Parent } } } }"
            " fragment Parent on Run { parentRun { parentRun { ...Id } } }"
            " fragment Id on Run { id experiment { id } }"
        )

        # Act
        shape = measure_document(document)

        # Assert
        [operation] = shape.operations
        assert (operation.name, operation.depth) == ("Deep", 6)

    def test_introspection_fields_add_no_depth(self) -> None:
        """What lies under `__schema` is not counted, as in Strawberry's limiter."""
        # Arrange
        document = parse("{ __schema { types { fields { type { name } } } } }")

        # Act
        shape = measure_document(document)

        # Assert
        assert shape.operations[0].depth == 0

    def test_chain_of_fragments_longer_than_the_stack_is_measured(self) -> None:
        """5,000 fragments spreading each other cannot exhaust the stack."""
        # Arrange
        chain = " ".join(
            f"fragment F{n} on Run {{ parentRun {{ ...F{n + 1} }} }}"
            for n in range(5_000)
        )
        document = parse(f"{{ run(id: 1) {{ ...F0 }} }} {chain}")

        # Act
        shape = measure_document(document)

        # Assert
        assert shape.operations[0].depth == 5_001

    def test_fragments_spreading_each_other_are_measured_once(self) -> None:
        """A cycle (refused by graphql-core's own rule) ends the walk."""
        # Arrange
        document = parse(
            "{ ...A } fragment A on Query { a: experiments { totalCount } ...B }"
            " fragment B on Query { ...A }"
        )

        # Act
        shape = measure_document(document)

        # Assert
        assert shape.aliases == 1


class TestDocumentLimitRule:
    async def test_fragment_bomb_is_refused_after_linear_work(
        self, graphql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The 1.2 KB bomb of 30 levels gets the alias error; the server goes on."""
        # Arrange
        shapes: list[DocumentShape] = []

        def recorded(document: DocumentNode) -> DocumentShape:
            shapes.append(measure_document(document))
            return shapes[-1]

        monkeypatch.setattr(limits, "measure_document", recorded)
        query = fragment_bomb(30)

        # Act
        body = await graphql.execute(query)

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"] == (f"{2**30} aliases found. Allowed: {MAX_ALIASES}")
        [shape] = shapes
        assert shape.selections_visited <= 2 * node_count(parse(query))
        assert await graphql.data(HEALTHY) == {"experiments": {"totalCount": 0}}

    async def test_query_deep_through_fragments_is_refused(
        self, graphql: GraphQLClient
    ) -> None:
        """Depth hidden in fragments is counted as if they were inlined."""
        # Arrange
        parents = "parentRun { " * MAX_QUERY_DEPTH + "id" + " }" * MAX_QUERY_DEPTH
        query = (
            "query Hidden { runs { edges { node { ...Parents } } } }"
            f" fragment Parents on Run {{ {parents} }}"
        )

        # Act
        body = await graphql.execute(query)

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"] == (
            f"'Hidden' exceeds maximum operation depth of {MAX_QUERY_DEPTH}"
        )

    async def test_query_at_the_depth_limit_is_answered(
        self, graphql: GraphQLClient
    ) -> None:
        """Exactly the maximum depth is still allowed (the limit is inclusive)."""
        # Arrange
        levels = MAX_QUERY_DEPTH - 3
        parents = "parentRun { " * levels + "id" + " }" * levels

        # Act
        data = await graphql.data(f"{{ runs {{ edges {{ node {{ {parents} }} }} }} }}")

        # Assert
        assert data == {"runs": {"edges": []}}

    async def test_aliases_at_the_limit_are_answered(
        self, graphql: GraphQLClient
    ) -> None:
        """Exactly the maximum number of aliases is still allowed."""
        # Arrange
        fields = " ".join(f"a{n}: experiments {{ totalCount }}" for n in range(50))

        # Act
        data = await graphql.data(f"{{ {fields} }}")

        # Assert
        assert len(data) == MAX_ALIASES
