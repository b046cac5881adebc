"""Variable values no database can take are refused before anything executes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from runcast.api.variables import (
    MAX_ID_LENGTH,
    MAX_JSON_DEPTH,
    MAX_JSON_INTEGER_DIGITS,
    MAX_JSON_SIZE,
    MAX_LIST_LENGTH,
)
from runcast.db.database import Database
from runcast.domain.experiments import MAX_SEARCH_LENGTH
from tests.api.conftest import LiveServer
from tests.api.helpers import (
    CREATE_EXPERIMENT,
    CREATE_RUN,
    RUN,
    create_experiment,
    row_counts,
)
from tests.conftest import GraphQLClient
from tests.support.graphql_ws import (
    PROTOCOLS,
    Protocol,
    SubscriptionError,
    graphql_websocket,
)

LONE_SURROGATE = "a\ud800b"
SEARCH = """
query ($search: String) { experiments(search: $search) { totalCount } }
"""
HEALTHY = "{ experiments { totalCount } }"


async def execute_escaped(
    graphql: GraphQLClient, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    """Post with every non-ASCII character escaped, as JSON allows for surrogates."""
    body = json.dumps({"query": query, "variables": variables}).encode("ascii")
    response = await graphql.http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def the_error(body: dict[str, Any]) -> dict[str, Any]:
    """The one error of a refused operation, which executed nothing."""
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "VALIDATION_ERROR"
    return error


def nested(depth: int) -> Any:
    """A JSON value nested ``depth`` deep: lists in lists around a number."""
    value: Any = 1
    for _ in range(depth - 1):
        value = [value]
    return value


class TestLoneSurrogates:
    async def test_lone_surrogate_in_idempotency_key_writes_nothing(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """`createRun` with `"a\\ud800b"` as its key is refused; no run is made."""
        # Arrange
        experiment = await create_experiment(graphql)
        counts = await row_counts(db)
        run_input = {"experimentId": experiment["id"], "idempotencyKey": LONE_SURROGATE}

        # Act
        body = await execute_escaped(graphql, CREATE_RUN, {"input": run_input})

        # Assert
        error = the_error(body)
        assert error["extensions"]["field"] == "input.idempotencyKey"
        assert "lone surrogate" in error["message"]
        assert await row_counts(db) == counts

    async def test_lone_surrogate_in_dataset_variables_writes_nothing(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """A surrogate deep in a dataset row's JSON is located at its key."""
        # Arrange
        counts = await row_counts(db)
        config = {
            "name": "surrogates",
            "prompt": "Greet {{ who }}",
            "dataset": [
                {"variables": {"who": "Ada"}},
                {"variables": {"who": {"names": ["Al", LONE_SURROGATE]}}},
            ],
        }

        # Act
        body = await execute_escaped(graphql, CREATE_EXPERIMENT, {"input": config})

        # Assert
        error = the_error(body)
        assert error["extensions"]["field"] == "input.dataset.1.variables.who.names.1"
        assert await row_counts(db) == counts

    @pytest.mark.parametrize(
        ("query", "variables", "field"),
        [
            (RUN, {"id": LONE_SURROGATE}, "id"),
            (SEARCH, {"search": LONE_SURROGATE}, "search"),
            (
                CREATE_EXPERIMENT,
                {"input": {"name": "n", "prompt": "a\udfff"}},
                "input.prompt",
            ),
        ],
        ids=["run-id", "search", "prompt"],
    )
    async def test_lone_surrogate_in_any_string_is_a_validation_error(
        self,
        graphql: GraphQLClient,
        query: str,
        variables: dict[str, Any],
        field: str,
    ) -> None:
        """Ids, search text and any input field: refused, and the server goes on."""
        # Act
        body = await execute_escaped(graphql, query, variables)

        # Assert
        error = the_error(body)
        assert error["extensions"]["field"] == field
        assert await graphql.data(HEALTHY) == {"experiments": {"totalCount": 0}}

    @pytest.mark.parametrize("protocol", PROTOCOLS)
    async def test_lone_surrogate_in_a_subscription_is_a_validation_error(
        self, live_server: LiveServer, protocol: Protocol
    ) -> None:
        """Over WebSocket the subscription gets the same error, nothing else."""
        # Arrange
        query = "subscription ($id: ID!) { runEvents(runId: $id) { seq } }"

        # Act
        async with graphql_websocket(live_server.ws_url, protocol) as socket:
            with pytest.raises(SubscriptionError) as refused:
                async for _ in socket.subscribe(query, {"id": LONE_SURROGATE}):
                    pass

        # Assert
        [error] = refused.value.payload
        assert error["extensions"] == {"code": "VALIDATION_ERROR", "field": "id"}

    async def test_paired_surrogates_are_accepted(self, graphql: GraphQLClient) -> None:
        """An emoji (a surrogate pair in JSON) is ordinary text."""
        # Act
        body = await execute_escaped(graphql, SEARCH, {"search": "\U0001f600"})

        # Assert
        assert body == {"data": {"experiments": {"totalCount": 0}}}


class TestLengths:
    async def test_search_longer_than_its_maximum_is_a_validation_error(
        self, graphql: GraphQLClient
    ) -> None:
        """A 50,001-character search is refused at `search`, not a database error."""
        # Act
        body = await graphql.execute(SEARCH, {"search": "x" * 50_001})

        # Assert
        [error] = body["errors"]
        assert error["extensions"] == {"code": "VALIDATION_ERROR", "field": "search"}
        assert str(MAX_SEARCH_LENGTH) in error["message"]
        assert await graphql.data(HEALTHY) == {"experiments": {"totalCount": 0}}

    async def test_search_of_its_maximum_length_is_answered(
        self, graphql: GraphQLClient
    ) -> None:
        """Exactly the maximum is still a search."""
        # Act
        data = await graphql.data(SEARCH, {"search": "x" * MAX_SEARCH_LENGTH})

        # Assert
        assert data["experiments"]["totalCount"] == 0

    async def test_id_longer_than_its_maximum_is_a_validation_error(
        self, graphql: GraphQLClient
    ) -> None:
        """An id over the maximum length is refused before it is looked up."""
        # Act
        body = await graphql.execute(RUN, {"id": "i" * (MAX_ID_LENGTH + 1)})

        # Assert
        error = the_error(body)
        assert error["extensions"]["field"] == "id"

    async def test_id_literal_longer_than_its_maximum_is_a_validation_error(
        self, graphql: GraphQLClient
    ) -> None:
        """An over-long id written in the query is refused by validation."""
        # Arrange
        long_id = "i" * (MAX_ID_LENGTH + 1)

        # Act
        body = await graphql.execute(f'{{ run(id: "{long_id}") {{ id }} }}')

        # Assert
        the_error(body)
        assert await graphql.data(HEALTHY) == {"experiments": {"totalCount": 0}}


def dataset_experiment(who: Any) -> dict[str, Any]:
    """An experiment input whose one dataset row's `who` is ``who``."""
    return {
        "name": "bounds",
        "prompt": "Greet {{ who }}",
        "dataset": [{"variables": {"who": who}}],
    }


class TestListLengths:
    async def test_dataset_of_100000_rows_is_refused_before_its_rows(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """The list's length is checked first: no row is coerced or validated."""
        # Arrange
        counts = await row_counts(db)
        config = dataset_experiment("Ada")
        config["dataset"] = config["dataset"] * 100_000

        # Act
        body = await graphql.execute(CREATE_EXPERIMENT, {"input": config})

        # Assert
        error = the_error(body)
        assert error["extensions"]["field"] == "input.dataset"
        assert error["message"] == (
            f"input.dataset: a list has at most {MAX_LIST_LENGTH} items, got 100000"
        )
        assert await row_counts(db) == counts

    async def test_dataset_of_the_maximum_rows_is_accepted(
        self, graphql: GraphQLClient
    ) -> None:
        """Exactly the maximum number of rows is still a dataset."""
        # Arrange
        config = dataset_experiment("Ada")
        config["dataset"] = config["dataset"] * MAX_LIST_LENGTH

        # Act
        data = await graphql.data(CREATE_EXPERIMENT, {"input": config})

        # Assert
        assert data["createExperiment"]["__typename"] == "Experiment"


class TestJsonBounds:
    @pytest.mark.parametrize(
        ("who", "field", "words"),
        [
            (
                nested(MAX_JSON_DEPTH),
                "input.dataset.0.variables.who" + ".0" * (MAX_JSON_DEPTH - 1),
                "nested",
            ),
            (10**MAX_JSON_INTEGER_DIGITS, "input.dataset.0.variables.who", "digits"),
            ("w" * MAX_JSON_SIZE, "input.dataset.0.variables", "characters"),
        ],
        ids=["too-deep", "too-many-digits", "too-large"],
    )
    async def test_json_past_a_bound_is_a_validation_error(
        self, graphql: GraphQLClient, db: Database, who: Any, field: str, words: str
    ) -> None:
        """Each bound of a JSON value is located at the value; nothing is stored."""
        # Arrange
        counts = await row_counts(db)

        # Act
        body = await execute_escaped(
            graphql, CREATE_EXPERIMENT, {"input": dataset_experiment(who)}
        )

        # Assert
        error = the_error(body)
        assert error["extensions"]["field"] == field
        assert words in error["message"]
        assert await row_counts(db) == counts

    async def test_json_at_every_bound_is_accepted(
        self, graphql: GraphQLClient
    ) -> None:
        """Nested to the limit, with the longest integer: still a dataset row."""
        # Arrange
        who = nested(MAX_JSON_DEPTH - 1)
        who[0] = 10**MAX_JSON_INTEGER_DIGITS - 1

        # Act
        body = await execute_escaped(
            graphql, CREATE_EXPERIMENT, {"input": dataset_experiment(who)}
        )

        # Assert
        assert body["data"]["createExperiment"]["__typename"] == "Experiment"
