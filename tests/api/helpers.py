"""GraphQL operations and small helpers shared by the HTTP API tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from runcast.db.database import Database
from runcast.db.tables import (
    ExperimentRow,
    ReviewRow,
    RunEventRow,
    RunItemRow,
    RunRow,
)
from tests.conftest import GraphQLClient

EXPERIMENT_FIELDS = """
  id name description prompt archived createdAt updatedAt
  model { executor model temperature maxTokens systemPrompt baseUrl }
  dataset { variables expected }
  assertions { kind value }
  budget { maxTokens maxCost }
"""

RUN_FIELDS = """
  id experimentId status idempotencyKey
  createdAt startedAt finishedAt cancelRequestedAt
  experiment { id name }
  progress { total succeeded failed pending }
  config { prompt }
"""

CREATE_EXPERIMENT = f"""
mutation ($input: CreateExperimentInput!) {{
  createExperiment(input: $input) {{
    __typename
    ... on Experiment {{ {EXPERIMENT_FIELDS} }}
    ... on Error {{ message code }}
    ... on ValidationError {{ field errors {{ location message type }} }}
    ... on ConflictError {{ field }}
  }}
}}
"""

UPDATE_EXPERIMENT = f"""
mutation ($input: UpdateExperimentInput!) {{
  updateExperiment(input: $input) {{
    __typename
    ... on Experiment {{ {EXPERIMENT_FIELDS} }}
    ... on Error {{ message code }}
    ... on ValidationError {{ field errors {{ location message type }} }}
    ... on NotFoundError {{ missingId: id }}
    ... on ConflictError {{ field }}
  }}
}}
"""

ARCHIVE_EXPERIMENT = f"""
mutation ($input: ArchiveExperimentInput!) {{
  archiveExperiment(input: $input) {{
    __typename
    ... on Experiment {{ {EXPERIMENT_FIELDS} }}
    ... on Error {{ message code }}
    ... on NotFoundError {{ missingId: id }}
  }}
}}
"""

EXPERIMENT = f"""
query ($id: ID!) {{
  experiment(id: $id) {{ {EXPERIMENT_FIELDS} }}
}}
"""

EXPERIMENTS = """
query ($first: Int, $after: String) {
  experiments(first: $first, after: $after) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
    totalCount
  }
}
"""

CREATE_RUN = f"""
mutation ($input: CreateRunInput!) {{
  createRun(input: $input) {{
    __typename
    ... on Run {{ {RUN_FIELDS} }}
    ... on Error {{ message code }}
    ... on ValidationError {{ field }}
    ... on NotFoundError {{ missingId: id }}
    ... on ConflictError {{ field }}
  }}
}}
"""

CANCEL_RUN = f"""
mutation ($input: CancelRunInput!) {{
  cancelRun(input: $input) {{
    __typename
    ... on Run {{ {RUN_FIELDS} }}
    ... on Error {{ message code }}
    ... on NotFoundError {{ missingId: id }}
    ... on InvalidTransitionError {{ currentStatus requestedStatus }}
  }}
}}
"""

RUN = f"""
query ($id: ID!) {{
  run(id: $id) {{ {RUN_FIELDS} }}
}}
"""

RUNS = """
query ($experimentId: ID, $status: RunStatus, $first: Int, $after: String) {
  runs(experimentId: $experimentId, status: $status, first: $first, after: $after) {
    edges { cursor node { id experimentId status } }
    pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
    totalCount
  }
}
"""


async def create_experiment(
    graphql: GraphQLClient, name: str = "greetings", **fields: Any
) -> dict[str, Any]:
    """Create an experiment over the API and return it; fail on an error."""
    fields.setdefault("prompt", "Say hello")
    data = await graphql.data(CREATE_EXPERIMENT, {"input": {"name": name, **fields}})
    experiment: dict[str, Any] = data["createExperiment"]
    assert experiment["__typename"] == "Experiment", experiment
    return experiment


async def create_run(
    graphql: GraphQLClient, experiment_id: str, idempotency_key: str | None = None
) -> dict[str, Any]:
    """Create a run over the API and return it; fail on an error."""
    data = await graphql.data(
        CREATE_RUN,
        {"input": {"experimentId": experiment_id, "idempotencyKey": idempotency_key}},
    )
    run: dict[str, Any] = data["createRun"]
    assert run["__typename"] == "Run", run
    return run


async def read_run(graphql: GraphQLClient, run_id: str) -> dict[str, Any] | None:
    """Return ``run(id)`` as the API answers it."""
    data = await graphql.data(RUN, {"id": run_id})
    run: dict[str, Any] | None = data["run"]
    return run


async def read_experiment(
    graphql: GraphQLClient, experiment_id: str
) -> dict[str, Any] | None:
    """Return ``experiment(id)`` as the API answers it."""
    data = await graphql.data(EXPERIMENT, {"id": experiment_id})
    experiment: dict[str, Any] | None = data["experiment"]
    return experiment


async def all_pages(
    graphql: GraphQLClient, query: str, field: str, **variables: Any
) -> list[dict[str, Any]]:
    """Follow ``endCursor`` until ``hasNextPage`` is false; return every page."""
    pages: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        data = await graphql.data(query, {**variables, "after": after})
        page: dict[str, Any] = data[field]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]
        assert len(pages) < 50, "pagination does not end"


async def row_counts(db: Database) -> dict[str, int]:
    """How many experiments, runs, run items, events and reviews are stored."""
    tables = {
        "experiments": ExperimentRow,
        "runs": RunRow,
        "run_items": RunItemRow,
        "run_events": RunEventRow,
        "reviews": ReviewRow,
    }
    counts: dict[str, int] = {}
    async with db.reading() as session:
        for name, table in tables.items():
            statement = select(func.count()).select_from(table)
            counts[name] = await session.scalar(statement) or 0
    return counts


def timestamp(value: str) -> datetime:
    """Parse a ``DateTime`` the API returned."""
    return datetime.fromisoformat(value)
