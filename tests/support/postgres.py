"""Throw-away PostgreSQL databases for tests, cloned from one migrated template.

The server is ``RUNCAST_TEST_POSTGRES_URL`` (by default the machine's own, at
127.0.0.1:5432, database ``test``). The template is created and migrated once
per test session; each test gets ``CREATE DATABASE … TEMPLATE`` of it (a file
copy, much faster than migrating) and drops it afterwards. When the server
cannot be reached the tests that need it are skipped, with the reason, except
under ``CI=true``, where they fail.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import URL, make_url

from runcast.db.migrate import upgrade_database

__all__ = ["PostgresServer", "fresh_database", "postgres_url"]

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
START_COMMAND = (
    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
)
CONNECT_TIMEOUT = 5.0


def postgres_url() -> URL:
    """The server tests use, as a SQLAlchemy URL to its admin database."""
    return make_url(os.environ.get("RUNCAST_TEST_POSTGRES_URL", DEFAULT_URL))


class PostgresServer:
    """One PostgreSQL server: a migrated template and databases cloned from it."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self._template = f"runcast_template_{uuid.uuid4().hex[:12]}"
        self._ready = False

    async def _admin(self) -> asyncpg.Connection:
        return await asyncpg.connect(
            host=self.url.host,
            port=self.url.port,
            user=self.url.username,
            password=self.url.password,
            database=self.url.database,
            timeout=CONNECT_TIMEOUT,
        )

    async def require(self) -> None:
        """Skip (fail under CI) unless the server answers; migrate the template."""
        if self._ready:
            return
        try:
            admin = await self._admin()
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            reason = (
                f"PostgreSQL is not reachable at {self.url.host}:{self.url.port}"
                f" ({error}); start it with: {START_COMMAND}"
            )
            if os.environ.get("CI") == "true":
                pytest.fail(reason)
            pytest.skip(reason)
        try:
            await admin.execute(f'CREATE DATABASE "{self._template}"')
        finally:
            await admin.close()
        await asyncio.to_thread(upgrade_database, self._url_of(self._template))
        self._ready = True

    @asynccontextmanager
    async def database(self, *, migrated: bool = True) -> AsyncIterator[URL]:
        """A fresh database of its own, dropped when the block ends.

        It is a copy of the migrated template, or empty if not ``migrated``.
        """
        await self.require()
        name = f"runcast_test_{uuid.uuid4().hex[:12]}"
        template = f' TEMPLATE "{self._template}"' if migrated else ""
        admin = await self._admin()
        try:
            await admin.execute(f'CREATE DATABASE "{name}"{template}')
        finally:
            await admin.close()
        try:
            yield self._url_of(name)
        finally:
            await self._drop(name)

    async def close(self) -> None:
        """Drop the template."""
        if self._ready:
            await self._drop(self._template)

    async def _drop(self, name: str) -> None:
        admin = await self._admin()
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    def _url_of(self, database: str) -> URL:
        return self.url.set(database=database)


@asynccontextmanager
async def fresh_database(
    kind: str, *, sqlite_file: Path, postgres: PostgresServer, migrated: bool = True
) -> AsyncIterator[str]:
    """The URL of a database of its own: the SQLite file, or one on ``postgres``.

    The SQLite file does not exist yet; a PostgreSQL database is migrated
    unless not ``migrated``, and dropped when the block ends.
    """
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{sqlite_file}"
        return
    async with postgres.database(migrated=migrated) as url:
        yield url.render_as_string(hide_password=False)
