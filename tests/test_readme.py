"""The README documents what Runcast really has."""

from __future__ import annotations

import re
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    build_schema,
    parse,
    validate,
)

from runcast.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


class TestReadme:
    def test_configuration_table_lists_every_setting(self) -> None:
        """Each setting appears as its RUNCAST_ variable in the README."""
        missing = [
            name
            for name in Settings.model_fields
            if f"`RUNCAST_{name.upper()}`" not in README
        ]

        assert missing == []

    def test_readme_shows_the_two_commands(self) -> None:
        """A new user finds `make run` and `make test`."""
        assert "make run" in README
        assert "make test" in README

    def test_graphql_examples_are_valid_against_the_schema(self) -> None:
        """Every operation in a ```graphql block validates against schema.graphql."""
        schema = build_schema((ROOT / "schema.graphql").read_text())
        blocks = re.findall(r"```graphql\n(.*?)```", README, re.DOTALL)
        problems: list[str] = []
        for block in blocks:
            definitions = parse(block).definitions
            fragments = tuple(
                d for d in definitions if isinstance(d, FragmentDefinitionNode)
            )
            for operation in definitions:
                if not isinstance(operation, OperationDefinitionNode):
                    continue
                document = DocumentNode(definitions=(operation, *fragments))
                problems += [error.message for error in validate(schema, document)]

        assert len(blocks) >= 5
        assert problems == []
