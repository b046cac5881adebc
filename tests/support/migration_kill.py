"""`runcast migrate` killed with SIGKILL at every statement of a first migration.

Run as a script: ``python migration_kill.py FOLDER``. For every point of a
migration (before and after each statement it sends to the database, in
turn) it starts a real `runcast migrate` process on a new SQLite file in
``FOLDER``, and that process SIGKILLs itself when it reaches the point. It
stops once a process migrates without reaching its point, and prints, as
JSON, the killed processes (each one's database file and point) and the
number of statements a whole migration sent.

The processes are forked from this one after it imported Runcast's server
commands, so each costs a migration, not an interpreter start and imports.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, event

import runcast.cli.server_commands  # noqa: F401  # what `migrate` imports, loaded once
from runcast.cli import main

Moment = Literal["before", "after"]


def kill_at(statement: int, moment: Moment) -> None:
    """SIGKILL this process before or after its ``statement``-th statement."""
    sent = 0

    def before(*_arguments: Any) -> None:
        nonlocal sent
        sent += 1
        if moment == "before" and sent == statement:
            os.kill(os.getpid(), signal.SIGKILL)

    def after(*_arguments: Any) -> None:
        if moment == "after" and sent == statement:
            os.kill(os.getpid(), signal.SIGKILL)

    event.listen(Engine, "before_cursor_execute", before)
    event.listen(Engine, "after_cursor_execute", after)


def migrate_until_killed(database_file: Path, statement: int, moment: Moment) -> bool:
    """Fork `runcast migrate` on ``database_file``, to die at the point given.

    Return whether it died of SIGKILL (False: it migrated without reaching
    the point).
    """
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:  # pragma: no cover - the forked process ends in os._exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.environ["RUNCAST_DATABASE_URL"] = f"sqlite+aiosqlite:///{database_file}"
        os.environ["RUNCAST_LOG_LEVEL"] = "warning"
        kill_at(statement, moment)
        os._exit(main(["migrate"]))
    _, status = os.waitpid(child, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        return True
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return False
    raise RuntimeError(f"runcast migrate on {database_file} ended with {status}")


def kill_at_every_statement(folder: Path) -> dict[str, Any]:
    """Kill a migration at each point in turn, one database file per point."""
    folder.mkdir(parents=True, exist_ok=True)
    crashes: list[dict[str, Any]] = []
    statements = 0
    for moment in ("before", "after"):
        statement = 1
        while True:
            database_file = folder / f"{moment}-{statement}.db"
            if not migrate_until_killed(database_file, statement, moment):
                statements = statement - 1
                break
            crashes.append(
                {"file": str(database_file), "point": f"{moment} {statement}"}
            )
            statement += 1
    return {"crashes": crashes, "statements": statements}


if __name__ == "__main__":
    print(json.dumps(kill_at_every_statement(Path(sys.argv[1]))))
