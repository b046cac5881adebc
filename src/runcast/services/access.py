"""Who may call Runcast: API tokens, and the access the one presented grants."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from cachetools import TTLCache

from runcast.db import tokens as token_store
from runcast.db.database import Database
from runcast.db.types import utc_now
from runcast.domain.errors import NotFoundError
from runcast.domain.tokens import (
    Access,
    ApiToken,
    Caller,
    IssuedToken,
    issue_secret,
    parse_secret,
    secret_digest,
    secrets_match,
)

__all__ = ["AccessControl"]

_REMEMBERED_SECRETS = 4096
_ANYONE = Caller(access=Access.FULL)
"""A caller with full access and no named token."""


class AccessControl:
    """Issues and revokes tokens, and tells what a presented secret may do.

    Authentication is required once any token exists: the shared one from
    the settings, or one stored in the database. Until then every caller has
    full access (the server refuses to listen beyond loopback without a
    token unless told it is insecure). Answers are remembered for
    ``cache_seconds``, so a revoked token stops working within that time,
    and checking a secret costs a database read at most that often.
    """

    def __init__(
        self,
        *,
        database: Database,
        shared_token: str | None = None,
        cache_seconds: float = 5,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._database = database
        self._shared_token = shared_token
        self._clock = clock
        self._callers: TTLCache[str, Caller | None] = TTLCache(
            maxsize=_REMEMBERED_SECRETS, ttl=cache_seconds
        )
        self._cache_seconds = cache_seconds
        self._stored_tokens: int | None = None
        self._stored_tokens_until = 0.0

    async def is_required(self) -> bool:
        """Whether callers must present a token."""
        if self._shared_token is not None:
            return True
        count = self._stored_tokens
        if count is None or time.monotonic() >= self._stored_tokens_until:
            count = await self._database.read(token_store.count_live_tokens)
            self._stored_tokens = count
            self._stored_tokens_until = time.monotonic() + self._cache_seconds
        return count > 0

    async def authenticate(self, secret: str | None) -> Caller | None:
        """Who presents ``secret`` and what they may do; None: nothing at all."""
        if not await self.is_required():
            return _ANYONE
        if not secret:
            return None
        digest = secret_digest(secret)
        if digest in self._callers:
            return self._callers[digest]
        caller = await self._check(secret, digest)
        self._callers[digest] = caller
        return caller

    async def create_token(self, *, name: str, read_only: bool = False) -> IssuedToken:
        """Store a new token and return it with its secret, shown this once."""
        token_id, secret = issue_secret()
        token = ApiToken(
            id=token_id, name=name, read_only=read_only, created_at=self._clock()
        )
        await self._database.write(
            lambda session: token_store.save_token(
                session, token, digest=secret_digest(secret)
            )
        )
        self._forget()
        return IssuedToken(token=token, secret=secret)

    async def list_tokens(self) -> list[ApiToken]:
        """The live tokens, oldest first."""
        return await self._database.read(token_store.list_tokens)

    async def revoke_token(self, id_or_name: str) -> ApiToken:
        """Revoke the live token with this id or name."""
        now = self._clock()
        token = await self._database.write(
            lambda session: token_store.revoke_token(session, id_or_name, at=now)
        )
        if token is None:
            raise NotFoundError("token", id_or_name)
        self._forget()
        return token

    async def _check(self, secret: str, digest: str) -> Caller | None:
        if self._shared_token is not None and secrets_match(secret, self._shared_token):
            return _ANYONE
        token_id = parse_secret(secret)
        if token_id is None:
            return None
        found = await self._database.read(
            lambda session: token_store.find_token(session, token_id)
        )
        if found is None:
            return None
        token, stored_digest = found
        if not secrets_match(digest, stored_digest):
            return None
        return Caller(access=token.access, token_name=token.name)

    def _forget(self) -> None:
        self._callers.clear()
        self._stored_tokens = None
