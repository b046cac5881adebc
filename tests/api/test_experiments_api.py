"""Experiments over HTTP: create, read, list, update and archive."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select
from strawberry.pydantic.conversion import build_pydantic_model

from runcast.db.database import Database
from runcast.db.tables import ExperimentRow
from runcast.domain.templates import template_variables
from tests.api.helpers import (
    ARCHIVE_EXPERIMENT,
    CREATE_EXPERIMENT,
    CREATE_RUN,
    EXPERIMENTS,
    UPDATE_EXPERIMENT,
    all_pages,
    create_experiment,
    create_run,
    read_experiment,
    read_run,
    row_counts,
    timestamp,
)
from tests.conftest import GraphQLClient

FULL_INPUT: dict[str, Any] = {
    "name": "Capitals",
    "description": "Does the model know its capitals?",
    "prompt": "What is the capital of {{ country }}?",
    "model": {
        "executor": "SIMULATED",
        "model": "simulated-1",
        "temperature": 0.2,
        "maxTokens": 64,
        "systemPrompt": "Answer in one word.",
    },
    "dataset": [
        {"variables": {"country": "France"}, "expected": "Paris"},
        {"variables": {"country": "Japan"}, "expected": "Tokyo"},
        {"variables": {"country": "Peru"}},
    ],
}


class TestCreateExperiment:
    async def test_create_experiment_returns_the_experiment_as_given(
        self, graphql: GraphQLClient
    ) -> None:
        """Every field sent comes back, with an id and timestamps."""
        # Arrange
        variables = {"input": FULL_INPUT}

        # Act
        data = await graphql.data(CREATE_EXPERIMENT, variables)

        # Assert
        experiment = data["createExperiment"]
        assert experiment["__typename"] == "Experiment"
        assert experiment["id"]
        assert experiment["name"] == "Capitals"
        assert experiment["description"] == "Does the model know its capitals?"
        assert experiment["prompt"] == "What is the capital of {{ country }}?"
        assert experiment["archived"] is False
        assert experiment["model"] == {
            "executor": "SIMULATED",
            "model": "simulated-1",
            "temperature": 0.2,
            "maxTokens": 64,
            "systemPrompt": "Answer in one word.",
            "baseUrl": None,
        }
        assert experiment["dataset"] == [
            {"variables": {"country": "France"}, "expected": "Paris"},
            {"variables": {"country": "Japan"}, "expected": "Tokyo"},
            {"variables": {"country": "Peru"}, "expected": None},
        ]
        assert experiment["createdAt"] == experiment["updatedAt"]

    async def test_create_experiment_stores_one_row(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """The experiment is stored under the id the API returned."""
        # Arrange
        variables = {"input": FULL_INPUT}

        # Act
        data = await graphql.data(CREATE_EXPERIMENT, variables)

        # Assert
        experiment_id = data["createExperiment"]["id"]
        async with db.reading() as session:
            rows = (await session.scalars(select(ExperimentRow))).all()
        assert [(row.id, row.name) for row in rows] == [(experiment_id, "Capitals")]
        assert rows[0].dataset[1]["variables"] == {"country": "Japan"}
        assert rows[0].model["temperature"] == 0.2

    @pytest.mark.parametrize(
        "prompt",
        [
            "{{ (9 ** 8000000) % 7 }}",
            "{{ 'x' * 10 ** 12 }}",
            "{{ '%0999999999d' % 1 }}",
        ],
    )
    async def test_create_experiment_with_constant_too_large_is_refused_on_prompt(
        self, graphql: GraphQLClient, db: Database, prompt: str
    ) -> None:
        """Jinja would compute these while compiling; they are refused unevaluated."""
        # Arrange
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_EXPERIMENT, {"input": {"name": "huge", "prompt": prompt}}
        )

        # Assert
        error = data["createExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["field"] == "prompt"
        assert [detail["type"] for detail in error["errors"]] == ["template_limit"]
        assert await row_counts(db) == counts
        assert (await graphql.data(EXPERIMENTS, {}))["experiments"]["edges"] == []

    async def test_create_experiment_reads_its_template_off_the_event_loop(
        self, graphql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A 100,000-character template takes most of a second to parse: the
        prompt is parsed, and the rows matched to it, in a thread only."""
        # Arrange
        on_the_loop: list[bool] = []

        def spied(template: str) -> frozenset[str]:
            on_the_loop.append(threading.current_thread() is threading.main_thread())
            return template_variables(template)

        monkeypatch.setattr("runcast.domain.experiments.template_variables", spied)
        variables = {"input": FULL_INPUT | {"name": "parsed in a thread"}}

        # Act
        data = await graphql.data(CREATE_EXPERIMENT, variables)

        # Assert
        assert data["createExperiment"]["__typename"] == "Experiment"
        assert on_the_loop
        assert not any(on_the_loop)

    @pytest.mark.parametrize("mutation", ["create", "update"])
    async def test_input_is_converted_and_validated_off_the_event_loop(
        self, graphql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, mutation: str
    ) -> None:
        """Reading a 10,000-row input argument holds no other request: it is
        built into its model in a thread, with the same field errors."""
        # Arrange
        on_the_loop: list[bool] = []

        def spied(*arguments: Any) -> Any:
            on_the_loop.append(threading.current_thread() is threading.main_thread())
            return build_pydantic_model(*arguments)

        monkeypatch.setattr("runcast.api.deferred_inputs.build_pydantic_model", spied)
        query, fields = CREATE_EXPERIMENT, dict(FULL_INPUT)
        if mutation == "update":
            created = await create_experiment(graphql, "to update")
            query, fields = UPDATE_EXPERIMENT, {"id": created["id"]}
            on_the_loop.clear()
        bad = fields | {"model": FULL_INPUT["model"] | {"temperature": 9}}

        # Act
        accepted = await graphql.data(query, {"input": fields})
        refused = await graphql.data(query, {"input": bad})

        # Assert
        [accepted_result] = accepted.values()
        [refused_result] = refused.values()
        assert accepted_result["__typename"] == "Experiment"
        assert refused_result["__typename"] == "ValidationError"
        assert refused_result["field"] == "model.temperature"
        assert on_the_loop == [False, False]

    async def test_create_experiment_with_rows_missing_a_variable_names_each_row(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """The rows are matched to the prompt in the thread; each gap is named."""
        # Arrange
        counts = await row_counts(db)
        dataset = [{"variables": {"country": "Peru"}}, {"variables": {}}] * 2
        variables = {"input": FULL_INPUT | {"dataset": dataset}}

        # Act
        data = await graphql.data(CREATE_EXPERIMENT, variables)

        # Assert
        error = data["createExperiment"]
        assert error["__typename"] == "ValidationError"
        assert [detail["location"] for detail in error["errors"]] == [
            ["dataset", "1", "variables"],
            ["dataset", "3", "variables"],
        ]
        assert await row_counts(db) == counts

    async def test_create_experiment_with_only_name_and_prompt_uses_defaults(
        self, graphql: GraphQLClient
    ) -> None:
        """Description, model settings and dataset have documented defaults."""
        # Arrange
        variables = {"input": {"name": "minimal", "prompt": "Say hello"}}

        # Act
        data = await graphql.data(CREATE_EXPERIMENT, variables)

        # Assert
        experiment = data["createExperiment"]
        assert experiment["description"] == ""
        assert experiment["dataset"] == []
        assert experiment["model"] == {
            "executor": "SIMULATED",
            "model": "simulated-1",
            "temperature": 0.7,
            "maxTokens": 256,
            "systemPrompt": None,
            "baseUrl": None,
        }


class TestReadExperiment:
    async def test_experiment_by_id_returns_what_was_created(
        self, graphql: GraphQLClient
    ) -> None:
        """Reading by id gives the same experiment createExperiment returned."""
        # Arrange
        created = await create_experiment(graphql, **FULL_INPUT)

        # Act
        experiment = await read_experiment(graphql, created["id"])

        # Assert
        assert experiment is not None
        assert experiment == {
            key: value for key, value in created.items() if key != "__typename"
        }


class TestListExperiments:
    async def test_list_experiments_pages_through_each_once_newest_first(
        self, graphql: GraphQLClient
    ) -> None:
        """Pages of two follow endCursor to the end; each experiment appears once."""
        # Arrange
        created = [
            (await create_experiment(graphql, f"experiment {n}"))["id"]
            for n in range(5)
        ]

        # Act
        pages = await all_pages(graphql, EXPERIMENTS, "experiments", first=2)

        # Assert
        seen = [edge["node"]["id"] for page in pages for edge in page["edges"]]
        assert seen == list(reversed(created))
        assert [len(page["edges"]) for page in pages] == [2, 2, 1]
        assert [page["totalCount"] for page in pages] == [5, 5, 5]
        assert [page["pageInfo"]["hasNextPage"] for page in pages] == [
            True,
            True,
            False,
        ]
        assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [
            False,
            True,
            True,
        ]
        for page in pages:
            cursors = [edge["cursor"] for edge in page["edges"]]
            assert page["pageInfo"]["startCursor"] == cursors[0]
            assert page["pageInfo"]["endCursor"] == cursors[-1]

    async def test_list_experiments_without_any_returns_an_empty_page(
        self, graphql: GraphQLClient
    ) -> None:
        """An empty list has no edges, no cursors and a total of zero."""
        # Arrange
        variables = {"first": 2}

        # Act
        data = await graphql.data(EXPERIMENTS, variables)

        # Assert
        assert data["experiments"] == {
            "edges": [],
            "pageInfo": {
                "hasNextPage": False,
                "endCursor": None,
                "hasPreviousPage": False,
                "startCursor": None,
            },
            "totalCount": 0,
        }

    async def test_lists_count_datasets_and_give_rows_when_asked(
        self, graphql: GraphQLClient
    ) -> None:
        """A page of experiments, and a run's experiment, have datasetSize and rows."""
        # Arrange
        created = await create_experiment(graphql, **FULL_INPUT)
        run = await create_run(graphql, created["id"])
        query = """query ($id: ID!) {
          experiments(first: 5) { edges { node { datasetSize dataset { expected } } } }
          run(id: $id) { experiment { name datasetSize } }
        }"""

        # Act
        data = await graphql.data(query, {"id": run["id"]})

        # Assert
        assert data["experiments"]["edges"] == [
            {
                "node": {
                    "datasetSize": 3,
                    "dataset": [
                        {"expected": "Paris"},
                        {"expected": "Tokyo"},
                        {"expected": None},
                    ],
                }
            }
        ]
        assert data["run"]["experiment"] == {"name": "Capitals", "datasetSize": 3}


class TestUpdateExperiment:
    async def test_update_experiment_changes_given_fields_and_keeps_the_rest(
        self, graphql: GraphQLClient
    ) -> None:
        """Name and prompt change; description, model and dataset stay as they were."""
        # Arrange
        created = await create_experiment(graphql, **FULL_INPUT)
        changes = {
            "id": created["id"],
            "name": "Capital cities",
            "prompt": "Name the capital of {{ country }}.",
        }

        # Act
        data = await graphql.data(UPDATE_EXPERIMENT, {"input": changes})

        # Assert
        updated = data["updateExperiment"]
        assert updated["__typename"] == "Experiment"
        assert updated["id"] == created["id"]
        assert updated["name"] == "Capital cities"
        assert updated["prompt"] == "Name the capital of {{ country }}."
        for unchanged in ("description", "model", "dataset", "createdAt"):
            assert updated[unchanged] == created[unchanged], unchanged
        assert timestamp(updated["updatedAt"]) > timestamp(created["updatedAt"])
        assert await read_experiment(graphql, created["id"]) == {
            key: value for key, value in updated.items() if key != "__typename"
        }

    async def test_update_experiment_keeps_budget_and_assertions_left_out(
        self, graphql: GraphQLClient
    ) -> None:
        """Fields the client leaves out keep their value, nullable ones too."""
        # Arrange
        created = await create_experiment(
            graphql,
            assertions=[{"kind": "CONTAINS", "value": "hello"}],
            budget={"maxTokens": 500},
        )

        # Act
        data = await graphql.data(
            UPDATE_EXPERIMENT, {"input": {"id": created["id"], "name": "renamed"}}
        )

        # Assert
        updated = data["updateExperiment"]
        assert updated["name"] == "renamed"
        assert updated["assertions"] == [{"kind": "CONTAINS", "value": "hello"}]
        assert updated["budget"] == {"maxTokens": 500, "maxCost": None}

    async def test_update_experiment_with_null_budget_removes_it(
        self, graphql: GraphQLClient
    ) -> None:
        """`budget: null` is how a client removes the budget."""
        # Arrange
        created = await create_experiment(graphql, budget={"maxCost": 1.5})

        # Act
        data = await graphql.data(
            UPDATE_EXPERIMENT, {"input": {"id": created["id"], "budget": None}}
        )

        # Assert
        assert data["updateExperiment"]["budget"] is None
        stored = await read_experiment(graphql, created["id"])
        assert stored is not None
        assert stored["budget"] is None

    async def test_update_experiment_with_null_name_returns_validation_error(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """A required field cannot be set to null; nothing changes."""
        # Arrange
        created = await create_experiment(graphql)
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            UPDATE_EXPERIMENT, {"input": {"id": created["id"], "name": None}}
        )

        # Assert
        assert data["updateExperiment"]["__typename"] == "ValidationError"
        assert data["updateExperiment"]["field"] == "name"
        assert await read_experiment(graphql, created["id"]) == {
            key: value for key, value in created.items() if key != "__typename"
        }
        assert await row_counts(db) == counts

    async def test_update_experiment_leaves_existing_runs_config_alone(
        self, graphql: GraphQLClient
    ) -> None:
        """A run made before the update keeps the prompt it was created with."""
        # Arrange
        created = await create_experiment(graphql, prompt="first prompt")
        run = await create_run(graphql, created["id"])
        changes = {"id": created["id"], "prompt": "second prompt"}

        # Act
        await graphql.data(UPDATE_EXPERIMENT, {"input": changes})

        # Assert
        stored_run = await read_run(graphql, run["id"])
        assert stored_run is not None
        assert stored_run["config"] == {"prompt": "first prompt"}

    async def test_update_experiment_with_invalid_temperature_returns_validation_error(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """A temperature above 2 is refused and the stored experiment is unchanged."""
        # Arrange
        created = await create_experiment(graphql, **FULL_INPUT)
        before = await read_experiment(graphql, created["id"])
        counts = await row_counts(db)
        changes = {"id": created["id"], "name": "renamed", "model": {"temperature": 5}}

        # Act
        data = await graphql.data(UPDATE_EXPERIMENT, {"input": changes})

        # Assert
        error = data["updateExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["code"] == "VALIDATION_ERROR"
        assert error["field"] == "model.temperature"
        assert await read_experiment(graphql, created["id"]) == before
        assert await row_counts(db) == counts

    async def test_update_experiment_with_prompt_needing_new_variable_is_refused(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """A prompt the stored dataset cannot fill is refused; nothing changes."""
        # Arrange
        created = await create_experiment(graphql, **FULL_INPUT)
        before = await read_experiment(graphql, created["id"])
        counts = await row_counts(db)
        changes = {"id": created["id"], "prompt": "{{ country }} and {{ city }}"}

        # Act
        data = await graphql.data(UPDATE_EXPERIMENT, {"input": changes})

        # Assert
        error = data["updateExperiment"]
        assert error["__typename"] == "ValidationError"
        assert error["code"] == "VALIDATION_ERROR"
        assert error["field"] == "dataset.0.variables"
        assert [detail["location"] for detail in error["errors"]] == [
            ["dataset", "0", "variables"],
            ["dataset", "1", "variables"],
            ["dataset", "2", "variables"],
        ]
        assert await read_experiment(graphql, created["id"]) == before
        assert await row_counts(db) == counts

    async def test_update_experiment_to_a_taken_name_returns_conflict(
        self, graphql: GraphQLClient
    ) -> None:
        """Two live experiments cannot share a name; the renamed one keeps its own."""
        # Arrange
        await create_experiment(graphql, "taken")
        other = await create_experiment(graphql, "other")

        # Act
        data = await graphql.data(
            UPDATE_EXPERIMENT, {"input": {"id": other["id"], "name": "taken"}}
        )

        # Assert
        error = data["updateExperiment"]
        assert error["__typename"] == "ConflictError"
        assert error["code"] == "CONFLICT"
        assert error["field"] == "name"
        stored = await read_experiment(graphql, other["id"])
        assert stored is not None
        assert stored["name"] == "other"

    async def test_update_experiment_with_unknown_id_returns_not_found(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """An id that names no experiment gets NotFoundError carrying that id."""
        # Arrange
        counts = await row_counts(db)
        missing = "00000000-0000-4000-8000-000000000000"

        # Act
        data = await graphql.data(
            UPDATE_EXPERIMENT, {"input": {"id": missing, "name": "anything"}}
        )

        # Assert
        error = data["updateExperiment"]
        assert error["__typename"] == "NotFoundError"
        assert error["code"] == "NOT_FOUND"
        assert error["missingId"] == missing
        assert await row_counts(db) == counts


class TestArchiveExperiment:
    async def test_archive_experiment_removes_it_from_the_list(
        self, graphql: GraphQLClient
    ) -> None:
        """An archived experiment leaves `experiments` but is still readable by id."""
        # Arrange
        kept = await create_experiment(graphql, "kept")
        archived = await create_experiment(graphql, "archived")

        # Act
        data = await graphql.data(ARCHIVE_EXPERIMENT, {"input": {"id": archived["id"]}})

        # Assert
        assert data["archiveExperiment"]["__typename"] == "Experiment"
        assert data["archiveExperiment"]["archived"] is True
        listed = (await graphql.data(EXPERIMENTS))["experiments"]
        assert [edge["node"]["id"] for edge in listed["edges"]] == [kept["id"]]
        assert listed["totalCount"] == 1
        stored = await read_experiment(graphql, archived["id"])
        assert stored is not None
        assert stored["archived"] is True

    async def test_archive_experiment_frees_its_name(
        self, graphql: GraphQLClient
    ) -> None:
        """A new experiment may take the name of an archived one."""
        # Arrange
        old = await create_experiment(graphql, "reused")
        await graphql.data(ARCHIVE_EXPERIMENT, {"input": {"id": old["id"]}})

        # Act
        data = await graphql.data(
            CREATE_EXPERIMENT, {"input": {"name": "reused", "prompt": "again"}}
        )

        # Assert
        new = data["createExperiment"]
        assert new["__typename"] == "Experiment"
        assert new["name"] == "reused"
        assert new["id"] != old["id"]

    async def test_create_run_of_archived_experiment_returns_conflict(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """An archived experiment cannot be run; no run is stored."""
        # Arrange
        experiment = await create_experiment(graphql)
        await graphql.data(ARCHIVE_EXPERIMENT, {"input": {"id": experiment["id"]}})
        counts = await row_counts(db)

        # Act
        data = await graphql.data(
            CREATE_RUN, {"input": {"experimentId": experiment["id"]}}
        )

        # Assert
        error = data["createRun"]
        assert error["__typename"] == "ConflictError"
        assert error["code"] == "CONFLICT"
        assert error["field"] == "experimentId"
        assert await row_counts(db) == counts

    async def test_archive_experiment_with_unknown_id_returns_not_found(
        self, graphql: GraphQLClient, db: Database
    ) -> None:
        """Archiving an id that names nothing gets NotFoundError; nothing changes."""
        # Arrange
        counts = await row_counts(db)

        # Act
        data = await graphql.data(ARCHIVE_EXPERIMENT, {"input": {"id": "nope"}})

        # Assert
        error = data["archiveExperiment"]
        assert error["__typename"] == "NotFoundError"
        assert error["code"] == "NOT_FOUND"
        assert error["missingId"] == "nope"
        assert await row_counts(db) == counts


LAST_RUNS = """
{ experiments { edges { node { name lastRun { id status stats { passRate } } } } } }
"""


class TestLastRun:
    async def test_each_experiment_shows_its_newest_run_or_none(
        self, graphql: GraphQLClient
    ) -> None:
        """`lastRun` is the newest of an experiment's runs; null before any."""
        # Arrange
        ran = await create_experiment(graphql, name="ran")
        await create_run(graphql, ran["id"])
        newest = await create_run(graphql, ran["id"])
        await create_experiment(graphql, name="idle")

        # Act
        data = await graphql.data(LAST_RUNS)

        # Assert
        last = {
            edge["node"]["name"]: edge["node"]["lastRun"]
            for edge in data["experiments"]["edges"]
        }
        assert last == {
            "ran": {
                "id": newest["id"],
                "status": "PENDING",
                "stats": {"passRate": None},
            },
            "idle": None,
        }
