"""``selects``: whether an operation asks a field for something below it."""

from __future__ import annotations

import pytest
import strawberry

from runcast.api.context import Info
from runcast.api.selections import selects


@strawberry.type
class Leaf:
    name: str = "leaf"


@strawberry.type
class Branch:
    leaf: Leaf = strawberry.field(default_factory=Leaf)
    size: int = 1


@strawberry.type
class Query:
    @strawberry.field
    def tree(self, info: Info) -> Branch:
        # what the test asks of the selection, answered into the result
        answers.append(selects(info, "leaf", "name"))
        return Branch()


answers: list[bool] = []
schema = strawberry.Schema(query=Query)


@pytest.mark.parametrize(
    ("query", "selected"),
    [
        ("{ tree { leaf { name } } }", True),
        ("{ tree { size leaf { __typename } } }", False),
        ("{ tree { size } }", False),
        ("{ tree { ...Parts } } fragment Parts on Branch { leaf { name } }", True),
        ("{ tree { ... on Branch { leaf { ... { name } } } } }", True),
        ("{ tree { ... on Branch { size } } }", False),
        ("{ tree { alias: leaf { name } } }", True),
        ("{ tree { leaf @skip(if: true) { name } } }", True),
    ],
)
def test_selects_finds_a_field_through_fragments(query: str, selected: bool) -> None:
    """The path is matched by field names, through named and inline fragments."""
    # Arrange
    answers.clear()

    # Act
    result = schema.execute_sync(query)

    # Assert
    assert result.errors is None
    assert answers == [selected]


def test_selects_needs_a_path() -> None:
    """An empty path is a programming error, not a silent True."""

    # Arrange
    @strawberry.type
    class Asking:
        @strawberry.field
        def tree(self, info: Info) -> Branch:
            selects(info)
            return Branch()

    # Act
    result = strawberry.Schema(query=Asking).execute_sync("{ tree { size } }")

    # Assert
    assert result.errors is not None
    assert "needs the path of a field" in result.errors[0].message
