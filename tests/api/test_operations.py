"""Operations executed on graphql-core after Runcast's checks."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from bench.runs import queue_run
from graphql import ASTValidationRule, GraphQLError, specified_rules
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from runcast.api.context import Context
from runcast.api.documents import DocumentCache, DocumentLimits
from runcast.api.execution import EventScopedExecutionContext
from runcast.api.operations import LARGE_VARIABLES, OperationExecutor
from runcast.api.schema import LIMIT_RULES, create_schema
from runcast.api.variables import variable_error
from runcast.execution.worker import Worker
from runcast.runtime import Runtime

QUERIES = {OperationType.QUERY}
MUTATIONS = {OperationType.MUTATION}
EVERY_TYPE = {OperationType.QUERY, OperationType.MUTATION, OperationType.SUBSCRIPTION}
TYPENAME = "{ __typename }"
RUN_EVENTS = "subscription ($id: ID!) { runEvents(runId: $id) { seq } }"


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


async def streamed(
    executor: OperationExecutor, query: str, **options: Any
) -> list[ExecutionResult]:
    """Every result ``stream`` yields for the operation, over every type."""
    return [
        result async for result in executor.stream(query, allowed=EVERY_TYPE, **options)
    ]


class TestStreams:
    async def test_a_query_streams_its_one_result(self) -> None:
        [result] = await streamed(operations(), TYPENAME)

        assert not isinstance(result, PreExecutionError)
        assert result.data == {"__typename": "Query"}

    @pytest.mark.parametrize(
        ("query", "options", "message"),
        [
            ("", {}, 'missing a "query"'),
            ("{ run(", {}, "Syntax Error"),
            ("{ nope }", {}, "Cannot query field 'nope'"),
            (TYPENAME, {"operation_name": "B"}, "B"),
        ],
        ids=["no query", "syntax", "invalid", "no such operation"],
    )
    async def test_a_refused_document_is_one_pre_execution_error(
        self, query: str, options: dict[str, Any], message: str
    ) -> None:
        """What the WebSocket protocols answer with an ``error`` message."""
        [result] = await streamed(operations(), query, **options)

        assert isinstance(result, PreExecutionError)
        assert result.errors is not None
        assert message in result.errors[0].message

    async def test_an_unexpected_error_before_execution_is_masked(self) -> None:
        [result] = await streamed(operations(BrokenRule), TYPENAME)

        assert isinstance(result, PreExecutionError)
        assert result.errors is not None
        [error] = result.errors
        assert error.extensions is not None
        assert error.extensions["code"] == "INTERNAL_ERROR"
        assert "a bug in a rule" not in error.message

    async def test_an_operation_of_a_type_not_allowed_is_refused(self) -> None:
        results = [
            result async for result in operations().stream(RUN_EVENTS, allowed=QUERIES)
        ]

        [result] = results
        assert isinstance(result, PreExecutionError)
        assert result.errors is not None
        assert result.errors[0].message == "subscriptions are not allowed"

    async def test_a_refused_variable_is_one_result_with_its_error(self) -> None:
        """As a subscription's results before: ``next`` with the errors."""
        [result] = await streamed(
            operations(), RUN_EVENTS, variables={"id": "x" * 1_000}
        )

        assert not isinstance(result, PreExecutionError)
        assert result.data is None
        assert result.errors is not None
        assert result.errors[0].extensions == {
            "code": "VALIDATION_ERROR",
            "field": "id",
        }

    async def test_a_subscription_streams_one_result_per_event(
        self, runtime: Runtime, worker: Worker
    ) -> None:
        run_id = await queue_run(runtime, items=3)
        await worker.run_once()

        results = await streamed(
            operations(),
            RUN_EVENTS,
            variables={"id": run_id},
            context=Context(orchestrator=runtime.orchestrator),
        )

        assert all(result.errors is None for result in results)
        sequence = [
            result.data["runEvents"]["seq"] for result in results if result.data
        ]
        assert len(sequence) == len(results) > 3
        assert sequence == sorted(sequence)

    async def test_an_unknown_run_ends_the_stream_with_its_error(
        self, runtime: Runtime
    ) -> None:
        [result] = await streamed(
            operations(),
            RUN_EVENTS,
            variables={"id": "missing"},
            context=Context(orchestrator=runtime.orchestrator),
        )

        assert result.data is None
        assert result.errors is not None
        assert result.errors[0].extensions == {"code": "NOT_FOUND"}


CREATE = """
mutation ($input: CreateExperimentInput!) {
  createExperiment(input: $input) { __typename }
}
"""


def dataset_input(rows: int) -> dict[str, Any]:
    return {
        "name": "large",
        "prompt": "Answer {{ question }}",
        "dataset": [{"variables": {"question": f"q{n}"}} for n in range(rows)],
    }


class TestLargeVariables:
    @pytest.mark.parametrize(
        ("rows", "on_the_loop"),
        [(10, True), (LARGE_VARIABLES, False)],
        ids=["small", "large"],
    )
    async def test_large_variables_are_checked_off_the_event_loop(
        self, monkeypatch: pytest.MonkeyPatch, rows: int, on_the_loop: bool
    ) -> None:
        """A 10,000-row dataset's checks would hold every other request."""
        threads: list[bool] = []

        def spied(*arguments: Any) -> Any:
            threads.append(threading.current_thread() is threading.main_thread())
            return variable_error(*arguments)

        monkeypatch.setattr("runcast.api.operations.variable_error", spied)

        await operations().execute(
            CREATE, allowed=MUTATIONS, variables={"input": dataset_input(rows)}
        )

        assert threads == [on_the_loop]

    async def test_refused_large_variables_say_which_value(self) -> None:
        """Coerced in the thread too: the refusal names the row, nothing runs."""
        variables = {"input": dataset_input(LARGE_VARIABLES)}
        variables["input"]["dataset"][7]["expected"] = {"not": "a string"}

        result = await operations().execute(
            CREATE, allowed=MUTATIONS, variables=variables
        )

        assert result.data is None
        assert result.errors is not None
        [error] = result.errors
        assert ".dataset[7].expected" in error.message
