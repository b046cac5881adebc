"""A scripted model speaking the OpenAI protocol on a loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.openai_server import ScriptedModel
from tests.support.servers import serving


@pytest.fixture
def model() -> ScriptedModel:
    """The scripted model server's behaviour and what it saw."""
    return ScriptedModel()


@pytest.fixture
async def model_port(model: ScriptedModel) -> AsyncIterator[int]:
    """The loopback port the scripted model listens on."""
    async with serving(model.app()) as port:
        yield port


@pytest.fixture
def model_url(model_port: int) -> str:
    """The base URL of the scripted model."""
    return f"http://127.0.0.1:{model_port}/v1"
