"""Cursor connections: every list in the API is one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Generic, TypeVar

import strawberry

from runcast.api.argument_checks import checked_argument
from runcast.domain.item_pages import check_item_cursor
from runcast.domain.pagination import (
    MAX_PAGE_SIZE,
    Page,
    PageCursor,
    page_size,
    parse_position_cursor,
)

__all__ = [
    "Connection",
    "Edge",
    "ItemAfter",
    "PageAfter",
    "PageInfo",
    "PageSize",
    "PositionAfter",
    "connection_from_page",
]


def _check_page_cursor(cursor: str | None) -> None:
    if cursor is not None:
        PageCursor.decode(cursor)


PageSize = Annotated[
    int | None,
    checked_argument(
        page_size,
        description=(
            f"At most this many items, 0 to {MAX_PAGE_SIZE}; "
            f"null or left out: {MAX_PAGE_SIZE}."
        ),
    ),
]
"""The ``first`` argument of a list: checked before the request executes."""

PageAfter = Annotated[
    str | None,
    checked_argument(
        _check_page_cursor,
        description="Start after this edge `cursor` of the list; null: from the start.",
    ),
]
"""The ``after`` argument of a newest-first list."""

PositionAfter = Annotated[
    str | None,
    checked_argument(
        parse_position_cursor,
        description="Start after this edge `cursor` of the list; null: from the start.",
    ),
]
"""The ``after`` argument of a list in dataset order."""

ItemAfter = Annotated[
    str | None,
    checked_argument(
        check_item_cursor,
        description=(
            "Start after this edge `cursor` of the list, read in the same "
            "`orderBy`; null: from the start."
        ),
    ),
]
"""The ``after`` argument of a run's items, in dataset or a sorted order."""

Node = TypeVar("Node")
Item = TypeVar("Item")


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="Whether items follow this page: ask with `after: endCursor`."
    )
    has_previous_page: bool = strawberry.field(
        description="Whether items come before this page (it was asked `after`)."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null: the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item; null: the page is empty."
    )


@strawberry.type(description="One item of a page and the cursor after it.")
class Edge(Generic[Node]):
    cursor: str = strawberry.field(
        description="Pass it as `after` for the items after this one."
    )
    node: Node = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list; pass `pageInfo.endCursor` as `after`.")
class Connection(Generic[Node]):
    edges: list[Edge[Node]] = strawberry.field(
        description="The page's items in order, each with its cursor."
    )
    page_info: PageInfo = strawberry.field(
        description="Where the page sits in the whole list."
    )
    total_count: int = strawberry.field(
        description="How many items the whole list has, across every page."
    )


def connection_from_page(
    page: Page[Item], *, after: str | None, to_node: Callable[[Item], Node]
) -> Connection[Node]:
    """Return the connection for a page of domain items."""
    edges = [
        Edge(cursor=cursor, node=to_node(item))
        for item, cursor in zip(page.items, page.cursors, strict=True)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=after is not None,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        total_count=page.total_count,
    )
