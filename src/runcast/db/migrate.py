"""Schema migrations with Alembic, run from code (``runcast migrate``)."""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError

from runcast.db.database import (
    Database,
    DatabaseUnavailableError,
    ensure_sqlite_folder,
    first_line,
)

__all__ = [
    "DatabaseNotReadyError",
    "alembic_config",
    "check_database",
    "upgrade_database",
]


class DatabaseNotReadyError(Exception):
    """The database cannot be reached, or is not at Runcast's latest migration."""


def alembic_config(url: str | URL) -> Config:
    """Return an Alembic config for Runcast's migrations against ``url``."""
    config = Config()
    config.set_main_option("script_location", "runcast.db:migrations")
    rendered = (
        url if isinstance(url, str) else url.render_as_string(hide_password=False)
    )
    config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


def upgrade_database(url: str | URL) -> None:
    """Bring the database at ``url`` up to the latest schema.

    Runs its own event loop, so call it from synchronous code (or a thread).
    """
    url = make_url(url)
    ensure_sqlite_folder(url)
    try:
        command.upgrade(alembic_config(url), "head")
    except (OSError, TimeoutError, DBAPIError) as error:
        where = url.render_as_string(hide_password=True)
        raise DatabaseNotReadyError(
            f"cannot migrate the database at {where}: {first_line(error)}"
        ) from error


async def check_database(database: Database) -> None:
    """Raise ``DatabaseNotReadyError`` unless the database answers and is migrated."""
    where = database.url.render_as_string(hide_password=True)
    try:
        current = await database.run_on_connection(_current_revision)
    except DatabaseUnavailableError as error:
        raise DatabaseNotReadyError(
            f"cannot reach the database at {where}: {error}"
        ) from error
    head = ScriptDirectory.from_config(alembic_config(database.url)).get_current_head()
    if current != head:
        raise DatabaseNotReadyError(
            f"the database at {where} is at migration {current or 'none'}, "
            f"this Runcast needs {head}: run `runcast migrate`"
        )


def _current_revision(connection: Connection) -> str | None:
    # a look, not a migration: keep Alembic's "will assume…" line out of the log
    log = logging.getLogger("alembic.runtime.migration")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        return MigrationContext.configure(connection).get_current_revision()
    finally:
        log.setLevel(level)
