"""The SQLite bus's signal: a cheap check of the file's version, on the loop."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path

import pytest

from runcast.events.sqlite_bus import DataVersionSignal

GUARD_SECONDS = 30
"""A guard against a signal that never comes, not a synchronisation."""


@pytest.fixture
def database_file(tmp_path: Path) -> str:
    """A SQLite file in WAL mode, as Runcast keeps its database."""
    path = tmp_path / "runcast.db"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE notes (text TEXT)")
    return str(path)


def commit_from_elsewhere(path: str) -> None:
    """One write by another connection, as another process would make it."""
    with contextlib.closing(sqlite3.connect(path)) as other:
        other.execute("INSERT INTO notes VALUES ('x')")
        other.commit()


class TestDataVersionSignal:
    async def test_a_commit_by_another_connection_is_signalled(
        self, database_file: str
    ) -> None:
        changes = DataVersionSignal(database_file, check_interval=0.005).changes()
        pending = asyncio.ensure_future(anext(changes))
        await asyncio.sleep(0)  # one step: the version to compare with is read
        assert not pending.done()

        commit_from_elsewhere(database_file)

        async with asyncio.timeout(GUARD_SECONDS):
            await pending
        await changes.aclose()

    async def test_an_in_memory_database_is_never_signalled(self) -> None:
        """No other process can share it: the signal ends at once."""
        signal = DataVersionSignal(":memory:", check_interval=0.005)

        assert [change async for change in signal.changes()] == []
