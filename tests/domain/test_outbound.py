"""The outbound rule: which base URLs experiments may name, which addresses."""

from __future__ import annotations

import ipaddress

import pytest

from runcast.domain.errors import ValidationError
from runcast.domain.outbound import OutboundPolicy

DEFAULT = "https://api.openai.com/v1"


class TestBaseUrls:
    @pytest.mark.parametrize(
        "url",
        [
            "https://api.openai.com/v1",
            "https://api.openai.com/v1/",
            "https://API.openai.com:443/v1",
            "https://api.openai.com/v1/deployments/x",
        ],
    )
    def test_the_allowed_url_and_paths_under_it_may_be_called(self, url: str) -> None:
        assert OutboundPolicy([DEFAULT]).refusal(url) is None

    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1:9/v1",
            "http://10.0.0.1/v1",
            "http://169.254.169.254/latest/meta-data",
            "http://localhost:11434/v1",
            "http://2130706433/v1",
            "http://127.1/v1",
            "http://api.openai.com/v1",
            "https://api.openai.com:8443/v1",
            "https://api.openai.com/v10",
            "https://api.openai.com.evil.example/v1",
            "ftp://api.openai.com/v1",
        ],
    )
    def test_anything_else_is_refused(self, url: str) -> None:
        assert OutboundPolicy([DEFAULT]).refusal(url) is not None

    def test_credentials_in_a_url_are_refused_even_on_an_allowed_host(self) -> None:
        """`user:pw@` would be sent as Basic auth to wherever it points."""
        reason = OutboundPolicy([DEFAULT]).refusal("https://u:pw@api.openai.com/v1")

        assert reason == "a base URL cannot carry credentials"

    def test_check_names_the_base_url_field(self) -> None:
        with pytest.raises(ValidationError) as refused:
            OutboundPolicy([DEFAULT]).check("http://169.254.169.254/")

        assert refused.value.field == "model.base_url"
        assert "RUNCAST_ALLOWED_BASE_URLS" in refused.value.message

    def test_no_base_url_means_the_default(self) -> None:
        OutboundPolicy([]).check(None)


class TestAddresses:
    def test_public_addresses_are_allowed_behind_any_allowed_name(self) -> None:
        policy = OutboundPolicy([DEFAULT])

        assert policy.allows_address("api.openai.com", ipaddress.ip_address("1.2.3.4"))

    @pytest.mark.parametrize(
        "address", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "fd00::1"]
    )
    def test_a_name_resolving_to_a_private_address_is_refused(
        self, address: str
    ) -> None:
        """DNS rebinding: an allowed name that now points inside."""
        policy = OutboundPolicy(["https://models.example.com/v1"])

        assert not policy.allows_address(
            "models.example.com", ipaddress.ip_address(address)
        )

    def test_an_allowed_private_address_or_localhost_may_be_called(self) -> None:
        policy = OutboundPolicy(["http://localhost:11434/v1", "http://10.0.0.5/v1"])
        loopback = ipaddress.ip_address("127.0.0.1")

        assert policy.allows_address("localhost", loopback)
        assert policy.allows_address("10.0.0.5", ipaddress.ip_address("10.0.0.5"))
        assert not policy.allows_address("other.example", loopback)

    def test_private_names_may_be_allowed_explicitly(self) -> None:
        policy = OutboundPolicy(
            ["http://vllm.internal:8000/v1"], allow_private_names=True
        )

        assert policy.allows_address("vllm.internal", ipaddress.ip_address("10.0.0.9"))
