"""Assertions over the API: every kind round-trips; bad ones are refused by path."""

from __future__ import annotations

import json
from typing import Any

import pytest

from runcast.db.database import Database
from tests.api.helpers import CREATE_EXPERIMENT, UPDATE_EXPERIMENT, row_counts
from tests.conftest import GraphQLClient

ASSERTION_FIELDS = "kind value threshold name weight judge { executor model baseUrl }"

CREATE = f"""
mutation ($input: CreateExperimentInput!) {{
  createExperiment(input: $input) {{
    __typename
    ... on Experiment {{
      id
      assertions {{ {ASSERTION_FIELDS} }}
      dataset {{ expected assertions {{ {ASSERTION_FIELDS} }} }}
    }}
    ... on ValidationError {{ field errors {{ location message type }} }}
  }}
}}
"""

SCHEMA = json.dumps({"type": "object", "required": ["city"]})


def experiment(
    assertions: list[dict[str, Any]], dataset: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A ``createExperiment`` input with these assertions."""
    return {
        "name": "checked",
        "prompt": "Capital of {{ country }}?",
        "assertions": assertions,
        "dataset": dataset
        if dataset is not None
        else [{"variables": {"country": "France"}, "expected": "Paris"}],
    }


class TestCreateWithNewKinds:
    async def test_each_new_kind_is_stored_as_given(
        self, graphql: GraphQLClient
    ) -> None:
        """NOT_REGEX, MAX_COST, JSON_SCHEMA, SIMILAR, LLM_JUDGE come back as sent."""
        # Arrange
        assertions = [
            {"kind": "NOT_REGEX", "value": "(?i)sorry", "threshold": None},
            {"kind": "MAX_COST", "value": "0.01", "threshold": None},
            {"kind": "JSON_SCHEMA", "value": SCHEMA, "threshold": None},
            {"kind": "SIMILAR", "value": "", "threshold": 0.7},
            {"kind": "LLM_JUDGE", "value": "Names the capital.", "threshold": 0.5},
        ]
        judge = {"executor": "SIMULATED", "model": "judge-1", "baseUrl": None}
        assertions = [
            assertion | {"judge": judge if assertion["kind"] == "LLM_JUDGE" else None}
            for assertion in assertions
        ]
        assertions = [
            assertion | {"name": f"check {n}", "weight": float(n)}
            for n, assertion in enumerate(assertions)
        ]

        sent = [
            {key: value for key, value in assertion.items() if value is not None}
            for assertion in assertions
        ]

        # Act
        data = await graphql.data(CREATE, {"input": experiment(sent)})

        # Assert
        created = data["createExperiment"]
        assert created["__typename"] == "Experiment"
        assert created["assertions"] == assertions


class TestBadAssertions:
    @pytest.mark.parametrize(
        ("assertions", "dataset", "field", "message"),
        [
            (
                [{"kind": "CONTAINS", "value": "a"}, {"kind": "JSON_SCHEMA"}],
                None,
                "assertions.1.value",
                "the JSON Schema is not JSON",
            ),
            (
                [{"kind": "JSON_SCHEMA", "value": '{"type": "objec"}'}],
                None,
                "assertions.0.value",
                "invalid JSON Schema at $.type",
            ),
            (
                [{"kind": "NOT_REGEX", "value": "(unclosed"}],
                None,
                "assertions.0.value",
                "invalid regular expression",
            ),
            (
                [{"kind": "MAX_COST", "value": "-1"}],
                None,
                "assertions.0.value",
                "max_cost needs a finite number of at least 0",
            ),
            (
                [{"kind": "SIMILAR", "value": "Paris", "threshold": 1.5}],
                None,
                "assertions.0.threshold",
                "less than or equal to 1",
            ),
            (
                [{"kind": "CONTAINS", "value": "Paris", "threshold": 0.5}],
                None,
                "assertions.0.threshold",
                "contains has no threshold",
            ),
            (
                [{"kind": "IS_JSON"}, {"kind": "IS_JSON", "weight": -1}],
                None,
                "assertions.1.weight",
                "greater than or equal to 0",
            ),
            (
                [{"kind": "IS_JSON", "name": " "}],
                None,
                "assertions.0.name",
                "at least 1 character",
            ),
            (
                [{"kind": "LLM_JUDGE", "value": "r" * 100_001}],
                None,
                "assertions.0.value",
                "at most 100000 characters",
            ),
            (
                [{"kind": "LLM_JUDGE", "value": ""}],
                None,
                "assertions.0.value",
                "llm_judge needs a value",
            ),
            (
                [{"kind": "CONTAINS", "value": "a", "judge": {"model": "m"}}],
                None,
                "assertions.0.judge",
                "contains has no judge",
            ),
            (
                [{"kind": "LLM_JUDGE", "value": "r", "judge": {"temperature": 3}}],
                None,
                "assertions.0.judge.temperature",
                "less than or equal to 2",
            ),
            (
                [
                    {
                        "kind": "LLM_JUDGE",
                        "value": "r",
                        "judge": {
                            "executor": "OPENAI",
                            "baseUrl": "https://judge.example.com/v1",
                        },
                    }
                ],
                None,
                "assertions.0.judge.baseUrl",
                "RUNCAST_ALLOWED_BASE_URLS",
            ),
            (
                [],
                [
                    {
                        "variables": {"country": "France"},
                        "assertions": [
                            {
                                "kind": "LLM_JUDGE",
                                "value": "r",
                                "judge": {"baseUrl": "https://judge.example.com"},
                            }
                        ],
                    }
                ],
                "dataset.0.assertions.0.judge.baseUrl",
                "RUNCAST_ALLOWED_BASE_URLS",
            ),
            (
                [{"kind": "SIMILAR"}],
                [
                    {"variables": {"country": "France"}, "expected": "Paris"},
                    {"variables": {"country": "Peru"}},
                ],
                "dataset.1.expected",
                "the row has none",
            ),
            (
                [],
                [
                    {
                        "variables": {"country": "France"},
                        "assertions": [{"kind": "JSON_SCHEMA", "value": "[]"}],
                    }
                ],
                "dataset.0.assertions.0.value",
                "a JSON Schema is an object or a boolean",
            ),
        ],
    )
    async def test_bad_assertion_is_refused_by_its_path_and_nothing_is_written(
        self,
        graphql: GraphQLClient,
        db: Database,
        assertions: list[dict[str, Any]],
        dataset: list[dict[str, Any]] | None,
        field: str,
        message: str,
    ) -> None:
        """A ValidationError names the assertion's field; no row is stored."""
        # Arrange
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_EXPERIMENT, {"input": experiment(assertions, dataset)}
        )

        # Assert
        error = data["createExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["field"] == field
        assert message in error["errors"][0]["message"]
        assert await row_counts(db) == counts

    async def test_update_with_invalid_schema_is_refused_and_changes_nothing(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """An update's invalid JSON Schema is refused at its path."""
        # Arrange
        created = await graphql.data(CREATE, {"input": experiment([])})
        experiment_id = created["createExperiment"]["id"]
        counts = await row_counts(db)
        changes = {
            "id": experiment_id,
            "assertions": [{"kind": "JSON_SCHEMA", "value": '{"minimum": "x"}'}],
        }

        # Act
        data = await graphql.data(UPDATE_EXPERIMENT, {"input": changes})

        # Assert
        error = data["updateExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["field"] == "assertions.0.value"
        assert await row_counts(db) == counts
