"""Keyset pagination of newest-first rows by ``(created_at, id)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from runcast.db.database import connection_of
from runcast.domain.pagination import Page, PageCursor, PageRequest

__all__ = ["fetch_page"]

Model = TypeVar("Model")


def fetch_page(
    source: Session | Connection,
    statement: Select[Any],
    *,
    table: Any,
    request: PageRequest,
    to_domain: Callable[[Row[Any]], Model],
) -> Page[Model]:
    """Return the page of ``statement``'s rows that ``request`` asks for.

    ``statement`` selects columns (Core), not ORM entities: each row reaches
    ``to_domain`` as it came from the database. It is executed on the
    session's connection, past the ORM's execution layer, which cost a
    fifth of a page's read.
    """
    connection = connection_of(source)
    total = connection.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    )
    if request.after is not None:
        statement = statement.where(_after(table, request.after))
    statement = statement.order_by(table.created_at.desc(), table.id.desc())
    rows = list(connection.execute(statement.limit(request.first + 1)).all())
    has_next_page = len(rows) > request.first
    rows = rows[: request.first]
    return Page[Model](
        items=[to_domain(row) for row in rows],
        cursors=[
            PageCursor(created_at=row.created_at, id=row.id).encode() for row in rows
        ],
        has_next_page=has_next_page,
        total_count=total or 0,
    )


def _after(table: Any, cursor: PageCursor) -> Any:
    return or_(
        table.created_at < cursor.created_at,
        and_(table.created_at == cursor.created_at, table.id < cursor.id),
    )
