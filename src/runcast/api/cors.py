"""CORS for the origins Runcast is told to trust, and for no other."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["ListedOriginsCORS"]


class ListedOriginsCORS:
    """Starlette's ``CORSMiddleware`` for requests from listed origins only.

    A request from any other origin passes by untouched, so it gets no
    ``Access-Control-*`` header at all (Starlette's middleware would still
    answer its preflight with the allowed methods and headers).
    """

    def __init__(self, app: ASGIApp, *, origins: Sequence[str]) -> None:
        self._app = app
        self._origins = frozenset(origins)
        self._cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type"],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = Headers(scope=scope).get("origin") if scope["type"] == "http" else None
        if origin is not None and origin in self._origins:
            await self._cors(scope, receive, send)
        else:
            await self._app(scope, receive, send)
