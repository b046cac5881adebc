"""Automatic persisted queries: a client may send a query's hash instead of its text.

The protocol is Apollo's: a request whose ``extensions.persistedQuery`` holds
``{"version": 1, "sha256Hash": …}`` and no query is looked up by hash; a miss
answers ``PersistedQueryNotFound``, and the client sends the query again with
its hash, which registers it. The texts are kept in a cache bounded by count
and by total size, least recently used first out.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Mapping

from runcast.api.http_errors import RequestError

__all__ = ["PersistedQueries"]

_SHA256 = re.compile(r"[0-9a-f]{64}")


class PersistedQueries:
    """Query texts by their SHA-256, at most ``max_count`` of at most ``max_bytes``."""

    def __init__(self, *, max_count: int, max_bytes: int) -> None:
        self._max_count = max_count
        self._max_bytes = max_bytes
        self._queries: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._queries)

    @property
    def size_bytes(self) -> int:
        """UTF-8 bytes of the query texts held."""
        return self._bytes

    def resolve(
        self, query: str | None, extensions: Mapping[str, object] | None
    ) -> str | None:
        """The request's query text: sent with it, or found by its hash.

        Raises ``RequestError``: ``PersistedQueryNotFound`` (HTTP 200, as
        Apollo's link expects) for an unknown hash, a 400 for a hash that does
        not match the query sent with it or a malformed ``persistedQuery``.
        """
        persisted = (extensions or {}).get("persistedQuery")
        if persisted is None:
            return query
        sha256 = _sha256_of(persisted)
        if query is None:
            return self._find(sha256)
        if hashlib.sha256(query.encode()).hexdigest() != sha256:
            raise RequestError("provided sha does not match query")
        self._keep(sha256, query)
        return query

    def _find(self, sha256: str) -> str:
        query = self._queries.get(sha256)
        if query is None:
            raise RequestError(
                "PersistedQueryNotFound",
                status_code=200,
                code="PERSISTED_QUERY_NOT_FOUND",
            )
        self._queries.move_to_end(sha256)
        return query

    def _keep(self, sha256: str, query: str) -> None:
        size = len(query.encode())
        if sha256 in self._queries:
            self._queries.move_to_end(sha256)
            return
        if size > self._max_bytes:
            return
        self._queries[sha256] = query
        self._bytes += size
        while len(self._queries) > self._max_count or self._bytes > self._max_bytes:
            _, evicted = self._queries.popitem(last=False)
            self._bytes -= len(evicted.encode())


def _sha256_of(persisted: object) -> str:
    version = persisted.get("version") if isinstance(persisted, dict) else None
    if not isinstance(persisted, dict) or isinstance(version, bool) or version != 1:
        raise RequestError("persistedQuery must be an object with version 1")
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise RequestError("persistedQuery.sha256Hash must be a SHA-256 in hex")
    return sha256
