"""GraphQL over HTTP for the harness: one operation, its data, or an error."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["GraphQLRequestError", "execute"]


class GraphQLRequestError(RuntimeError):
    """The server answered with GraphQL errors or an error result."""


async def execute(
    client: httpx.AsyncClient,
    url: str,
    query: str,
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``data`` of the answer; raises ``GraphQLRequestError`` on ``errors``."""
    response = await client.post(url, json={"query": query, "variables": variables})
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    if answer.get("errors"):
        raise GraphQLRequestError(str(answer["errors"])[:500])
    data: dict[str, Any] = answer["data"]
    return data
