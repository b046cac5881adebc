"""Alembic environment: runs migrations over Runcast's async engine.

Each migration runs in a transaction of its own, with the bump of
``alembic_version``: a migration interrupted at any point (a crash, kill -9)
leaves the database at the revision before it, and the next upgrade goes on
from there. PostgreSQL's DDL is transactional anyway; on SQLite the driver
is made to begin real transactions around DDL too.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from runcast.db.database import begin_sqlite_transactions
from runcast.db.tables import metadata


def _run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transactional_ddl=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_async_engine(context.config.get_main_option("sqlalchemy.url", ""))
    if engine.dialect.name == "sqlite":
        begin_sqlite_transactions(engine.sync_engine, immediate=True)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_migrations)
    finally:
        await engine.dispose()


asyncio.run(_run_online())
