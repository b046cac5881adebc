"""Keyset pagination: pages of newest-first items and the cursors between them."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Generic, TypeVar

from pydantic import AwareDatetime, BaseModel

from runcast.domain.errors import ValidationError

__all__ = [
    "MAX_PAGE_SIZE",
    "Page",
    "PageCursor",
    "PageRequest",
    "page_size",
    "parse_position_cursor",
]

MAX_PAGE_SIZE = 100

T = TypeVar("T")


class PageCursor(BaseModel):
    """The position after an item: its creation time, then its id to break ties."""

    created_at: AwareDatetime
    id: str

    def encode(self) -> str:
        """Return the opaque string clients pass back as ``after``."""
        raw = f"{self.created_at.isoformat()}|{self.id}"
        return base64.urlsafe_b64encode(raw.encode()).decode()

    @classmethod
    def decode(cls, cursor: str) -> PageCursor:
        """Parse a string made by ``encode``; anything else is a validation error."""
        try:
            raw = base64.urlsafe_b64decode(cursor.encode()).decode()
            created_at, id = raw.split("|", 1)
            position = cls(created_at=datetime.fromisoformat(created_at), id=id)
            # the database compares in UTC, and not every offset time has one
            position.created_at = position.created_at.astimezone(UTC)
            return position
        except (binascii.Error, UnicodeError, ValueError, OverflowError) as error:
            raise ValidationError(
                f"{cursor!r} is not a page cursor", field="after"
            ) from error


class PageRequest(BaseModel):
    """Which page a client asks for: at most ``first`` items after ``after``."""

    first: int
    after: PageCursor | None

    @classmethod
    def parse(cls, *, first: int | None, after: str | None) -> PageRequest:
        """Validate a client's ``first``/``after`` arguments."""
        return cls(
            first=page_size(first),
            after=None if after is None else PageCursor.decode(after),
        )


def page_size(first: int | None) -> int:
    """Return how many items a page of at most ``first`` holds (None: the most)."""
    size = MAX_PAGE_SIZE if first is None else first
    if not 0 <= size <= MAX_PAGE_SIZE:
        raise ValidationError(
            f"first must be between 0 and {MAX_PAGE_SIZE}, got {size}", field="first"
        )
    return size


def parse_position_cursor(cursor: str | None) -> int:
    """Return the position a cursor of a positional list names (-1: before all)."""
    if cursor is None:
        return -1
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 9:
        raise ValidationError(f"{cursor!r} is not a cursor of this list", field="after")
    return int(cursor)


class Page(BaseModel, Generic[T]):
    """Items in order, with what a client needs to ask for the next page."""

    items: list[T]
    cursors: list[str]
    has_next_page: bool
    total_count: int
