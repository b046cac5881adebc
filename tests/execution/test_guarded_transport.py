"""Calls to model endpoints go only where the outbound rule allows, once resolved.

DNS is the one thing faked here (a resolver mapping made-up names to
addresses); the model is a real server on a loopback port this test starts.
"""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from runcast.domain.experiments import ExecutorKind, ModelSettings
from runcast.domain.outbound import IPAddress, OutboundPolicy
from runcast.execution.errors import ExecutorError
from runcast.execution.executor import ExecutionRequest, TextDelta
from runcast.execution.guarded_transport import guarded_transport
from runcast.execution.openai import OpenAIExecutor
from tests.support.openai_server import ScriptedModel

REBOUND_NAME = "models.example.test"


async def to_loopback(host: str, port: int) -> list[IPAddress]:
    """A resolver for which every name points at this machine."""
    return [ipaddress.ip_address("127.0.0.1")]


async def answer(policy: OutboundPolicy, base_url: str) -> str:
    """Call the endpoint through the guarded transport; return the text."""
    transport = guarded_transport(policy, resolver=to_loopback)
    async with httpx.AsyncClient(transport=transport) as client:
        executor = OpenAIExecutor(client=client, base_url=base_url, outbound=policy)
        request = ExecutionRequest(
            run_id="r",
            item_index=0,
            prompt="Hi",
            settings=ModelSettings(executor=ExecutorKind.OPENAI, model="m"),
        )
        chunks = [chunk async for chunk in executor.stream(request)]
    return "".join(chunk.text for chunk in chunks if isinstance(chunk, TextDelta))


class TestGuardedTransport:
    async def test_allowed_name_resolving_to_loopback_is_never_called(
        self, model: ScriptedModel, model_port: int
    ) -> None:
        """The rule holds after resolution: no connection, no request."""
        base_url = f"http://{REBOUND_NAME}:{model_port}/v1"

        with pytest.raises(ExecutorError) as refused:
            await answer(OutboundPolicy([base_url]), base_url)

        assert refused.value.code == "BASE_URL_NOT_ALLOWED"
        assert not refused.value.retryable
        assert "127.0.0.1" in str(refused.value)
        assert model.requests == []

    async def test_private_names_allowed_explicitly_are_called(
        self, model: ScriptedModel, model_port: int
    ) -> None:
        base_url = f"http://{REBOUND_NAME}:{model_port}/v1"
        policy = OutboundPolicy([base_url], allow_private_names=True)

        text = await answer(policy, base_url)

        assert text == "Hello, world!"
        assert len(model.requests) == 1

    async def test_a_listed_loopback_address_is_called(
        self, model: ScriptedModel, model_port: int
    ) -> None:
        base_url = f"http://127.0.0.1:{model_port}/v1"

        assert await answer(OutboundPolicy([base_url]), base_url) == "Hello, world!"

    async def test_a_base_url_no_longer_allowed_is_refused_at_call_time(
        self, model: ScriptedModel, model_port: int
    ) -> None:
        """A run's frozen config may name a URL the rule has since dropped."""
        with pytest.raises(ExecutorError) as refused:
            await answer(OutboundPolicy([]), f"http://127.0.0.1:{model_port}/v1")

        assert refused.value.code == "BASE_URL_NOT_ALLOWED"
        assert model.requests == []
