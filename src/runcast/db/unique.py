"""Writing a row that a unique key may refuse, without losing the transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

__all__ = ["add_unique"]


def add_unique(
    session: Session, row: SQLModel, *, taken: Callable[[], Exception]
) -> None:
    """Add and flush ``row`` in a savepoint; raise ``taken()`` if a unique key
    refuses it. The rest of the transaction stays usable either way."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as error:
        raise taken() from error
