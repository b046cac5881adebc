"""A repeated document is validated once, whatever its variables."""

from __future__ import annotations

from strawberry.extensions.validation_cache import _get_validate_cache

from runcast.api.schema import VALIDATION_CACHE_SIZE
from tests.conftest import GraphQLClient

RUN_QUERY = "query ($id: ID!) { run(id: $id) { id status progress { total } } }"


class TestValidationCache:
    async def test_repeated_query_is_validated_once(
        self, graphql: GraphQLClient
    ) -> None:
        """The second and later requests of one document hit the cache."""
        cache = _get_validate_cache(VALIDATION_CACHE_SIZE)
        await graphql.execute(RUN_QUERY, {"id": "warm-up"})
        before = cache.cache_info()

        for number in range(5):
            body = await graphql.execute(RUN_QUERY, {"id": f"run-{number}"})
            assert body == {"data": {"run": None}}

        after = cache.cache_info()
        assert after.misses == before.misses
        assert after.hits == before.hits + 5

    async def test_new_document_is_validated(self, graphql: GraphQLClient) -> None:
        """A document not seen before is validated, so limits still apply."""
        cache = _get_validate_cache(VALIDATION_CACHE_SIZE)
        before = cache.cache_info()

        await graphql.execute("{ experiments(first: 1) { totalCount } }")

        assert cache.cache_info().misses == before.misses + 1
