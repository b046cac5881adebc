"""Which of a run's items a page shows, in which order, and where it resumes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from runcast.domain.errors import ValidationError
from runcast.domain.runs import ItemStatus, Outcome

__all__ = [
    "FAILING_OUTCOMES",
    "MAX_ITEM_SEARCH_LENGTH",
    "ItemCursor",
    "ItemFilter",
    "ItemOrder",
    "check_item_cursor",
]

MAX_ITEM_SEARCH_LENGTH = 1_000
"""The longest text a search of items' outputs may look for."""

FAILING_OUTCOMES = frozenset({Outcome.FAILED_ASSERTIONS, Outcome.ERRORED})
"""The outcomes of items that finished without passing: what "failing" means."""

_NULL = "-"
_MAX_CURSOR_LENGTH = 64


class ItemOrder(StrEnum):
    """How a run's items are ordered; ties, and items without a value, by index.

    Items without a score or a latency (not finished, errored) come last
    whichever the direction.
    """

    INDEX = "index"
    SCORE_ASC = "score_asc"
    SCORE_DESC = "score_desc"
    LATENCY_ASC = "latency_asc"
    LATENCY_DESC = "latency_desc"

    @property
    def sort_key(self) -> str | None:
        """The item field ordered on before the index; None: the index alone."""
        return None if self is ItemOrder.INDEX else self.value.rsplit("_", 1)[0]

    @property
    def descending(self) -> bool:
        """Whether higher values come first."""
        return self.value.endswith("_desc")


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """Which items a page holds: every condition given must hold."""

    status: ItemStatus | None = None
    outcome: Outcome | None = None
    failing: bool = False
    search: str | None = None

    def __post_init__(self) -> None:
        if self.search is not None and len(self.search) > MAX_ITEM_SEARCH_LENGTH:
            raise ValidationError(
                f"a search has at most {MAX_ITEM_SEARCH_LENGTH} characters, "
                f"got {len(self.search)}",
                field="search",
            )


@dataclass(frozen=True, slots=True)
class ItemCursor:
    """The position after an item: its index, and in a sorted list its value.

    In dataset order a cursor is the index (``"41"``); in a sorted one the
    value, then the index (``"0.5:41"``, ``"-:41"`` for an item without one).
    """

    index: int
    sorted: bool = False
    value: float | None = None

    def encode(self) -> str:
        """The string clients pass back as ``after``."""
        if not self.sorted:
            return str(self.index)
        value = _NULL if self.value is None else repr(self.value)
        return f"{value}:{self.index}"

    @classmethod
    def decode(cls, cursor: str | None, *, order: ItemOrder) -> ItemCursor | None:
        """Parse a cursor of a list in ``order``; anything else is refused."""
        if cursor is None:
            return None
        parsed = _parse(cursor)
        if parsed is None or parsed.sorted != (order is not ItemOrder.INDEX):
            raise ValidationError(
                f"{cursor!r} is not a cursor of this list", field="after"
            )
        return parsed


def check_item_cursor(cursor: str | None) -> None:
    """Refuse a string that is no item cursor of any order."""
    if cursor is not None and _parse(cursor) is None:
        raise ValidationError(f"{cursor!r} is not a cursor of this list", field="after")


def _parse(cursor: str) -> ItemCursor | None:
    value, colon, index = cursor.rpartition(":")
    if not (
        cursor.isascii()
        and len(cursor) <= _MAX_CURSOR_LENGTH
        and index.isdigit()
        and len(index) <= 9
    ):
        return None
    if not colon:
        return ItemCursor(index=int(index))
    try:
        return ItemCursor(index=int(index), sorted=True, value=_sorted_value(value))
    except ValueError:
        return None


def _sorted_value(text: str) -> float | None:
    """The value a sorted cursor holds; ValueError unless a finite number or null."""
    if text == _NULL:
        return None
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number
