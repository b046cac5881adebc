"""Persistence: SQLModel tables, the database handle, repositories, migrations."""

from runcast.db.database import Database
from runcast.db.migrate import upgrade_database

__all__ = ["Database", "upgrade_database"]
