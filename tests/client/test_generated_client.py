"""runcast.client is generated from schema.graphql and its committed operations."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from runcast.client import connect, endpoints
from runcast.client.generated import (
    CreateExperimentCreateExperimentExperiment,
    ExperimentSummary,
)

ROOT = Path(__file__).resolve().parents[2]
GENERATE = ROOT / "scripts" / "generate_client.py"
UNAVAILABLE = 3


def _uv_available() -> bool:
    return bool(shutil.which("uv")) or (ROOT / ".tools" / "bin" / "uv").is_file()


class TestGeneratedClient:
    def test_committed_client_matches_a_fresh_generation(self) -> None:
        """`make clients` would change nothing: the client is not stale."""
        in_ci = os.environ.get("CI") == "true"
        if not _uv_available() and not in_ci:
            pytest.skip("uv is not installed here, so ariadne-codegen cannot run")

        checked = subprocess.run(
            [sys.executable, str(GENERATE), "--check"],
            capture_output=True,
            text=True,
            check=False,
        )

        if checked.returncode == UNAVAILABLE and not in_ci:
            pytest.skip(f"ariadne-codegen could not run: {checked.stderr.strip()}")
        assert checked.returncode == 0, checked.stderr

    def test_datetime_fields_parse_as_aware_datetimes(self) -> None:
        """The DateTime scalar maps to a timezone-aware datetime."""
        summary = ExperimentSummary.model_validate(
            {
                "id": "e1",
                "name": "n",
                "description": "",
                "archived": False,
                "createdAt": "2030-01-31T12:00:00.123456+00:00",
                "updatedAt": "2030-01-31T12:00:00+00:00",
                "datasetSize": 0,
            }
        )

        assert isinstance(summary.created_at, datetime)
        assert summary.created_at.utcoffset() is not None

    def test_union_members_are_classes_of_their_own(self) -> None:
        """A mutation's result is told apart with isinstance, not __typename."""
        assert issubclass(CreateExperimentCreateExperimentExperiment, ExperimentSummary)


class TestConnect:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            (
                "http://127.0.0.1:8000",
                ("http://127.0.0.1:8000/graphql", "ws://127.0.0.1:8000/graphql"),
            ),
            (
                "https://runcast.example/graphql/",
                ("https://runcast.example/graphql", "wss://runcast.example/graphql"),
            ),
        ],
    )
    def test_endpoints_of_a_base_url_are_its_graphql_urls(
        self, url: str, expected: tuple[str, str]
    ) -> None:
        """A base URL or the endpoint itself gives the HTTP and WebSocket URLs."""
        assert endpoints(url) == expected

    def test_endpoints_refuse_a_url_that_is_not_http(self) -> None:
        """ftp:// or a bare host is a ValueError, not a confusing failure later."""
        with pytest.raises(ValueError, match="not an http"):
            endpoints("127.0.0.1:8000")

    async def test_connect_sends_the_token_on_http_and_websocket(self) -> None:
        """The token goes in the Authorization header and connection_init."""
        async with connect("http://127.0.0.1:8000", "secret") as client:
            assert client.ws_connection_init_payload == {
                "authorization": "Bearer secret"
            }
            assert client.http_client.headers["Authorization"] == ("Bearer secret")
