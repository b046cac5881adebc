"""Which model endpoints Runcast may call: the rule against SSRF.

An experiment names its model's base URL, and the server then POSTs to it:
left open, anyone who can create an experiment could make the server call
any host, port and path, internal ones included. Base URLs must start with
an allowed one (same scheme, host and port, and the allowed path or a path
under it). Behind a name, only public addresses are called: a name that
resolves to a loopback, private or link-local address (DNS rebinding, a
cloud metadata service) is refused unless the allowed URL names that kind
of address itself (``http://localhost:11434/v1``, ``http://10.0.0.5/v1``) or
private names are allowed explicitly.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from runcast.domain.errors import ValidationError

__all__ = ["IPAddress", "OutboundPolicy"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_DEFAULT_PORTS = {"http": 80, "https": 443}
_BASE_URL_FIELD = "model.base_url"


@dataclass(frozen=True)
class _Endpoint:
    scheme: str
    host: str
    port: int
    path: str

    @classmethod
    def parse(cls, url: str) -> _Endpoint:
        """The parts of ``url`` that decide where a request goes."""
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise ValueError("a base URL is http:// or https:// and names a host")
        if parts.username is not None or parts.password is not None:
            raise ValueError("a base URL cannot carry credentials")
        port = parts.port or _DEFAULT_PORTS[scheme]
        return cls(scheme, parts.hostname.lower(), port, parts.path.rstrip("/"))

    def covers(self, other: _Endpoint) -> bool:
        """Whether ``other`` is this endpoint or a path under it."""
        return (
            (self.scheme, self.host, self.port)
            == (other.scheme, other.host, other.port)
        ) and (other.path == self.path or other.path.startswith(f"{self.path}/"))

    @property
    def names_private_address(self) -> bool:
        """Whether the host, as written, is loopback or a non-public address."""
        if self.host == "localhost":
            return True
        try:
            return not ipaddress.ip_address(self.host).is_global
        except ValueError:
            return False


class OutboundPolicy:
    """The base URLs experiments may name, and the addresses behind them."""

    def __init__(
        self, allowed: Iterable[str], *, allow_private_names: bool = False
    ) -> None:
        self._allowed = [_Endpoint.parse(url) for url in allowed]
        self._allow_private_names = allow_private_names

    def refusal(self, base_url: str) -> str | None:
        """Why ``base_url`` may not be called, or None when it may."""
        try:
            endpoint = _Endpoint.parse(base_url)
        except ValueError as error:
            return str(error)
        if any(allowed.covers(endpoint) for allowed in self._allowed):
            return None
        return (
            f"the base URL {endpoint.scheme}://{endpoint.host}:{endpoint.port} is "
            "not one this server may call: add it to RUNCAST_ALLOWED_BASE_URLS"
        )

    def check(self, base_url: str | None, *, field: str = _BASE_URL_FIELD) -> None:
        """Raise ``ValidationError`` on ``field`` if ``base_url`` may not be called."""
        if base_url is None:
            return
        reason = self.refusal(base_url)
        if reason is not None:
            raise ValidationError(reason, field=field)

    def allows_address(self, host: str, address: IPAddress) -> bool:
        """Whether a connection to ``host`` may go to ``address``, once resolved."""
        if address.is_global or self._allow_private_names:
            return True
        host = host.lower().strip("[]")
        return any(
            allowed.host == host and allowed.names_private_address
            for allowed in self._allowed
        )
