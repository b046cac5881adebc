"""Generated operations and requests: never a 5xx, a leak, or a rejected write.

One app and one SQLite file serve every example of a test (a fresh
database per example would cost more than the request it checks). Nothing
runs in the background (no workers), so the row counts read before and
after an example differ only by what that example's request wrote: a
request whose mutations all answered errors must leave them unchanged.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from runcast.db.database import Database
from tests.api.helpers import row_counts
from tests.fuzz.checks import assert_safe_answer, wrote_something
from tests.fuzz.conftest import CaseCount
from tests.fuzz.documents import Operation, is_mutation, operation_from
from tests.fuzz.profiles import examples
from tests.fuzz.strategies import (
    HTTPRequest,
    crafted_documents,
    damaged_documents,
    encode_json,
    graphql_schema,
    http_requests,
    invalid_operations,
    valid_operations,
    with_hostile_value,
)

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

JSON_HEADERS = {"content-type": "application/json"}


async def post_checked(
    client: httpx.AsyncClient,
    db: Database,
    cases: CaseCount,
    *,
    query: str,
    variables: Any = None,
) -> dict[str, Any]:
    """Post the operation; check the answer and that a rejected one wrote nothing."""
    before = await row_counts(db)
    body = encode_json({"query": query, "variables": variables})
    response = await client.post("/graphql", content=body, headers=JSON_HEADERS)
    cases.sent += 1
    answer = assert_safe_answer(response, sent=body.decode())
    wrote = is_mutation(query) and wrote_something(answer)
    event("wrote" if wrote else "wrote nothing")
    event("errors" if answer.get("errors") else "no errors")
    if not wrote:
        assert await row_counts(db) == before, answer
    return answer


def operation(text: str, known_ids: dict[str, str], *, as_variables: bool) -> Operation:
    """The generated text aimed at stored records, ready to post."""
    return operation_from(
        text, graphql_schema(), known_ids=known_ids, as_variables=as_variables
    )


class TestGeneratedOperations:
    @examples(120)
    @given(text=valid_operations(), as_variables=st.booleans())
    async def test_valid_operation_answers_without_internal_error(
        self,
        client: httpx.AsyncClient,
        db: Database,
        known_ids: dict[str, str],
        fuzz_cases: CaseCount,
        text: str,
        as_variables: bool,
    ) -> None:
        """Any valid query or mutation, arguments inline or as variables."""
        # Arrange
        sent = operation(text, known_ids, as_variables=as_variables)

        # Act / Assert
        await post_checked(
            client, db, fuzz_cases, query=sent.query, variables=sent.variables
        )

    @examples(80)
    @given(text=invalid_operations(), as_variables=st.booleans())
    async def test_invalid_operation_answers_errors_and_writes_nothing(
        self,
        client: httpx.AsyncClient,
        db: Database,
        known_ids: dict[str, str],
        fuzz_cases: CaseCount,
        text: str,
        as_variables: bool,
    ) -> None:
        """An operation breaking the schema in one place is refused, writing nothing."""
        # Arrange
        sent = operation(text, known_ids, as_variables=as_variables)

        # Act
        answer = await post_checked(
            client, db, fuzz_cases, query=sent.query, variables=sent.variables
        )

        # Assert: inline the violation is an error; as a variable it may coerce
        if not as_variables:
            assert answer.get("errors"), answer

    @examples(100)
    @given(text=valid_operations(), data=st.data())
    async def test_hostile_variable_answers_errors_not_crashes(
        self,
        client: httpx.AsyncClient,
        db: Database,
        known_ids: dict[str, str],
        fuzz_cases: CaseCount,
        text: str,
        data: st.DataObject,
    ) -> None:
        """One variable (or all of them) replaced by a value past the bounds."""
        # Arrange
        sent = operation(text, known_ids, as_variables=True)
        variables = data.draw(with_hostile_value(sent.variables), label="variables")

        # Act / Assert
        await post_checked(
            client, db, fuzz_cases, query=sent.query, variables=variables
        )

    @examples(60)
    @given(text=valid_operations() | invalid_operations(), data=st.data())
    async def test_damaged_document_answers_errors_not_crashes(
        self,
        client: httpx.AsyncClient,
        db: Database,
        known_ids: dict[str, str],
        fuzz_cases: CaseCount,
        text: str,
        data: st.DataObject,
    ) -> None:
        """A document cut short or with an odd token inserted somewhere."""
        # Arrange
        sent = operation(text, known_ids, as_variables=data.draw(st.booleans()))
        damaged = data.draw(damaged_documents(sent.query), label="query")

        # Act / Assert
        await post_checked(
            client, db, fuzz_cases, query=damaged, variables=sent.variables
        )

    @examples(40)
    @given(query=crafted_documents, run_id=st.sampled_from(["known-run", "x"]))
    async def test_crafted_document_answers_errors_not_crashes(
        self,
        client: httpx.AsyncClient,
        db: Database,
        known_ids: dict[str, str],
        fuzz_cases: CaseCount,
        query: str,
        run_id: str,
    ) -> None:
        """Deep nesting, many aliases, fragment bombs, huge numbers, odd escapes."""
        # Arrange
        variables = {"id": known_ids.get(run_id, run_id)}

        # Act / Assert
        await post_checked(client, db, fuzz_cases, query=query, variables=variables)


class TestGeneratedHTTPRequests:
    @examples(60)
    @given(request=http_requests)
    async def test_random_request_answers_json_error_or_200(
        self,
        client: httpx.AsyncClient,
        db: Database,
        fuzz_cases: CaseCount,
        request: HTTPRequest,
    ) -> None:
        """Random methods, parameters, content types and bodies: 200 or a 4xx."""
        # Arrange
        before = await row_counts(db)

        # Act
        response = await client.request(
            request.method,
            "/graphql",
            params=request.params,
            headers=request.headers,
            content=request.body,
        )
        fuzz_cases.sent += 1
        event(f"status {response.status_code}")

        # Assert
        if _is_graphiql(request, response):
            return
        assert_safe_answer(response, sent=_text_of(request))
        assert await row_counts(db) == before


def _is_graphiql(request: HTTPRequest, response: httpx.Response) -> bool:
    """A browser's GET without a query is shown GraphiQL, an HTML page."""
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.headers.get("content-type", "").startswith("text/html")
    )


def _text_of(request: HTTPRequest) -> str:
    """Everything the client sent, as text a message could quote."""
    parts = [*request.params.items(), *request.headers.items()]
    return request.body.decode("utf-8", "replace") + repr(parts)
