"""Storing API tokens: a digest of each secret, never the secret itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from runcast.db.tables import ApiTokenRow
from runcast.db.unique import add_unique
from runcast.domain.errors import ConflictError
from runcast.domain.tokens import ApiToken

__all__ = [
    "count_live_tokens",
    "find_token",
    "list_tokens",
    "revoke_token",
    "save_token",
]


def save_token(session: Session, token: ApiToken, *, digest: str) -> None:
    """Store a new token; a live token with the same name is a conflict."""
    add_unique(
        session,
        ApiTokenRow(**token.model_dump(), digest=digest),
        taken=lambda: ConflictError(
            f"a token named {token.name!r} already exists", field="name"
        ),
    )


def find_token(session: Session, token_id: str) -> tuple[ApiToken, str] | None:
    """The live token with this id and the digest of its secret."""
    row = session.get(ApiTokenRow, token_id)
    if row is None or row.revoked_at is not None:
        return None
    return _to_domain(row), row.digest


def list_tokens(session: Session, *, include_revoked: bool = False) -> list[ApiToken]:
    """Every token, oldest first."""
    statement = select(ApiTokenRow).order_by(col(ApiTokenRow.created_at))
    if not include_revoked:
        statement = statement.where(col(ApiTokenRow.revoked_at).is_(None))
    return [_to_domain(row) for row in session.scalars(statement)]


def revoke_token(session: Session, id_or_name: str, *, at: datetime) -> ApiToken | None:
    """Revoke the live token with this id or name; None when there is none."""
    row = session.scalars(
        select(ApiTokenRow).where(
            col(ApiTokenRow.revoked_at).is_(None),
            or_(col(ApiTokenRow.id) == id_or_name, col(ApiTokenRow.name) == id_or_name),
        )
    ).first()
    if row is None:
        return None
    row.revoked_at = at
    session.add(row)
    session.flush()
    return _to_domain(row)


def count_live_tokens(session: Session) -> int:
    """How many tokens are not revoked."""
    statement = select(func.count()).where(col(ApiTokenRow.revoked_at).is_(None))
    return session.scalars(statement.select_from(ApiTokenRow)).one()


def _to_domain(row: ApiTokenRow) -> ApiToken:
    return ApiToken.model_validate(row, from_attributes=True)
