"""A repeated document is validated once, whatever its variables."""

from __future__ import annotations

from runcast.api.schema import DOCUMENT_CACHE
from tests.conftest import GraphQLClient

RUN_QUERY = "query ($id: ID!) { run(id: $id) { id status progress { total } } }"


class TestValidationCache:
    async def test_repeated_query_is_validated_once(
        self, graphql: GraphQLClient
    ) -> None:
        """The second and later requests of one document hit the cache."""
        await graphql.execute(RUN_QUERY, {"id": "warm-up"})
        before = DOCUMENT_CACHE.info()

        for number in range(5):
            body = await graphql.execute(RUN_QUERY, {"id": f"run-{number}"})
            assert body == {"data": {"run": None}}

        after = DOCUMENT_CACHE.info()
        assert after.validations == before.validations
        assert after.hits == before.hits + 5

    async def test_new_document_is_validated(self, graphql: GraphQLClient) -> None:
        """A document not seen before is validated, so limits still apply."""
        before = DOCUMENT_CACHE.info()

        await graphql.execute("{ experiments(first: 1) { totalCount } }")

        assert DOCUMENT_CACHE.info().validations == before.validations + 1
