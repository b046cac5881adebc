"""Many copies of one field: refused before graphql-core's quadratic overlap rule."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import OverlappingFieldsCanBeMergedRule, parse

from runcast.api.repeated_fields import (
    MAX_REPEATED_FIELDS,
    REPEATED_FIELDS_CODE,
    count_repeated_fields,
)
from runcast.api.schema import DOCUMENT_CACHE
from runcast.db.database import Database
from tests.api.helpers import row_counts
from tests.api.test_limits import HEALTHY, node_count
from tests.conftest import GraphQLClient

COPY = "experiments { edges { cursor } }"


def copies(count: int, selection: str = COPY) -> str:
    """``count`` copies of one selection, side by side."""
    return " ".join([selection] * count)


@pytest.fixture
def overlap_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records each selection set graphql-core's overlap rule enters."""
    entered: list[int] = []
    original = OverlappingFieldsCanBeMergedRule.enter_selection_set

    def counted(rule: OverlappingFieldsCanBeMergedRule, *args: Any) -> None:
        entered.append(1)
        original(rule, *args)

    monkeypatch.setattr(
        OverlappingFieldsCanBeMergedRule, "enter_selection_set", counted
    )
    return entered


class TestCountRepeatedFields:
    def test_copies_are_counted_visiting_each_selection_once(self) -> None:
        """200 copies are counted by visiting each selection of the document once."""
        document = parse(f"{{ {copies(200)} }}")

        counts = count_repeated_fields(document)

        assert (counts.name, counts.copies) == ("experiments", 200)
        assert counts.selections_visited <= node_count(document)

    def test_inline_fragments_and_spreads_add_to_the_selection_set(self) -> None:
        """Fields reached through fragments count where they are merged."""
        document = parse(
            f"{{ ...A ... on Query {{ {copies(20)} }} }}"
            f" fragment A on Query {{ {copies(20)} ...B }}"
            f" fragment B on Query {{ {copies(20)} }}"
        )

        counts = count_repeated_fields(document)

        assert counts.copies == 60

    def test_fragment_spread_many_times_is_counted_once_per_selection_set(
        self,
    ) -> None:
        """A fragment spread twice adds its fields once, as graphql-core merges it."""
        document = parse(f"{{ ...A ...A ...A }} fragment A on Query {{ {copies(30)} }}")

        counts = count_repeated_fields(document)

        assert counts.copies == 30

    def test_fragment_bomb_is_counted_in_linear_work(self) -> None:
        """30 levels of fragments spreading the next twice: each visited once."""
        levels = 30
        fragments = " ".join(
            f"fragment F{level} on Query {{ ...F{level + 1} ...F{level + 1} }}"
            for level in range(levels)
        )
        document = parse(
            f"{{ ...F0 }} {fragments} fragment F{levels} on Query {{ {COPY} }}"
        )

        counts = count_repeated_fields(document)

        assert counts.copies == 1
        assert counts.selections_visited <= node_count(document)


class TestRepeatedFieldsRule:
    async def test_many_copies_are_refused_before_the_overlap_rule(
        self, graphql: GraphQLClient, overlap_checks: list[int]
    ) -> None:
        """200 copies (under the token limit) get a coded error; the server goes on."""
        body = await graphql.execute(f"{{ {copies(200)} }}")

        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"]["code"] == REPEATED_FIELDS_CODE
        assert error["message"] == (
            "'experiments' is selected 200 times in one selection set. "
            f"Allowed: {MAX_REPEATED_FIELDS}"
        )
        assert overlap_checks == []
        assert await graphql.data(HEALTHY) == {"experiments": {"totalCount": 0}}

    async def test_copies_at_the_limit_are_answered(
        self, graphql: GraphQLClient
    ) -> None:
        """Exactly MAX_REPEATED_FIELDS copies merge into one answer, as before."""
        data = await graphql.data(f"{{ {copies(MAX_REPEATED_FIELDS)} }}")

        assert data == {"experiments": {"edges": []}}

    async def test_copies_nested_in_a_field_are_refused(
        self, graphql: GraphQLClient
    ) -> None:
        """The limit holds in every selection set, not only at the top."""
        inner = copies(MAX_REPEATED_FIELDS + 1, "id")

        body = await graphql.execute(
            f"{{ experiments {{ edges {{ node {{ {inner} }} }} }} }}"
        )

        [error] = body["errors"]
        assert error["extensions"]["code"] == REPEATED_FIELDS_CODE

    async def test_refused_mutation_writes_nothing(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """Copies of one mutation field are refused before any resolver runs."""
        before = await row_counts(db)
        create = (
            'createExperiment(input: {name: "copies", prompt: "hi"}) { __typename }'
        )

        body = await graphql.execute(
            f"mutation {{ {copies(MAX_REPEATED_FIELDS + 1, create)} }}"
        )

        assert body["errors"][0]["extensions"]["code"] == REPEATED_FIELDS_CODE
        assert await row_counts(db) == before

    async def test_refused_query_is_validated_once(
        self, graphql: GraphQLClient, overlap_checks: list[int]
    ) -> None:
        """A refused document's errors are cached like any other's."""
        query = f"{{ {copies(100)} }}"
        await graphql.execute(query)
        before = DOCUMENT_CACHE.info()

        for _ in range(3):
            body = await graphql.execute(query)
            assert body["errors"][0]["extensions"]["code"] == REPEATED_FIELDS_CODE

        after = DOCUMENT_CACHE.info()
        assert after.validations == before.validations
        assert after.hits == before.hits + 3
        assert overlap_checks == []
