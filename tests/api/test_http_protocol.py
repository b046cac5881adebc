"""GraphQL over HTTP at the edges: bad bodies, methods, media types, APQ, CORS."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from runcast.db.database import Database
from runcast.domain.experiments import MAX_SEARCH_LENGTH
from runcast.settings import Settings
from tests.api.helpers import row_counts

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
TYPENAME = "{ __typename }"

BAD_BODIES = {
    "integer": b"42",
    "null": b"null",
    "string": b'"text"',
    "boolean": b"true",
    "array": b'[{"query": "{ __typename }"}]',
    "invalid UTF-8": b'{"query": "{ __typename \xff }"}',
    "invalid JSON": b'{"query": ',
    "empty": b"",
    "5,000-digit integer": b'{"query": "{ __typename }", "variables": {"n": '
    + b"9" * 5000
    + b"}}",
    "arrays 1,000 deep": b"[" * 1000 + b"]" * 1000,
    "arrays 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
}

BAD_PARAMETERS = {
    "query of a number": {"query": 0},
    "query of an object": {"query": {"obj": "ect"}},
    "variables of a string": {"query": TYPENAME, "variables": "string"},
    "variables of an array": {"query": TYPENAME, "variables": ["array"]},
    "operationName of a boolean": {"query": TYPENAME, "operationName": False},
    "extensions of a number": {"query": TYPENAME, "extensions": 0},
    "no query": {"qeury": TYPENAME},
}


async def post_body(
    client: httpx.AsyncClient, body: bytes, **headers: str
) -> httpx.Response:
    return await client.post(
        "/graphql",
        content=body,
        headers={"content-type": "application/json", **headers},
    )


def the_error(response: httpx.Response) -> dict[str, Any]:
    """The one error of a JSON error body."""
    [error] = response.json()["errors"]
    assert isinstance(error, dict)
    return error


async def assert_still_serving(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": TYPENAME})
    assert response.json() == {"data": {"__typename": "Query"}}


class TestBadBodies:
    @pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
    async def test_bad_body_is_a_400_with_a_json_error(
        self, client: httpx.AsyncClient, body: bytes
    ) -> None:
        """Whatever bytes arrive, the answer is a 400 with a JSON error body."""
        # Act
        response = await post_body(client, body)

        # Assert
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/json")
        assert the_error(response)["extensions"]["code"] == "BAD_REQUEST"
        await assert_still_serving(client)

    @pytest.mark.parametrize(
        "payload", BAD_PARAMETERS.values(), ids=BAD_PARAMETERS.keys()
    )
    async def test_parameter_of_the_wrong_type_is_a_400(
        self, client: httpx.AsyncClient, payload: dict[str, Any]
    ) -> None:
        """A request whose parts are of the wrong JSON type is refused whole."""
        # Act
        response = await client.post("/graphql", json=payload)

        # Assert
        assert response.status_code == 400
        assert the_error(response)["extensions"]["code"] == "BAD_REQUEST"

    async def test_post_without_json_content_type_is_a_400(
        self, client: httpx.AsyncClient
    ) -> None:
        """A body is read only when it says it is JSON."""
        # Act
        response = await client.post(
            "/graphql", content=json.dumps({"query": TYPENAME}).encode()
        )

        # Assert
        assert response.status_code == 400
        assert "content type" in the_error(response)["message"]

    async def test_get_with_variables_that_are_not_json_is_a_400(
        self, client: httpx.AsyncClient
    ) -> None:
        """GET parameters are held to the same rules as a body."""
        # Act
        response = await client.get(
            "/graphql", params={"query": TYPENAME, "variables": "{nope"}
        )

        # Assert
        assert response.status_code == 400
        assert the_error(response)["extensions"]["code"] == "BAD_REQUEST"


class TestMethods:
    async def test_get_mutation_is_a_405_allowing_post(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """GraphQL over HTTP: a mutation over GET is 405, with ``Allow: POST``."""
        # Arrange
        counts = await row_counts(db)
        mutation = (
            'mutation { createExperiment(input: {name: "x", prompt: "y"}) '
            "{ __typename } }"
        )

        # Act
        response = await client.get("/graphql", params={"query": mutation})

        # Assert
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert "mutations" in the_error(response)["message"]
        assert await row_counts(db) == counts

    @pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS"])
    async def test_unsupported_method_is_a_json_405_allowing_get_and_post(
        self, client: httpx.AsyncClient, db: Database, method: str
    ) -> None:
        """A method GraphQL does not use is a 405 with a JSON error, not plain text."""
        # Arrange
        counts = await row_counts(db)
        body = json.dumps({"query": TYPENAME})

        # Act
        response = await client.request(
            method,
            "/graphql",
            content=body,
            headers={"content-type": "application/json"},
        )

        # Assert
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, POST"
        assert the_error(response)["extensions"]["code"] == "METHOD_NOT_ALLOWED"
        assert await row_counts(db) == counts

    async def test_get_subscription_stays_a_400(
        self, client: httpx.AsyncClient
    ) -> None:
        """POST would not help a subscription either: it is a plain 400."""
        # Act
        response = await client.get(
            "/graphql", params={"query": "subscription { runStatusChanges { seq } }"}
        )

        # Assert
        assert response.status_code == 400
        assert "allow" not in response.headers


class TestGraphQLResponseMediaType:
    async def test_accepting_graphql_response_json_gets_that_media_type(
        self, client: httpx.AsyncClient
    ) -> None:
        """The media type the client asks for is the one it gets."""
        # Act
        response = await client.post(
            "/graphql",
            json={"query": TYPENAME},
            headers={"accept": GRAPHQL_RESPONSE_JSON},
        )

        # Assert
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
        assert response.json() == {"data": {"__typename": "Query"}}

    async def test_preferring_application_json_gets_application_json(
        self, client: httpx.AsyncClient
    ) -> None:
        """Quality values decide between the two JSON media types."""
        # Arrange
        accept = f"{GRAPHQL_RESPONSE_JSON};q=0.5, application/json"

        # Act
        response = await client.post(
            "/graphql", json={"query": TYPENAME}, headers={"accept": accept}
        )

        # Assert
        assert response.headers["content-type"].startswith("application/json")

    @pytest.mark.parametrize(
        "payload",
        [
            {"query": "{"},
            {"query": "{ noSuchField }"},
            {"query": "query ($id: ID!) { __typename }", "variables": {"id": None}},
        ],
        ids=["parse failure", "validation failure", "variable coercion failure"],
    )
    async def test_request_error_is_a_400_without_data(
        self, client: httpx.AsyncClient, payload: dict[str, Any]
    ) -> None:
        """A request that never reached execution is a 400 with no ``data``."""
        # Act
        response = await client.post(
            "/graphql", json=payload, headers={"accept": GRAPHQL_RESPONSE_JSON}
        )

        # Assert
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
        body = response.json()
        assert "data" not in body
        assert body["errors"]

    async def test_request_error_as_application_json_stays_a_200(
        self, client: httpx.AsyncClient
    ) -> None:
        """Clients of ``application/json`` keep the answer they always had."""
        # Act
        response = await client.post("/graphql", json={"query": "{ noSuchField }"})

        # Assert
        assert response.status_code == 200
        assert response.json()["data"] is None

    async def test_field_error_after_execution_is_a_200(
        self, client: httpx.AsyncClient
    ) -> None:
        """Once execution ran, errors are part of a 200 answer."""
        # Act
        response = await client.post(
            "/graphql",
            json={
                "query": "query ($search: String) "
                "{ experiments(search: $search) { totalCount } }",
                # refused by the resolver, so during execution
                "variables": {"search": "x" * (MAX_SEARCH_LENGTH + 1)},
            },
            headers={"accept": GRAPHQL_RESPONSE_JSON},
        )

        # Assert
        assert response.status_code == 200
        body = response.json()
        assert "data" in body
        assert body["errors"][0]["path"] == ["experiments"]

    async def test_bad_body_is_answered_in_the_accepted_media_type(
        self, client: httpx.AsyncClient
    ) -> None:
        """Errors before GraphQL is reached use the negotiated media type too."""
        # Act
        response = await post_body(client, b"42", accept=GRAPHQL_RESPONSE_JSON)

        # Assert
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)


def sha256_of(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def persisted(query: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(query)}}


COUNT_EXPERIMENTS = "{ experiments { totalCount } }"


class TestPersistedQueries:
    async def test_unknown_hash_is_persisted_query_not_found(
        self, client: httpx.AsyncClient
    ) -> None:
        """A hash-only request for an unknown query asks the client for its text."""
        # Act
        response = await client.post(
            "/graphql", json={"extensions": persisted(COUNT_EXPERIMENTS)}
        )

        # Assert
        assert response.status_code == 200
        error = the_error(response)
        assert error["message"] == "PersistedQueryNotFound"
        assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

    @pytest.mark.parametrize("method", ["GET", "POST"])
    async def test_registered_query_is_served_by_hash(
        self, client: httpx.AsyncClient, method: str
    ) -> None:
        """Once sent with its hash, a query is served from the hash alone."""
        # Arrange
        extensions = persisted(COUNT_EXPERIMENTS)
        registered = await client.post(
            "/graphql", json={"query": COUNT_EXPERIMENTS, "extensions": extensions}
        )

        # Act
        if method == "GET":
            response = await client.get(
                "/graphql", params={"extensions": json.dumps(extensions)}
            )
        else:
            response = await client.post("/graphql", json={"extensions": extensions})

        # Assert
        expected = {"data": {"experiments": {"totalCount": 0}}}
        assert registered.json() == expected
        assert response.json() == expected

    async def test_query_registered_over_get_is_served_by_hash(
        self, client: httpx.AsyncClient
    ) -> None:
        """Registering works over GET as well."""
        # Arrange
        extensions = json.dumps(persisted(COUNT_EXPERIMENTS))
        await client.get(
            "/graphql", params={"query": COUNT_EXPERIMENTS, "extensions": extensions}
        )

        # Act
        response = await client.get("/graphql", params={"extensions": extensions})

        # Assert
        assert response.json() == {"data": {"experiments": {"totalCount": 0}}}

    async def test_hash_that_does_not_match_the_query_is_a_400(
        self, client: httpx.AsyncClient
    ) -> None:
        """A query cannot be registered under another query's hash."""
        # Act
        response = await client.post(
            "/graphql", json={"query": TYPENAME, "extensions": persisted("{ other }")}
        )

        # Assert
        assert response.status_code == 400
        assert the_error(response)["message"] == "provided sha does not match query"
        lookup = await client.post(
            "/graphql", json={"extensions": persisted("{ other }")}
        )
        assert the_error(lookup)["message"] == "PersistedQueryNotFound"

    @pytest.mark.parametrize(
        "persisted_query",
        [
            "abc",
            {"version": 2, "sha256Hash": sha256_of(TYPENAME)},
            {"version": 1, "sha256Hash": "not hex"},
        ],
        ids=["not an object", "version 2", "hash not hex"],
    )
    async def test_malformed_persisted_query_is_a_400(
        self, client: httpx.AsyncClient, persisted_query: object
    ) -> None:
        """Only Apollo's version 1, with a SHA-256 in hex, is understood."""
        # Act
        response = await client.post(
            "/graphql",
            json={"query": TYPENAME, "extensions": {"persistedQuery": persisted_query}},
        )

        # Assert
        assert response.status_code == 400
        assert the_error(response)["extensions"]["code"] == "BAD_REQUEST"


ALLOWED_ORIGIN = "https://lab.example"


class TestCors:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """One origin allowed besides the server's own."""
        return settings.model_copy(update={"allowed_origins": [ALLOWED_ORIGIN]})

    async def test_preflight_from_an_allowed_origin_gets_cors_headers(
        self, client: httpx.AsyncClient
    ) -> None:
        """A browser on a listed origin may POST GraphQL with its token."""
        # Act
        response = await client.options(
            "/graphql",
            headers={
                "origin": ALLOWED_ORIGIN,
                "access-control-request-method": "POST",
                "access-control-request-headers": "authorization, content-type",
            },
        )

        # Assert
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
        assert "POST" in response.headers["access-control-allow-methods"]
        allowed_headers = response.headers["access-control-allow-headers"].lower()
        assert "authorization" in allowed_headers

    async def test_request_from_an_allowed_origin_gets_cors_headers(
        self, client: httpx.AsyncClient
    ) -> None:
        """The answer itself names the origin, so the page may read it."""
        # Act
        response = await client.post(
            "/graphql", json={"query": TYPENAME}, headers={"origin": ALLOWED_ORIGIN}
        )

        # Assert
        assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
        assert response.json() == {"data": {"__typename": "Query"}}

    @pytest.mark.parametrize("method", ["OPTIONS", "POST"])
    async def test_other_origin_gets_no_cors_headers(
        self, client: httpx.AsyncClient, method: str
    ) -> None:
        """A page on any other origin gets nothing that lets it read answers."""
        # Act
        response = await client.request(
            method,
            "/graphql",
            json={"query": TYPENAME},
            headers={
                "origin": "https://evil.example",
                "access-control-request-method": "POST",
            },
        )

        # Assert
        cors_headers = [
            name for name in response.headers if name.startswith("access-control-")
        ]
        assert cors_headers == []
