"""Query documents: refused past the size limits, cached within a byte budget."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from graphql import GraphQLError, get_introspection_query, parse

from runcast.api.documents import (
    MAX_NUMBER_LENGTH,
    CachedDocument,
    DocumentCache,
    has_more_tokens_than,
    query_size,
)
from runcast.api.schema import DOCUMENT_CACHE
from runcast.settings import Settings
from tests.conftest import GraphQLClient

HEALTHY = "{ experiments { totalCount } }"
GENERATED_OPERATIONS = (
    Path(__file__).resolve().parents[2] / "frontend" / "src" / "gql" / "gql.ts"
)


def web_app_operations() -> list[str]:
    """Every operation and fragment the web app sends, from its generated map."""
    source = GENERATED_OPERATIONS.read_text()
    documents = source.split("type Documents = {")[1].split("};")[0]
    return [
        json.loads(text)
        for text in re.findall(r'^\s*("(?:[^"\\]|\\.)*"):', documents, re.M)
    ]


class TestQueryLimits:
    async def test_query_over_max_bytes_is_refused_before_parsing(
        self, graphql: GraphQLClient
    ) -> None:
        """A 1 MB query gets QUERY_TOO_LARGE and is neither parsed nor cached."""
        # Arrange
        query = "{ experiments { totalCount } }" + " " * 1_000_000
        before = DOCUMENT_CACHE.info()

        # Act
        body = await graphql.execute(query)

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"] == {"code": "QUERY_TOO_LARGE"}
        assert error["message"] == "the query is larger than 65536 bytes"
        after = DOCUMENT_CACHE.info()
        assert (after.hits, after.misses) == (before.hits, before.misses)
        assert await graphql.data(HEALTHY) == {"experiments": {"totalCount": 0}}

    async def test_query_of_max_bytes_in_multibyte_characters_is_refused(
        self, graphql: GraphQLClient
    ) -> None:
        """The limit counts UTF-8 bytes, not characters."""
        # Arrange
        comment = "# " + "é" * 33_000 + "\n"

        # Act
        body = await graphql.execute(comment + HEALTHY)

        # Assert
        [error] = body["errors"]
        assert error["extensions"] == {"code": "QUERY_TOO_LARGE"}

    async def test_duplicate_selections_are_refused_by_the_token_limit(
        self, graphql: GraphQLClient
    ) -> None:
        """3,000 copies of one selection never reach validation."""
        # Arrange
        query = "{ experiments { " + "totalCount " * 3_000 + "} }"
        before = DOCUMENT_CACHE.info()

        # Act
        body = await graphql.execute(query)

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"] == {"code": "QUERY_TOO_LARGE"}
        assert error["message"] == "the query has more than 2000 tokens"
        after = DOCUMENT_CACHE.info()
        assert after.validations == before.validations
        assert await graphql.data(HEALTHY) == {"experiments": {"totalCount": 0}}

    @pytest.mark.parametrize(
        "literal", ["9" * 4_301, "9" * 101, "1." + "5" * 100, "-" + "9" * 5_000]
    )
    async def test_number_past_max_length_is_a_syntax_error(
        self, graphql: GraphQLClient, caplog: pytest.LogCaptureFixture, literal: str
    ) -> None:
        """An Int literal Python cannot read is refused, not an INTERNAL_ERROR."""
        # Arrange
        query = f"{{ experiments(first: {literal}) {{ totalCount }} }}"

        # Act
        body = await graphql.execute(query)

        # Assert
        assert body["data"] is None
        [error] = body["errors"]
        assert error["message"] == (
            f"Syntax Error: A number longer than {MAX_NUMBER_LENGTH} characters."
        )
        assert "extensions" not in error
        assert not [r for r in caplog.records if r.levelname == "ERROR"]
        assert await graphql.data(HEALTHY) == {"experiments": {"totalCount": 0}}

    async def test_number_of_max_length_reaches_validation(
        self, graphql: GraphQLClient
    ) -> None:
        """A 100-character Int is read, and refused as out of range."""
        # Arrange
        query = f"{{ experiments(first: {'9' * MAX_NUMBER_LENGTH}) {{ totalCount }} }}"

        # Act
        body = await graphql.execute(query)

        # Assert
        [error] = body["errors"]
        assert error["message"].startswith(
            "Int cannot represent non 32-bit signed integer value"
        )

    def test_introspection_and_web_app_operations_fit_the_limits(self) -> None:
        """GraphiQL's introspection and the web app's operations, all at once, fit."""
        # Arrange
        everything = get_introspection_query(descriptions=True) + "".join(
            web_app_operations()
        )
        settings = Settings()

        # Act
        size = query_size(everything)
        too_many_tokens = has_more_tokens_than(everything, settings.max_query_tokens)

        # Assert
        assert len(web_app_operations()) > 20
        assert size <= settings.max_query_bytes
        assert not too_many_tokens


class TestDocumentCache:
    async def test_distinct_large_queries_are_held_within_the_byte_budget(
        self, graphql: GraphQLClient
    ) -> None:
        """Forty distinct 60 KB queries leave at most the budget's bytes held."""
        # Arrange
        padding = " " * 60_000

        # Act
        for number in range(40):
            await graphql.data(f"query Q{number} {HEALTHY}{padding}")

        # Assert
        held = DOCUMENT_CACHE.info()
        assert held.bytes <= 512 * 1024
        assert held.documents <= 256

    def test_cache_drops_the_least_recently_used_past_its_count(self) -> None:
        """Past its count the cache forgets the document used longest ago."""
        # Arrange
        cache = DocumentCache(max_documents=2, max_bytes=1_000)
        for key in ("a", "b"):
            cache.add(key, CachedDocument(parse(HEALTHY), size=10))
        cache.get("a")

        # Act
        cache.add("c", CachedDocument(parse(HEALTHY), size=10))

        # Assert
        assert cache.get("b") is None
        assert cache.get("a") is not None
        assert cache.info().documents == 2

    def test_cache_drops_documents_past_its_bytes(self) -> None:
        """Past its byte budget the cache drops old documents to make room."""
        # Arrange
        cache = DocumentCache(max_documents=100, max_bytes=100)
        for key in ("a", "b", "c"):
            cache.add(key, CachedDocument(parse(HEALTHY), size=40))

        # Act
        info = cache.info()

        # Assert
        assert (info.documents, info.bytes) == (2, 80)
        assert cache.get("a") is None

    def test_cache_never_holds_a_document_larger_than_its_budget(self) -> None:
        """A document bigger than the whole budget is not kept at all."""
        # Arrange
        cache = DocumentCache(max_documents=100, max_bytes=100)
        cache.add("small", CachedDocument(parse(HEALTHY), size=10))

        # Act
        cache.add("huge", CachedDocument(parse(HEALTHY), size=101))

        # Assert
        assert cache.get("huge") is None
        assert cache.info().bytes == 10

    def test_validation_errors_are_kept_with_their_document(self) -> None:
        """A document's errors are recorded once and counted as a validation."""
        # Arrange
        cache = DocumentCache(max_documents=10, max_bytes=1_000)
        cached = CachedDocument(parse(HEALTHY), size=10)
        cache.add("q", cached)
        errors = [GraphQLError("nope")]

        # Act
        cache.validated(cached, errors)

        # Assert
        found = cache.get("q")
        assert found is not None
        assert found.errors == errors
        assert cache.info().validations == 1


class TestIntrospectionSwitch:
    @pytest.fixture
    def settings(self, database_url: str) -> Settings:
        """Settings with introspection switched off."""
        return Settings(
            database_url=database_url,
            workers=0,
            simulated_token_delay=0,
            introspection=False,
        )

    async def test_schema_query_is_refused_when_introspection_is_off(
        self, graphql: GraphQLClient
    ) -> None:
        """`__schema` gets INTROSPECTION_DISABLED; other queries are answered."""
        # Act
        body = await graphql.execute("{ __schema { queryType { name } } }")

        # Assert
        assert body["data"] is None
        codes = {error["extensions"]["code"] for error in body["errors"]}
        assert codes == {"INTROSPECTION_DISABLED"}
        assert await graphql.data(HEALTHY) == {"experiments": {"totalCount": 0}}

    async def test_type_query_is_refused_when_introspection_is_off(
        self, graphql: GraphQLClient
    ) -> None:
        """`__type` is refused as well; `__typename` is not introspection."""
        # Act
        body = await graphql.execute('{ __type(name: "Run") { name } }')
        typename = await graphql.data("{ __typename }")

        # Assert
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
        assert typename == {"__typename": "Query"}

    async def test_repeated_query_is_validated_once_without_introspection(
        self, graphql: GraphQLClient
    ) -> None:
        """The switch keeps the validation cache hitting."""
        # Arrange
        query = "{ runs(first: 1) { totalCount } }"
        await graphql.data(query)
        before = DOCUMENT_CACHE.info()

        # Act
        await graphql.data(query)

        # Assert
        after = DOCUMENT_CACHE.info()
        assert after.validations == before.validations
        assert after.hits == before.hits + 1
