"""API tokens: who may call Runcast, and whether they may change anything."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "MAX_TOKEN_NAME",
    "Access",
    "ApiToken",
    "Caller",
    "IssuedToken",
    "TokenName",
    "issue_secret",
    "parse_secret",
    "secret_digest",
    "secrets_match",
]

TOKEN_PREFIX = "rct"
"""Every token starts ``rct_``, so a leaked one is easy to find and recognise."""

_ID_LENGTH = 12
MAX_TOKEN_NAME = 100

TokenName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TOKEN_NAME),
]


class Access(Enum):
    """What a caller may do: read only, or also change things."""

    READ_ONLY = "read_only"
    FULL = "full"

    @property
    def may_change(self) -> bool:
        """Whether mutations are allowed."""
        return self is Access.FULL


class ApiToken(BaseModel):
    """A stored token, without its secret: Runcast keeps only a digest of it."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="The token's id, also the start of its secret.")
    name: TokenName = Field(description="What the token is for, for people.")
    read_only: bool = Field(description="Whether the token may only read.")
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def access(self) -> Access:
        """What a caller holding this token may do."""
        return Access.READ_ONLY if self.read_only else Access.FULL


class Caller(BaseModel):
    """Who calls, as far as their token tells, and what they may do."""

    model_config = ConfigDict(frozen=True)

    access: Access
    token_name: str | None = Field(
        None,
        description="The stored token's name; null: none, or the shared one.",
    )


class IssuedToken(BaseModel):
    """A token just created: the only time its secret is known."""

    model_config = ConfigDict(frozen=True)

    token: ApiToken
    secret: str


def issue_secret() -> tuple[str, str]:
    """A new token id and the secret that carries it: ``rct_<id>_<random>``."""
    token_id = secrets.token_hex(_ID_LENGTH // 2)
    return token_id, f"{TOKEN_PREFIX}_{token_id}_{secrets.token_urlsafe(32)}"


def parse_secret(secret: str) -> str | None:
    """The token id a secret names, or None when it is not a Runcast token."""
    prefix, _, rest = secret.partition("_")
    token_id, _, random_part = rest.partition("_")
    if prefix != TOKEN_PREFIX or len(token_id) != _ID_LENGTH or not random_part:
        return None
    return token_id


def secret_digest(secret: str) -> str:
    """The digest stored for a secret (the secret has 256 random bits: no salt)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def secrets_match(presented: str, expected: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(presented.encode(), expected.encode())
