"""Bad input over HTTP: typed errors that change nothing, and masked surprises."""

from __future__ import annotations

import base64
import logging
import re
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query

from runcast.api.schema import MAX_ALIASES, MAX_QUERY_DEPTH
from runcast.app import create_app
from runcast.db import database as database_module
from runcast.db.database import Database
from runcast.execution.worker import Worker
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings
from tests.api.helpers import (
    CANCEL_RUN,
    CREATE_EXPERIMENT,
    CREATE_RUN,
    EXPERIMENTS,
    RUNS,
    create_experiment,
    create_run,
    read_run,
    row_counts,
)
from tests.conftest import GraphQLClient

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
BAD_IDS = [UNKNOWN_ID, "not-a-uuid", ""]

MASKED = re.compile(r"^Unexpected error; reference (?P<reference>[0-9a-f]+)$")


class TestCreateExperimentErrors:
    async def test_create_experiment_with_blank_name_returns_validation_error(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """A name of only spaces is refused at `name`; nothing is stored."""
        # Arrange
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_EXPERIMENT, {"input": {"name": "   ", "prompt": "Say hello"}}
        )

        # Assert
        error = data["createExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["code"] == "VALIDATION_ERROR"
        assert error["field"] == "name"
        assert error["errors"][0]["location"] == ["name"]
        assert error["errors"][0]["type"] == "string_too_short"
        assert await row_counts(db) == counts

    async def test_create_experiment_with_201_char_name_returns_validation_error(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """A name longer than 200 characters is refused; nothing is stored."""
        # Arrange
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_EXPERIMENT, {"input": {"name": "n" * 201, "prompt": "Say hello"}}
        )

        # Assert
        error = data["createExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["code"] == "VALIDATION_ERROR"
        assert error["field"] == "name"
        assert error["errors"][0]["type"] == "string_too_long"
        assert await row_counts(db) == counts

    async def test_create_experiment_with_200_char_name_succeeds(
        self, graphql: GraphQLClient
    ) -> None:
        """Exactly 200 characters is still a valid name (the limit is inclusive)."""
        # Arrange
        name = "n" * 200

        # Act
        experiment = await create_experiment(graphql, name)

        # Assert
        assert experiment["name"] == name

    @pytest.mark.parametrize("duplicate", ["unique", "  unique  "])
    async def test_create_experiment_with_taken_name_returns_conflict(
        self, graphql: GraphQLClient, db: Database, duplicate: str
    ) -> None:
        """A second live experiment with the same (trimmed) name is a conflict."""
        # Arrange
        await create_experiment(graphql, "unique")
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_EXPERIMENT, {"input": {"name": duplicate, "prompt": "other"}}
        )

        # Assert
        error = data["createExperiment"]
        assert error["__typename"] == "ConflictError"
        assert error["code"] == "CONFLICT"
        assert error["field"] == "name"
        assert "unique" in error["message"]
        assert await row_counts(db) == counts

    async def test_create_experiment_with_row_missing_a_variable_is_refused(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """A dataset row without a prompt variable is located at its variables."""
        # Arrange
        counts = await row_counts(db)
        config = {
            "name": "holes",
            "prompt": "Greet {{ who }}",
            "dataset": [
                {"variables": {"who": "Ada"}},
                {"variables": {"whom": "Al"}},
                {"variables": {"who": "Grace"}},
            ],
        }

        # Act
        data = await graphql.data(CREATE_EXPERIMENT, {"input": config})

        # Assert
        error = data["createExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["code"] == "VALIDATION_ERROR"
        assert error["field"] == "dataset.1.variables"
        assert error["errors"] == [
            {
                "location": ["dataset", "1", "variables"],
                "message": "the row has no value for variable 'who'",
                "type": "missing_variable",
            }
        ]
        assert await row_counts(db) == counts

    async def test_create_experiment_with_temperature_5_returns_validation_error(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """A temperature above 2 is refused at `model.temperature`."""
        # Arrange
        counts = await row_counts(db)
        config = {"name": "hot", "prompt": "Say hello", "model": {"temperature": 5}}

        # Act
        data = await graphql.data(CREATE_EXPERIMENT, {"input": config})

        # Assert
        error = data["createExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["code"] == "VALIDATION_ERROR"
        assert error["field"] == "model.temperature"
        assert error["errors"][0]["location"] == ["model", "temperature"]
        assert error["errors"][0]["type"] == "less_than_equal"
        assert await row_counts(db) == counts


class TestCreateRunErrors:
    @pytest.mark.parametrize("experiment_id", BAD_IDS)
    async def test_create_run_of_unknown_experiment_returns_not_found(
        self, graphql: GraphQLClient, db: Database, experiment_id: str
    ) -> None:
        """An id that names no experiment, even a malformed one, is NotFoundError."""
        # Arrange
        await create_experiment(graphql)
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_RUN, {"input": {"experimentId": experiment_id}}
        )

        # Assert
        error = data["createRun"]
        assert error["__typename"] == "NotFoundError"
        assert error["code"] == "NOT_FOUND"
        assert error["missingId"] == experiment_id
        assert await row_counts(db) == counts

    @pytest.mark.parametrize("key", ["", "k" * 201])
    async def test_create_run_with_bad_idempotency_key_returns_validation_error(
        self, graphql: GraphQLClient, db: Database, key: str
    ) -> None:
        """An empty or over-long idempotency key is refused by name."""
        # Arrange
        experiment = await create_experiment(graphql)
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_RUN,
            {"input": {"experimentId": experiment["id"], "idempotencyKey": key}},
        )

        # Assert
        error = data["createRun"]
        assert error["__typename"] == "ValidationError"
        assert error["field"] == "idempotencyKey"
        assert await row_counts(db) == counts


class TestCancelRunErrors:
    @pytest.mark.parametrize("run_id", BAD_IDS)
    async def test_cancel_unknown_run_returns_not_found(
        self, graphql: GraphQLClient, db: Database, run_id: str
    ) -> None:
        """An id that names no run, even a malformed one, is NotFoundError."""
        # Arrange
        experiment = await create_experiment(graphql)
        await create_run(graphql, experiment["id"])
        counts = await row_counts(db)

        # Act
        data = await graphql.data(CANCEL_RUN, {"input": {"id": run_id}})

        # Assert
        error = data["cancelRun"]
        assert error["__typename"] == "NotFoundError"
        assert error["code"] == "NOT_FOUND"
        assert error["missingId"] == run_id
        assert await row_counts(db) == counts

    async def test_cancel_succeeded_run_returns_invalid_transition(
        self, graphql: GraphQLClient, db: Database, worker: Worker
    ) -> None:
        """A finished run cannot be cancelled; it stays SUCCEEDED, unchanged."""
        # Arrange
        experiment = await create_experiment(graphql)
        run = await create_run(graphql, experiment["id"])
        await worker.run_once()
        before = await read_run(graphql, run["id"])
        assert before is not None
        assert before["status"] == "SUCCEEDED"
        counts = await row_counts(db)

        # Act
        data = await graphql.data(CANCEL_RUN, {"input": {"id": run["id"]}})

        # Assert
        error = data["cancelRun"]
        assert error["__typename"] == "InvalidTransitionError"
        assert error["code"] == "INVALID_TRANSITION"
        assert error["currentStatus"] == "SUCCEEDED"
        assert error["requestedStatus"] == "CANCELLING"
        assert await read_run(graphql, run["id"]) == before
        assert await row_counts(db) == counts

    async def test_cancel_cancelled_run_returns_invalid_transition(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """Cancelling twice: the second is refused and the run stays as it was."""
        # Arrange
        experiment = await create_experiment(graphql)
        run = await create_run(graphql, experiment["id"])
        await graphql.data(CANCEL_RUN, {"input": {"id": run["id"]}})
        before = await read_run(graphql, run["id"])
        assert before is not None
        assert before["status"] == "CANCELLED"
        counts = await row_counts(db)

        # Act
        data = await graphql.data(CANCEL_RUN, {"input": {"id": run["id"]}})

        # Assert
        error = data["cancelRun"]
        assert error["__typename"] == "InvalidTransitionError"
        assert error["code"] == "INVALID_TRANSITION"
        assert error["currentStatus"] == "CANCELLED"
        assert error["requestedStatus"] == "CANCELLING"
        assert await read_run(graphql, run["id"]) == before
        assert await row_counts(db) == counts


class TestQueryErrors:
    async def test_experiment_with_unknown_id_returns_null(
        self, graphql: GraphQLClient
    ) -> None:
        """An unknown experiment id reads as null, without errors."""
        # Arrange
        query = '{ experiment(id: "nope") { id } }'

        # Act
        body = await graphql.execute(query)

        # Assert
        assert body == {"data": {"experiment": None}}

    async def test_run_with_unknown_id_returns_null(
        self, graphql: GraphQLClient
    ) -> None:
        """An unknown run id reads as null, without errors."""
        # Arrange
        query = '{ run(id: "nope") { id } }'

        # Act
        body = await graphql.execute(query)

        # Assert
        assert body == {"data": {"run": None}}

    @pytest.mark.parametrize(
        ("query", "field", "first"),
        [(RUNS, "runs", 101), (RUNS, "runs", -1), (EXPERIMENTS, "experiments", 101)],
    )
    async def test_list_with_first_out_of_range_returns_validation_error(
        self, graphql: GraphQLClient, query: str, field: str, first: int
    ) -> None:
        """`first` outside 0..100 is a GraphQL error coded VALIDATION_ERROR."""
        # Arrange
        variables = {"first": first}

        # Act (graphql.execute checks the HTTP status is 200)
        body = await graphql.execute(query, variables)

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert "path" not in error  # refused before execution
        assert error["message"].startswith(f"Query.{field}(first:): ")
        assert error["extensions"] == {"code": "VALIDATION_ERROR", "field": "first"}
        assert str(first) in error["message"]

    @pytest.mark.parametrize(
        ("query", "field"), [(RUNS, "runs"), (EXPERIMENTS, "experiments")]
    )
    async def test_list_after_garbage_cursor_returns_validation_error(
        self, graphql: GraphQLClient, query: str, field: str
    ) -> None:
        """A cursor the server never made is a VALIDATION_ERROR at `after`."""
        # Arrange
        variables = {"after": "garbage"}

        # Act
        body = await graphql.execute(query, variables)

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"].startswith(f"Query.{field}(after:): ")
        assert error["extensions"] == {"code": "VALIDATION_ERROR", "field": "after"}

    @pytest.mark.parametrize(
        ("query", "field"), [(RUNS, "runs"), (EXPERIMENTS, "experiments")]
    )
    async def test_list_after_forged_cursor_returns_validation_error(
        self, graphql: GraphQLClient, query: str, field: str
    ) -> None:
        """A decodable cursor the server never made (no time zone) is refused too."""
        # Arrange
        experiment = await create_experiment(graphql)
        await create_run(graphql, experiment["id"])
        forged = base64.urlsafe_b64encode(b"2024-01-01T00:00:00|x").decode()

        # Act
        body = await graphql.execute(query, {"after": forged})

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"].startswith(f"Query.{field}(after:): ")
        assert error["extensions"] == {"code": "VALIDATION_ERROR", "field": "after"}


CREATE_RUN_WITH_ITEMS = """
mutation ($input: CreateRunInput!, $first: Int, $after: String) {
  createRun(input: $input) {
    __typename
    ... on Run { id ...Items }
  }
}
fragment Items on Run {
  items(first: $first, after: $after) { totalCount }
}
"""


class TestArgumentsCheckedBeforeExecution:
    @pytest.mark.parametrize(
        ("variables", "field", "value"),
        [
            ({"first": 1000}, "first", "1000"),
            ({"first": -1}, "first", "-1"),
            ({"after": "not-a-cursor"}, "after", "not-a-cursor"),
        ],
    )
    async def test_mutation_with_bad_selection_argument_writes_nothing(
        self,
        graphql: GraphQLClient,
        db: Database,
        variables: dict[str, Any],
        field: str,
        value: str,
    ) -> None:
        """A bad `first`/`after` in a mutation's selection (through a fragment and a
        variable) refuses the whole request: no run is made, the error names it."""
        # Arrange
        experiment = await create_experiment(graphql)
        counts = await row_counts(db)

        # Act
        body = await graphql.execute(
            CREATE_RUN_WITH_ITEMS,
            {"input": {"experimentId": experiment["id"]}, **variables},
        )

        # Assert
        assert await row_counts(db) == counts
        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"].startswith(f"Run.items({field}:): ")
        assert value in error["message"]
        assert error["extensions"] == {"code": "VALIDATION_ERROR", "field": field}
        assert error["locations"]

    async def test_mutation_with_bad_literal_argument_writes_nothing(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """`items(first: 1000)` written in the document is refused the same way."""
        # Arrange
        experiment = await create_experiment(graphql)
        counts = await row_counts(db)
        mutation = """
        mutation ($input: CreateRunInput!) {
          createRun(input: $input) { ... on Run { items(first: 1000) { totalCount } } }
        }
        """

        # Act
        body = await graphql.execute(
            mutation, {"input": {"experimentId": experiment["id"]}}
        )

        # Assert
        assert await row_counts(db) == counts
        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"] == (
            "Run.items(first:): first must be between 0 and 100, got 1000"
        )
        assert error["extensions"] == {"code": "VALIDATION_ERROR", "field": "first"}

    async def test_mutation_with_arguments_in_bounds_writes_and_answers(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """In-bounds arguments pass: the run is made and its items read."""
        # Arrange
        experiment = await create_experiment(graphql)
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_RUN_WITH_ITEMS,
            {"input": {"experimentId": experiment["id"]}, "first": 100},
        )

        # Assert
        assert data["createRun"]["__typename"] == "Run"
        assert data["createRun"]["items"]["totalCount"] >= 0
        assert (await row_counts(db))["runs"] == counts["runs"] + 1

    async def test_every_bad_argument_is_named(self, graphql: GraphQLClient) -> None:
        """Two bad arguments in one request give two errors, each at its own."""
        # Arrange
        query = (
            '{ runs(first: 101) { totalCount } experiments(after: "x") { totalCount } }'
        )

        # Act
        body = await graphql.execute(query)

        # Assert
        assert body["data"] is None
        assert [error["message"].split(":")[0] for error in body["errors"]] == [
            "Query.runs(first",
            "Query.experiments(after",
        ]

    async def test_unused_fragment_arguments_are_not_checked(
        self, graphql: GraphQLClient
    ) -> None:
        """Only the operation that runs is checked, not another in the document."""
        # Arrange
        document = """
        query Good { runs(first: 1) { totalCount } }
        query Bad { runs(first: 1000) { totalCount } }
        """

        # Act
        response = await graphql.http.post(
            "/graphql", json={"query": document, "operationName": "Good"}
        )

        # Assert
        assert response.json() == {"data": {"runs": {"totalCount": 0}}}


class TestProtocolErrors:
    async def test_post_non_json_body_returns_client_error(
        self, client: httpx.AsyncClient
    ) -> None:
        """A body that is not JSON is a 4xx with a JSON error, not a traceback."""
        # Arrange
        body = b"{this is not json"

        # Act
        response = await client.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )

        # Assert
        assert 400 <= response.status_code < 500
        assert "Traceback" not in response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"

    async def test_post_broken_query_returns_syntax_error(
        self, client: httpx.AsyncClient
    ) -> None:
        """A query that does not parse gets a GraphQL "Syntax Error", not a 500."""
        # Arrange
        payload = {"query": "{ experiments { totalCount "}

        # Act
        response = await client.post("/graphql", json=payload)

        # Assert
        assert response.status_code < 500
        errors = response.json()["errors"]
        assert errors[0]["message"].startswith("Syntax Error")
        assert "Traceback" not in response.text

    async def test_post_query_of_unknown_field_returns_validation_error(
        self, client: httpx.AsyncClient
    ) -> None:
        """Asking for a field the schema lacks is a GraphQL validation error."""
        # Arrange
        payload = {"query": "{ experiments { totalCount nope } }"}

        # Act
        response = await client.post("/graphql", json=payload)

        # Assert
        assert response.status_code < 500
        body = response.json()
        assert "data" not in body or body["data"] is None
        [error] = body["errors"]
        assert error["message"] == (
            "Cannot query field 'nope' on type 'ExperimentConnection'."
        )

    async def test_get_query_returns_data(
        self, client: httpx.AsyncClient, graphql: GraphQLClient
    ) -> None:
        """Queries work over GET with the query in the URL."""
        # Arrange
        await create_experiment(graphql)

        # Act
        response = await client.get(
            "/graphql", params={"query": "{experiments{totalCount}}"}
        )

        # Assert
        assert response.status_code == 200
        assert response.json() == {"data": {"experiments": {"totalCount": 1}}}

    async def test_query_nested_too_deep_is_refused(
        self, graphql: GraphQLClient
    ) -> None:
        """Depth is capped, so one request cannot fan out without bound."""
        # Arrange
        nested = "parentRun { " * MAX_QUERY_DEPTH + "id" + " }" * MAX_QUERY_DEPTH

        # Act
        body = await graphql.execute(
            f"{{ runs {{ edges {{ node {{ {nested} }} }} }} }}"
        )

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert "maximum operation depth" in error["message"]

    async def test_query_with_too_many_aliases_is_refused(
        self, graphql: GraphQLClient
    ) -> None:
        """Aliases are capped, so one request cannot repeat a field at will."""
        # Arrange
        fields = " ".join(
            f"a{n}: experiments {{ totalCount }}" for n in range(MAX_ALIASES + 1)
        )

        # Act
        body = await graphql.execute(f"{{ {fields} }}")

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert "aliases" in error["message"]

    async def test_introspection_fits_the_limits(self, graphql: GraphQLClient) -> None:
        """GraphiQL's full introspection query is still answered."""
        # Act
        data = await graphql.data(get_introspection_query(descriptions=True))

        # Assert
        assert data["__schema"]["queryType"]["name"] == "Query"

    async def test_post_subscription_is_refused_with_a_client_error(
        self, client: httpx.AsyncClient
    ) -> None:
        """Subscriptions live on the WebSocket; over plain HTTP they are a 400."""
        # Act
        response = await client.post(
            "/graphql", json={"query": "subscription { runStatusChanges { seq } }"}
        )

        # Assert
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "BAD_REQUEST"
        assert "subscriptions" in error["message"]

    async def test_get_with_html_accept_returns_graphiql(
        self, client: httpx.AsyncClient
    ) -> None:
        """A browser asking for HTML gets the GraphiQL page."""
        # Arrange
        headers = {"accept": "text/html"}

        # Act
        response = await client.get("/graphql", headers=headers)

        # Assert
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert "graphiql" in response.text.lower()

    async def test_healthz_returns_ok(self, client: httpx.AsyncClient) -> None:
        """The health check answers ok once the database answered it."""
        # Act
        response = await client.get("/healthz")

        # Assert
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

    async def test_healthz_of_a_database_that_never_answers_is_unavailable(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A database that takes the connection but never answers: 503, in time."""
        # Arrange
        monkeypatch.setattr(database_module, "PING_TIMEOUT", 0.2)
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            port = silent.getsockname()[1]

            # Act
            response = await healthz_of(
                f"postgresql+asyncpg://runcast@127.0.0.1:{port}/x"
            )

        # Assert
        assert response.status_code == 503
        assert response.json() == {
            "status": "unavailable",
            "database": "no answer within 0.2 s",
        }

    async def test_healthz_without_its_database_is_unavailable(self) -> None:
        """A replica that cannot reach its database says so with a 503."""
        # Act
        response = await healthz_of("postgresql+asyncpg://runcast@127.0.0.1:1/x")

        # Assert
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unavailable"
        assert (
            "refused" in body["database"].lower()
            or "connect" in body["database"].lower()
        )


async def healthz_of(database_url: str) -> httpx.Response:
    """``GET /healthz`` of an app on ``database_url``, never started."""
    app = create_app(Settings(database_url=database_url))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://localhost"
        ) as http:
            return await http.get("/healthz")
    finally:
        await app.state.runtime.stop()


def raising(message: str) -> Any:
    """An async stand-in for an orchestrator method that always fails."""

    async def boom(*_args: object, **_kwargs: object) -> Any:
        raise RuntimeError(message)

    return boom


class TestErrorMasking:
    async def test_unexpected_error_in_query_is_masked_and_logged(
        self,
        client: httpx.AsyncClient,
        orchestrator: Orchestrator,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        """The client sees only a reference; the log has it with the exception."""
        # Arrange
        monkeypatch.setattr(orchestrator, "list_runs", raising("secret detail"))
        caplog.set_level(logging.ERROR, logger="runcast.api.errors")

        # Act
        response = await client.post(
            "/graphql", json={"query": "{ runs { totalCount } }"}
        )

        # Assert
        assert response.status_code == 200
        assert "secret detail" not in response.text
        assert "RuntimeError" not in response.text
        body = response.json()
        assert body["data"] is None
        [error] = body["errors"]
        match = MASKED.match(error["message"])
        assert match is not None, error["message"]
        reference = match["reference"]
        assert error["extensions"] == {"code": "INTERNAL_ERROR", "reference": reference}
        logged = [r for r in caplog.records if reference in r.getMessage()]
        assert len(logged) == 1
        assert logged[0].levelno == logging.ERROR
        assert logged[0].exc_info is not None
        assert str(logged[0].exc_info[1]) == "secret detail"

    async def test_unexpected_error_in_mutation_is_masked(
        self,
        graphql: GraphQLClient,
        orchestrator: Orchestrator,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        """An exception no union member covers is masked, not put in the union."""
        # Arrange
        experiment = await create_experiment(graphql)
        monkeypatch.setattr(orchestrator, "create_run", raising("secret detail"))
        caplog.set_level(logging.ERROR, logger="runcast.api.errors")

        # Act
        body = await graphql.execute(
            CREATE_RUN, {"input": {"experimentId": experiment["id"]}}
        )

        # Assert
        assert "secret detail" not in str(body)
        [error] = body["errors"]
        match = MASKED.match(error["message"])
        assert match is not None, error["message"]
        assert error["extensions"]["code"] == "INTERNAL_ERROR"
        assert any(match["reference"] in r.getMessage() for r in caplog.records)

    async def test_expected_errors_are_not_logged_as_errors(
        self, graphql: GraphQLClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        """Bad input is an answer, not an incident: nothing reaches the error log."""
        # Arrange
        caplog.set_level(logging.WARNING)

        # Act
        await graphql.execute(RUNS, {"first": 101})
        await graphql.data(CREATE_RUN, {"input": {"experimentId": "nope"}})

        # Assert
        assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


class TestBodySize:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """A small limit, so a test body can pass it."""
        return settings.model_copy(update={"max_body_bytes": 1000})

    async def test_declared_body_over_the_limit_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """A body larger than the limit gets a 413 and changes nothing."""
        # Arrange
        counts = await row_counts(db)
        body = {
            "query": CREATE_EXPERIMENT,
            "variables": {"input": {"name": "big", "prompt": "x" * 2000}},
        }

        # Act
        response = await client.post("/graphql", json=body)

        # Assert
        assert response.status_code == 413
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
        assert await row_counts(db) == counts

    async def test_streamed_body_over_the_limit_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        """A body sent in chunks, without a length, is cut off at the limit."""

        # Arrange
        async def chunks() -> AsyncIterator[bytes]:
            yield b'{"query": "{ experiments { totalCount } }", "pad": "'
            for _ in range(20):
                yield b"x" * 100
            yield b'"}'

        # Act
        response = await client.post(
            "/graphql", content=chunks(), headers={"content-type": "application/json"}
        )

        # Assert
        assert response.status_code == 413

    async def test_body_within_the_limit_is_served(
        self, client: httpx.AsyncClient
    ) -> None:
        """Ordinary requests are unaffected."""
        response = await client.post(
            "/graphql", json={"query": "{ experiments { totalCount } }"}
        )

        assert response.json() == {"data": {"experiments": {"totalCount": 0}}}
