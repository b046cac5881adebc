"""An HTTP transport that connects only to addresses the outbound policy allows.

The check happens where the connection is made, after DNS resolution, and
the connection goes to the very address that was checked: a name cannot
resolve to a public address for the check and to 127.0.0.1 for the call.
TLS still verifies the certificate of the name that was asked for.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable

import httpcore
import httpx
from httpcore import AnyIOBackend, AsyncNetworkBackend, AsyncNetworkStream

from runcast.domain.outbound import IPAddress, OutboundPolicy

__all__ = ["AddressRefusedError", "Resolver", "guarded_transport"]

Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]
"""Looks up the addresses of a host name (a port is given for services)."""

SocketOption = httpcore.SOCKET_OPTION
_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


class AddressRefusedError(Exception):
    """The host resolved only to addresses Runcast may not call."""


async def resolve(host: str, port: int) -> list[IPAddress]:
    """The host's addresses, from the system's resolver."""
    loop = asyncio.get_running_loop()
    found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(sockaddr[0]) for *_, sockaddr in found]


class _GuardedBackend(AsyncNetworkBackend):
    def __init__(self, policy: OutboundPolicy, resolver: Resolver) -> None:
        self._policy = policy
        self._resolve = resolver
        self._inner = AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> AsyncNetworkStream:
        addresses = await self._resolve(host, port)
        allowed = [a for a in addresses if self._policy.allows_address(host, a)]
        if not allowed:
            raise AddressRefusedError(
                f"{host} resolves to {', '.join(map(str, addresses)) or 'nothing'}: "
                "Runcast does not call loopback, private or link-local addresses "
                "behind a name"
            )
        return await self._inner.connect_tcp(
            str(allowed[0]),
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        socket_options: Iterable[SocketOption] | None = None,
    ) -> AsyncNetworkStream:
        raise AddressRefusedError("Runcast does not call Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(
    policy: OutboundPolicy, *, resolver: Resolver = resolve
) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection the policy has allowed."""
    transport = httpx.AsyncHTTPTransport()
    # httpx builds its connection pool without a way to pass a network
    # backend; this pool is the one it would build, with the guarded backend
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=_LIMITS.max_connections,
        max_keepalive_connections=_LIMITS.max_keepalive_connections,
        keepalive_expiry=_LIMITS.keepalive_expiry,
        network_backend=_GuardedBackend(policy, resolver),
    )
    return transport
