"""Experiments naming a base URL the server may not call are refused at creation."""

from __future__ import annotations

from typing import Any

import pytest

from runcast.db.database import Database
from runcast.settings import Settings
from tests.api.helpers import CREATE_EXPERIMENT, UPDATE_EXPERIMENT, row_counts
from tests.conftest import GraphQLClient

ALLOWED = "http://127.0.0.1:8999/v1"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """One loopback endpoint is allowed besides the default."""
    return settings.model_copy(update={"allowed_base_urls": [ALLOWED]})


def experiment(base_url: str, name: str = "remote") -> dict[str, Any]:
    model = {"executor": "OPENAI", "model": "m", "baseUrl": base_url}
    return {"input": {"name": name, "prompt": "Hi", "model": model}}


class TestBaseUrlRule:
    @pytest.mark.parametrize(
        "base_url",
        [
            "http://127.0.0.1:8000/v1",
            "http://10.0.0.1/v1",
            "http://169.254.169.254/latest",
            "http://localhost:8999/v1",
            "http://user:pw@127.0.0.1:8999/v1",
        ],
    )
    async def test_unlisted_base_url_is_a_validation_error_and_writes_nothing(
        self, graphql: GraphQLClient, db: Database, base_url: str
    ) -> None:
        before = await row_counts(db)

        data = await graphql.data(CREATE_EXPERIMENT, experiment(base_url))

        result = data["createExperiment"]
        assert result["__typename"] == "ValidationError"
        assert result["field"] == "model.baseUrl"
        assert await row_counts(db) == before

    async def test_listed_base_url_and_the_default_are_accepted(
        self, graphql: GraphQLClient
    ) -> None:
        listed = await graphql.data(CREATE_EXPERIMENT, experiment(f"{ALLOWED}/"))
        default = await graphql.data(
            CREATE_EXPERIMENT, experiment("https://api.openai.com/v1", name="openai")
        )

        assert listed["createExperiment"]["__typename"] == "Experiment"
        assert default["createExperiment"]["__typename"] == "Experiment"

    async def test_update_to_an_unlisted_base_url_is_refused(
        self, graphql: GraphQLClient
    ) -> None:
        created = await graphql.data(CREATE_EXPERIMENT, experiment(ALLOWED))
        experiment_id = created["createExperiment"]["id"]
        model = {"executor": "OPENAI", "model": "m", "baseUrl": "http://10.0.0.1/v1"}

        data = await graphql.data(
            UPDATE_EXPERIMENT, {"input": {"id": experiment_id, "model": model}}
        )

        assert data["updateExperiment"]["__typename"] == "ValidationError"
        assert data["updateExperiment"]["field"] == "model.baseUrl"

    async def test_an_embedding_model_at_an_unlisted_base_url_is_refused(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """A SIMILAR assertion's embedding endpoint obeys the same rule."""
        before = await row_counts(db)
        embedding = {
            "executor": "OPENAI",
            "model": "e",
            "baseUrl": "http://10.0.0.1/v1",
        }
        assertion = {"kind": "SIMILAR", "value": "Paris", "embedding": embedding}

        data = await graphql.data(
            CREATE_EXPERIMENT,
            {"input": {"name": "embedded", "prompt": "Hi", "assertions": [assertion]}},
        )

        result = data["createExperiment"]
        assert result["__typename"] == "ValidationError"
        assert result["field"] == "assertions.0.embedding.baseUrl"
        assert await row_counts(db) == before
