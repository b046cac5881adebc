"""Cursor connections: every list in the API is one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from runcast.domain.pagination import Page

__all__ = ["Connection", "Edge", "PageInfo", "connection_from_page"]

Node = TypeVar("Node")
Item = TypeVar("Item")


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page and the cursor after it.")
class Edge(Generic[Node]):
    cursor: str
    node: Node


@strawberry.type(description="A page of a list; pass `pageInfo.endCursor` as `after`.")
class Connection(Generic[Node]):
    edges: list[Edge[Node]]
    page_info: PageInfo
    total_count: int


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
