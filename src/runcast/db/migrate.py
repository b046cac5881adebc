"""Schema migrations with Alembic, run from code (``runcast migrate``)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL, make_url

from runcast.db.database import ensure_sqlite_folder

__all__ = ["alembic_config", "upgrade_database"]


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
    ensure_sqlite_folder(make_url(url))
    command.upgrade(alembic_config(url), "head")
