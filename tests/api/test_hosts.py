"""The Host check: a DNS-rebound page cannot talk to Runcast."""

from __future__ import annotations

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from runcast.api.hosts import allowed_host
from tests.api.conftest import LiveServer

QUERY = {"query": "{ experiments(first: 1) { totalCount } }"}


class TestAllowedHost:
    @pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1"])
    def test_loopback_names_are_always_allowed(self, host: str) -> None:
        assert allowed_host(host, "127.0.0.1", [])

    @pytest.mark.parametrize("host", ["evil.example", "10.0.0.7", "localhost.evil"])
    def test_other_hosts_are_refused_on_loopback(self, host: str) -> None:
        assert not allowed_host(host, "127.0.0.1", [])

    def test_any_address_is_allowed_when_bound_to_all(self) -> None:
        """A rebinding attack carries its own name, never an address."""
        assert allowed_host("10.0.0.7", "0.0.0.0", [])
        assert not allowed_host("evil.example", "0.0.0.0", [])

    def test_listed_names_and_subdomain_patterns_are_allowed(self) -> None:
        allowed = ["runcast.internal", "*.example.com"]

        assert allowed_host("runcast.internal", "0.0.0.0", allowed)
        assert allowed_host("app.example.com", "0.0.0.0", allowed)
        assert not allowed_host("example.com.evil", "0.0.0.0", allowed)

    def test_the_bound_name_is_allowed(self) -> None:
        assert allowed_host("runcast.lan", "runcast.lan", [])


class TestServer:
    async def test_request_for_another_host_is_refused_with_json(
        self, live_server: LiveServer
    ) -> None:
        """Host: evil.example with a matching Origin runs nothing."""
        headers = {"host": "evil.example", "origin": "http://evil.example"}
        async with httpx.AsyncClient() as http:
            refused = await http.post(live_server.http_url, json=QUERY, headers=headers)
            served = await http.post(live_server.http_url, json=QUERY)

        assert refused.status_code == 400
        assert refused.json()["errors"][0]["extensions"]["code"] == "HOST_NOT_ALLOWED"
        assert served.status_code == 200

    async def test_websocket_for_another_host_is_refused(
        self, live_server: LiveServer
    ) -> None:
        """The handshake names evil.example (and a matching Origin): refused."""
        port = httpx.URL(live_server.ws_url).port
        rebound = f"ws://evil.example:{port}/graphql"

        with pytest.raises(InvalidStatus) as refused:
            async with connect(
                rebound,
                host="127.0.0.1",
                port=port,
                origin=f"http://evil.example:{port}",  # type: ignore[arg-type]
                subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            ):
                pass

        assert refused.value.response.status_code == 403
