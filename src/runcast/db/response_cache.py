"""Storing answers in the response cache and finding them by key."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from runcast.db.tables import CachedResponseRow
from runcast.domain.response_cache import Answer, CachedResponse
from runcast.domain.runs import Usage

__all__ = ["find_cached_responses", "store_cached_responses"]

_cache = CachedResponseRow.__table__  # type: ignore[attr-defined]
# look-ups by primary key, many in one statement: the whole hit path
_FIND = select(
    _cache.c.key,
    _cache.c.output,
    _cache.c.input_tokens,
    _cache.c.output_tokens,
    _cache.c.cost,
    _cache.c.latency_ms,
).where(_cache.c.key.in_(bindparam("keys", expanding=True)))
_KEYS_PER_STATEMENT = 500
"""Keys one look-up binds, well below every dialect's parameter limit."""
_REPLACED = (
    "request",
    "output",
    "input_tokens",
    "output_tokens",
    "cost",
    "latency_ms",
    "stored_at",
)


def _upsert(insert: Any) -> Any:
    statement = insert(_cache)
    return statement.on_conflict_do_update(
        index_elements=[_cache.c.key],
        set_={name: statement.excluded[name] for name in _REPLACED},
    )


# each answer replaces the one kept for its key, in every dialect's words
_STORE = {
    "postgresql": _upsert(postgresql.insert),
    "sqlite": _upsert(sqlite.insert),
}


def find_cached_responses(session: Session, keys: Sequence[str]) -> dict[str, Answer]:
    """The answers kept for the requests with these keys, by key (misses left out)."""
    connection = session.connection()
    unique = sorted(set(keys))
    found: dict[str, Answer] = {}
    for start in range(0, len(unique), _KEYS_PER_STATEMENT):
        chunk = unique[start : start + _KEYS_PER_STATEMENT]
        for row in connection.execute(_FIND, {"keys": chunk}):
            found[row.key] = Answer(
                output=row.output,
                usage=Usage(
                    input_tokens=row.input_tokens,
                    output_tokens=row.output_tokens,
                    cost=row.cost,
                ),
                latency_ms=row.latency_ms,
            )
    return found


def store_cached_responses(
    session: Session, responses: Sequence[CachedResponse], *, at: datetime
) -> None:
    """Keep these answers, each replacing any answer kept for its key.

    One statement whatever their number; of two answers with one key the
    later is kept. Rows are written in key order, so two transactions
    writing the same keys lock them in the same order (no deadlock).
    """
    by_key = {response.key: response for response in responses}
    if not by_key:
        return
    connection = session.connection()
    connection.execute(
        _STORE[connection.dialect.name],
        [_row(by_key[key], at) for key in sorted(by_key)],
    )


def _row(response: CachedResponse, at: datetime) -> dict[str, Any]:
    return {
        "key": response.key,
        "request": response.request,
        "output": response.output,
        "input_tokens": response.usage.input_tokens,
        "output_tokens": response.usage.output_tokens,
        "cost": response.usage.cost,
        "latency_ms": response.latency_ms,
        "stored_at": at,
    }
