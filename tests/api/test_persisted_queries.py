"""The persisted-query cache: bounded by count and by bytes, least recent out first."""

from __future__ import annotations

import hashlib

import pytest

from runcast.api.http_errors import RequestError
from runcast.api.persisted_queries import PersistedQueries


def register(cache: PersistedQueries, query: str) -> None:
    sha256 = hashlib.sha256(query.encode()).hexdigest()
    cache.resolve(query, {"persistedQuery": {"version": 1, "sha256Hash": sha256}})


def is_kept(cache: PersistedQueries, query: str) -> bool:
    sha256 = hashlib.sha256(query.encode()).hexdigest()
    try:
        cache.resolve(None, {"persistedQuery": {"version": 1, "sha256Hash": sha256}})
    except RequestError as error:
        if error.code == "PERSISTED_QUERY_NOT_FOUND":
            return False
        raise
    return True


class TestPersistedQueries:
    def test_past_the_count_the_least_recently_used_query_goes(self) -> None:
        """A query looked up recently outlives one that was not."""
        # Arrange
        cache = PersistedQueries(max_count=2, max_bytes=1000)
        register(cache, "{ a }")
        register(cache, "{ b }")
        assert is_kept(cache, "{ a }")

        # Act
        register(cache, "{ c }")

        # Assert
        assert len(cache) == 2
        assert not is_kept(cache, "{ b }")
        assert is_kept(cache, "{ a }")
        assert is_kept(cache, "{ c }")

    def test_past_the_bytes_the_oldest_queries_go(self) -> None:
        """The texts held never add up to more than the byte limit."""
        # Arrange
        cache = PersistedQueries(max_count=100, max_bytes=25)
        queries = [f"{{ field{n} }}" for n in range(5)]  # 10 bytes each

        # Act
        for query in queries:
            register(cache, query)

        # Assert
        assert cache.size_bytes == 20
        assert [is_kept(cache, query) for query in queries] == [
            False,
            False,
            False,
            True,
            True,
        ]

    def test_query_larger_than_the_cache_is_served_but_not_kept(self) -> None:
        """One huge query cannot empty the cache."""
        # Arrange
        cache = PersistedQueries(max_count=10, max_bytes=100)
        register(cache, "{ small }")
        huge = "{ " + "x" * 200 + " }"

        # Act
        register(cache, huge)

        # Assert
        assert not is_kept(cache, huge)
        assert is_kept(cache, "{ small }")
        assert cache.size_bytes == len("{ small }")

    @pytest.mark.parametrize("query", ["{ a }", None])
    def test_request_without_persisted_query_is_left_alone(
        self, query: str | None
    ) -> None:
        """Only requests naming a persisted query touch the cache."""
        # Arrange
        cache = PersistedQueries(max_count=10, max_bytes=100)

        # Act
        resolved = cache.resolve(query, {"other": "extension"})

        # Assert
        assert resolved == query
        assert len(cache) == 0
