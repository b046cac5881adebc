"""Storing experiments and reading them back, a page at a time."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from runcast.db.database import Database
from runcast.db.experiments import (
    get_experiment,
    get_experiment_datasets,
    get_experiment_summaries,
    list_experiments,
    save_experiment,
)
from runcast.domain.assertions import Assertion, AssertionKind
from runcast.domain.errors import ConflictError, ValidationError
from runcast.domain.experiments import (
    DatasetItem,
    ExecutorKind,
    Experiment,
    ExperimentConfigCreate,
    ModelSettings,
    RunBudget,
)
from runcast.domain.pagination import PageRequest
from runcast.services.orchestrator import Orchestrator
from runcast.settings import Settings

T0 = datetime(2030, 1, 1, tzinfo=UTC)


LOCAL_MODEL = "http://localhost:1234/v1"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The local model the full experiment names is one the server may call."""
    return settings.model_copy(update={"allowed_base_urls": [LOCAL_MODEL]})


def experiment(
    id: str, *, name: str | None = None, created_at: datetime = T0
) -> Experiment:
    """A small experiment created at ``created_at``."""
    return Experiment(
        id=id,
        name=name or f"name-{id}",
        prompt="hi",
        created_at=created_at,
        updated_at=created_at,
    )


def full_experiment() -> Experiment:
    """An experiment with every field set away from its default."""
    return Experiment(
        id="full",
        name="everything",
        description="all fields set",
        prompt="Capital of {{ country }}?",
        model=ModelSettings(
            executor=ExecutorKind.OPENAI,
            model="gpt-x",
            temperature=0.1,
            max_tokens=42,
            system_prompt="Be brief.",
            base_url=LOCAL_MODEL,
        ),
        dataset=[
            DatasetItem(
                variables={"country": "France", "extra": [1, {"deep": None}]},
                expected="Paris",
                assertions=[Assertion(kind=AssertionKind.ICONTAINS, value="paris")],
            )
        ],
        assertions=[Assertion(kind=AssertionKind.MAX_LATENCY_MS, value="800")],
        budget=RunBudget(max_tokens=5_000, max_cost=0.5),
        archived=False,
        created_at=datetime(2030, 2, 3, 4, 5, 6, 789, tzinfo=UTC),
        updated_at=datetime(2030, 2, 3, 4, 5, 7, tzinfo=UTC),
    )


async def store(db: Database, *experiments: Experiment) -> None:
    """Save experiments in one transaction."""
    async with db.writing() as session:
        for item in experiments:
            await session.run_sync(save_experiment, item)


class TestSaveExperiment:
    async def test_save_then_get_returns_equal_experiment(self, db: Database) -> None:
        """Every field of an experiment survives a save and a load."""
        saved = full_experiment()
        await store(db, saved)

        async with db.reading() as session:
            loaded = await session.run_sync(get_experiment, saved.id)

        assert loaded is not None
        assert loaded.model_dump() == saved.model_dump()

    async def test_summary_is_the_experiment_without_its_dataset(
        self, db: Database
    ) -> None:
        """A stored summary equals the experiment's own, dataset counted not read."""
        saved = full_experiment().model_copy(
            update={
                "dataset": [
                    DatasetItem(variables={"country": str(n)}) for n in range(3)
                ]
            }
        )
        await store(db, saved)

        async with db.reading() as session:
            summaries = await session.run_sync(get_experiment_summaries, [saved.id])
            page = await session.run_sync(
                list_experiments, PageRequest(first=10, after=None)
            )

        assert summaries[saved.id].model_dump() == saved.summary().model_dump()
        assert summaries[saved.id].dataset_size == 3
        assert [item.model_dump() for item in page.items] == [
            saved.summary().model_dump()
        ]

    async def test_datasets_are_read_apart_by_id(self, db: Database) -> None:
        """get_experiment_datasets gives each known experiment's rows, in order."""
        saved = full_experiment()
        await store(db, saved, experiment("empty"))

        async with db.reading() as session:
            found = await session.run_sync(
                get_experiment_datasets, [saved.id, "empty", "nope"]
            )

        assert list(found[saved.id]) == list(saved.dataset)
        assert list(found["empty"]) == []
        assert "nope" not in found

    async def test_create_then_get_keeps_assertions_and_budget(
        self, orchestrator: Orchestrator
    ) -> None:
        """An experiment's shared assertions and budget are kept when stored."""
        config = ExperimentConfigCreate(**full_experiment().config().model_dump())
        created = await orchestrator.create_experiment(config)

        loaded = await orchestrator.get_experiment(experiment_id=created.id)

        assert list(loaded.assertions) == list(created.assertions)
        assert loaded.budget == RunBudget(max_tokens=5_000, max_cost=0.5)

    async def test_save_existing_updates_in_place(self, db: Database) -> None:
        """Saving an experiment again overwrites it and keeps its creation time."""
        original = experiment("e1")
        await store(db, original)
        changed = original.model_copy(
            update={
                "prompt": "changed",
                "created_at": T0 + timedelta(days=9),
                "updated_at": T0 + timedelta(days=1),
            }
        )

        await store(db, changed)

        async with db.reading() as session:
            loaded = await session.run_sync(get_experiment, "e1")
        assert loaded is not None
        assert loaded.prompt == "changed"
        assert loaded.created_at == T0
        assert loaded.updated_at == T0 + timedelta(days=1)

    async def test_save_duplicate_live_name_raises_conflict(self, db: Database) -> None:
        """A second live experiment with a taken name is a conflict on ``name``."""
        await store(db, experiment("e1", name="same"))

        with pytest.raises(ConflictError) as error:
            await store(db, experiment("e2", name="same"))

        assert error.value.field == "name"
        assert error.value.code == "CONFLICT"
        async with db.reading() as session:
            assert await session.run_sync(get_experiment, "e2") is None

    async def test_conflict_leaves_transaction_usable(self, db: Database) -> None:
        """A conflict undoes only the failed save; the transaction can go on."""
        async with db.writing() as session:
            await session.run_sync(save_experiment, experiment("e1", name="same"))
            with pytest.raises(ConflictError):
                await session.run_sync(save_experiment, experiment("e2", name="same"))
            await session.run_sync(save_experiment, experiment("e3", name="other"))

        async with db.reading() as session:
            found = await session.run_sync(get_experiment_summaries, ["e1", "e2", "e3"])
        assert sorted(found) == ["e1", "e3"]

    async def test_get_unknown_id_returns_none(self, db: Database) -> None:
        """Loading an id that was never stored gives None."""
        async with db.reading() as session:
            assert await session.run_sync(get_experiment, "missing") is None

    async def test_get_summaries_returns_known_ids_only(self, db: Database) -> None:
        """get_experiment_summaries maps the ids it found and skips the rest."""
        await store(db, experiment("e1"), experiment("e2"))

        async with db.reading() as session:
            found = await session.run_sync(
                get_experiment_summaries, ["e2", "nope", "e1"]
            )

        assert {key: value.id for key, value in found.items()} == {
            "e1": "e1",
            "e2": "e2",
        }


class TestListExperiments:
    async def test_list_orders_newest_first_with_id_tiebreak(
        self, db: Database
    ) -> None:
        """Experiments come newest first; equal times order by id, descending."""
        await store(
            db,
            experiment("a", created_at=T0),
            experiment("b", created_at=T0 + timedelta(seconds=1)),
            experiment("c", created_at=T0 + timedelta(seconds=1)),
            experiment("d", created_at=T0 - timedelta(seconds=1)),
        )

        async with db.reading() as session:
            page = await session.run_sync(
                list_experiments, PageRequest.parse(first=None, after=None)
            )

        assert [item.id for item in page.items] == ["c", "b", "a", "d"]
        assert page.total_count == 4
        assert not page.has_next_page

    async def test_following_cursors_visits_every_experiment_once(
        self, db: Database
    ) -> None:
        """Walking pages of two through tied and distinct times misses nothing."""
        times = [T0, T0, T0 + timedelta(microseconds=1), T0, T0 - timedelta(hours=1)]
        await store(
            db, *(experiment(f"e{n}", created_at=at) for n, at in enumerate(times))
        )
        seen: list[str] = []
        after: str | None = None

        while True:
            async with db.reading() as session:
                page = await session.run_sync(
                    list_experiments, PageRequest.parse(first=2, after=after)
                )
            seen += [item.id for item in page.items]
            assert page.total_count == 5
            if not page.has_next_page:
                break
            after = page.cursors[-1]

        assert seen == ["e2", "e3", "e1", "e0", "e4"]

    async def test_first_zero_returns_empty_page_with_total(self, db: Database) -> None:
        """Asking for no items still tells how many there are and that more exist."""
        await store(db, experiment("e1"))

        async with db.reading() as session:
            page = await session.run_sync(
                list_experiments, PageRequest.parse(first=0, after=None)
            )

        assert page.items == []
        assert page.total_count == 1
        assert page.has_next_page

    async def test_list_hides_archived_unless_asked(self, db: Database) -> None:
        """Archived experiments are left out by default."""
        archived = experiment("old").model_copy(update={"archived": True})
        await store(db, archived, experiment("new"))

        async with db.reading() as session:
            live = await session.run_sync(
                list_experiments, PageRequest(first=10, after=None)
            )
            every = await session.run_sync(
                list_experiments,
                PageRequest(first=10, after=None),
                include_archived=True,
            )

        assert [item.id for item in live.items] == ["new"]
        assert sorted(item.id for item in every.items) == ["new", "old"]

    async def test_search_matches_names_literally(self, db: Database) -> None:
        """Search is a case-insensitive substring match; % and _ are not wildcards."""
        await store(
            db,
            experiment("e1", name="Summary 100%"),
            experiment("e2", name="summary 1000"),
            experiment("e3", name="other"),
        )

        async with db.reading() as session:
            percent = await session.run_sync(
                list_experiments, PageRequest(first=10, after=None), search="100%"
            )
            word = await session.run_sync(
                list_experiments, PageRequest(first=10, after=None), search="SUMMARY"
            )

        assert [item.id for item in percent.items] == ["e1"]
        assert sorted(item.id for item in word.items) == ["e1", "e2"]

    async def test_forged_naive_cursor_raises_validation_error(
        self, orchestrator: Orchestrator
    ) -> None:
        """A cursor with a zone-less time is refused as a bad ``after``."""
        forged = base64.urlsafe_b64encode(b"2030-01-01T00:00:00|zzz").decode()

        with pytest.raises(ValidationError) as error:
            await orchestrator.list_experiments(first=10, after=forged)

        assert error.value.field == "after"
