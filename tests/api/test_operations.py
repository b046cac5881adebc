"""Queries and mutations executed on graphql-core after Runcast's checks."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import ASTValidationRule, GraphQLError, specified_rules
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.types.graphql import OperationType

from runcast.api.documents import DocumentCache, DocumentLimits
from runcast.api.execution import EventScopedExecutionContext
from runcast.api.operations import OperationExecutor
from runcast.api.schema import LIMIT_RULES, create_schema

QUERIES = {OperationType.QUERY}
TYPENAME = "{ __typename }"


class BrokenRule(ASTValidationRule):
    """A validation rule with a bug: it raises instead of reporting."""

    def enter_field(self, *_arguments: Any) -> None:
        raise RuntimeError("a bug in a rule")


def operations(*rules: type[ASTValidationRule]) -> OperationExecutor:
    schema = create_schema()
    return OperationExecutor(
        schema._schema,
        documents=DocumentLimits(DocumentCache(max_documents=8, max_bytes=10_000)),
        rules=(*specified_rules, *LIMIT_RULES, *rules),
        executor_class=EventScopedExecutionContext,
    )


class TestRefusals:
    async def test_no_query_is_strawberrys_missing_query(self) -> None:
        with pytest.raises(MissingQueryError):
            await operations().execute("", allowed=QUERIES)

    async def test_an_operation_not_in_the_document_cannot_be_typed(self) -> None:
        with pytest.raises(CannotGetOperationTypeError):
            await operations().execute(
                "query A { __typename }", allowed=QUERIES, operation_name="B"
            )

    async def test_an_operation_the_transport_may_not_run_is_refused(self) -> None:
        with pytest.raises(InvalidOperationTypeError):
            await operations().execute(
                'mutation { archiveExperiment(input: {id: "x"}) { __typename } }',
                allowed=QUERIES,
            )


class TestAnswers:
    async def test_a_valid_query_is_executed(self) -> None:
        result = await operations().execute(TYPENAME, allowed=QUERIES)

        assert result.data == {"__typename": "Query"}
        assert result.errors is None

    async def test_a_syntax_error_is_the_answer(self) -> None:
        result = await operations().execute("{ run(", allowed=QUERIES)

        assert result.data is None
        assert result.errors is not None
        assert "Syntax Error" in result.errors[0].message

    async def test_a_bad_variable_value_executes_nothing(self) -> None:
        result = await operations().execute(
            "query ($id: ID!) { run(id: $id) { id } }",
            allowed=QUERIES,
            variables={"id": "x" * 1_000},
        )

        assert result.data is None
        assert result.errors is not None
        assert result.errors[0].extensions == {
            "code": "VALIDATION_ERROR",
            "field": "id",
        }

    async def test_an_unexpected_error_before_execution_is_masked(self) -> None:
        result = await operations(BrokenRule).execute(TYPENAME, allowed=QUERIES)

        assert result.data is None
        assert result.errors is not None
        [error] = result.errors
        assert isinstance(error, GraphQLError)
        assert error.extensions is not None
        assert error.extensions["code"] == "INTERNAL_ERROR"
        assert "a bug in a rule" not in error.message
