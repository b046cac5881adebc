"""A :class:`Client` for one server: its endpoints and its API token."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlsplit, urlunsplit

import httpx

from runcast.client.generated import Client
from runcast.client.generated.async_base_client import HttpClient

__all__ = ["DEFAULT_URL", "connect", "endpoints"]

DEFAULT_URL = "http://127.0.0.1:8000"
"""Where ``runcast serve`` listens unless told otherwise."""

_WEBSOCKET_SCHEMES = {"http": "ws", "https": "wss"}


def connect(
    url: str = DEFAULT_URL, token: str | None = None, *, timeout: float = 30
) -> Client:
    """A client of the server at ``url``, sending ``token`` when given.

    ``url`` is the server's base URL or its ``/graphql`` endpoint. The token
    goes in the ``Authorization`` header of each request and in the
    ``connection_init`` payload of each subscription. Use the client as an
    ``async with`` block so its connections are closed.
    """
    http_url, websocket_url = endpoints(url)
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    # httpx.AsyncClient is what the generated client uses by default; its
    # protocol spells `post` narrower than httpx does, hence the cast
    http_client = cast(HttpClient, httpx.AsyncClient(headers=headers, timeout=timeout))
    return Client(
        url=http_url,
        http_client=http_client,
        ws_url=websocket_url,
        ws_connection_init_payload=(
            None if token is None else {"authorization": f"Bearer {token}"}
        ),
    )


def endpoints(url: str) -> tuple[str, str]:
    """The HTTP and WebSocket URLs of the GraphQL endpoint of ``url``.

    Raises ``ValueError`` for a URL that is not ``http://`` or ``https://``.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in _WEBSOCKET_SCHEMES or not parts.netloc:
        raise ValueError(f"not an http:// or https:// URL: {url!r}")
    path = parts.path.rstrip("/")
    if not path.endswith("/graphql"):
        path += "/graphql"
    http_url = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    websocket_scheme = _WEBSOCKET_SCHEMES[parts.scheme]
    websocket_url = urlunsplit((websocket_scheme, parts.netloc, path, parts.query, ""))
    return http_url, websocket_url
