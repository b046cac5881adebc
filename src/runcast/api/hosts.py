"""The Host check that keeps DNS rebinding out.

A page on ``evil.example`` whose name is made to resolve to this machine can
make a browser send it requests, but they carry ``Host: evil.example``.
Runcast answers only to ``localhost``, to the address it is bound to (any IP
address when bound to all of them: a rebinding attack always carries its
own name) and to the names listed in ``RUNCAST_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["HostGuard", "allowed_host"]

_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_ALL_ADDRESSES = ("0.0.0.0", "::", "")
_POLICY_VIOLATION = 1008


class HostGuard:
    """ASGI middleware refusing requests and WebSockets for other hosts."""

    def __init__(
        self, app: ASGIApp, *, bind_host: str, allowed: Sequence[str] = ()
    ) -> None:
        self._app = app
        self._bind_host = bind_host.strip("[]").lower()
        self._allowed = [name.lower() for name in allowed]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self._app(scope, receive, send)
            return
        host = _host_name(Headers(scope=scope).get("host", ""))
        if host is not None and allowed_host(host, self._bind_host, self._allowed):
            await self._app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": _POLICY_VIOLATION})
            return
        body = {
            "errors": [
                {
                    "message": "this server does not answer to that Host: add it "
                    "to RUNCAST_ALLOWED_HOSTS",
                    "extensions": {"code": "HOST_NOT_ALLOWED"},
                }
            ]
        }
        await JSONResponse(body, status_code=400)(scope, receive, send)


def allowed_host(host: str, bind_host: str, allowed: Sequence[str]) -> bool:
    """Whether a request for ``host`` may be answered."""
    if host in _LOOPBACK_NAMES or host == bind_host or "*" in allowed:
        return True
    if bind_host in _ALL_ADDRESSES and _is_address(host):
        return True
    return any(
        host == name or (name.startswith("*.") and host.endswith(name[1:]))
        for name in allowed
    )


def _host_name(header: str) -> str | None:
    try:
        name = urlsplit(f"//{header}").hostname
    except ValueError:
        return None
    return name.lower() if name else None


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
