"""Experiment configs: the constraints on what a client may create or change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError as PydanticValidationError

from runcast.domain.assertions import Assertion, AssertionKind
from runcast.domain.experiments import (
    MAX_CELLS,
    MAX_DATASET_ITEMS,
    MAX_REPETITIONS,
    DatasetItem,
    ExecutorKind,
    Experiment,
    ExperimentConfig,
    ExperimentConfigCreate,
    ExperimentConfigUpdate,
    ModelSettings,
    RunBudget,
)


def errors_of(error: pytest.ExceptionInfo[PydanticValidationError]) -> list[Any]:
    """The (type, loc) pairs of a pydantic validation error, in order."""
    return [(detail["type"], detail["loc"]) for detail in error.value.errors()]


class TestName:
    def test_create_with_padded_name_trims_it(self) -> None:
        """Whitespace around the name is removed."""
        config = ExperimentConfigCreate(name="  greeting \t\n", prompt="hi")

        assert config.name == "greeting"

    @pytest.mark.parametrize("name", ["", " ", "   \t\n  "])
    def test_create_with_blank_name_is_rejected(self, name: str) -> None:
        """An empty or whitespace-only name is too short once trimmed."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name=name, prompt="hi")

        assert errors_of(error) == [("string_too_short", ("name",))]

    def test_create_with_200_char_name_is_accepted(self) -> None:
        """A name of exactly 200 characters is the longest allowed."""
        config = ExperimentConfigCreate(name="n" * 200, prompt="hi")

        assert len(config.name) == 200

    def test_create_with_201_char_name_is_rejected(self) -> None:
        """A name over 200 characters is too long."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name="n" * 201, prompt="hi")

        assert errors_of(error) == [("string_too_long", ("name",))]

    def test_create_with_padded_200_char_name_is_accepted(self) -> None:
        """The length limit applies to the trimmed name."""
        config = ExperimentConfigCreate(name="  " + "n" * 200 + "  ", prompt="hi")

        assert config.name == "n" * 200

    @pytest.mark.parametrize("name", ["a\x00b", "line\nbreak", "bell\x07"])
    def test_create_with_control_characters_in_name_is_rejected(
        self, name: str
    ) -> None:
        """A name is one line of printable text."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name=name, prompt="hi")

        assert errors_of(error) == [("value_error", ("name",))]


class TestPrompt:
    def test_create_with_empty_prompt_is_rejected(self) -> None:
        """A prompt needs at least one character."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name="e", prompt="")

        assert errors_of(error) == [("string_too_short", ("prompt",))]

    def test_create_with_whitespace_prompt_is_rejected(self) -> None:
        """A prompt of only whitespace is blank."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name="e", prompt="  \n\t ")

        assert errors_of(error) == [("blank", ("prompt",))]

    def test_create_with_100000_char_prompt_is_accepted(self) -> None:
        """A prompt of exactly 100,000 characters is the longest allowed."""
        config = ExperimentConfigCreate(name="e", prompt="p" * 100_000)

        assert len(config.prompt) == 100_000

    def test_create_with_100001_char_prompt_is_rejected(self) -> None:
        """A prompt over 100,000 characters is too long."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name="e", prompt="p" * 100_001)

        assert errors_of(error) == [("string_too_long", ("prompt",))]

    @pytest.mark.parametrize(
        "prompt", ["{{ oops", "{% if x %}never closed", "{{ a b }}", "{% endfor %}"]
    )
    def test_create_with_unparseable_template_is_rejected(self, prompt: str) -> None:
        """A prompt Jinja cannot parse is a template syntax error on ``prompt``."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name="e", prompt=prompt)

        assert errors_of(error) == [("template_syntax", ("prompt",))]
        assert "invalid template on line 1" in error.value.errors()[0]["msg"]

    def test_create_with_constant_too_large_to_compute_is_rejected(self) -> None:
        """``9 ** 8000000`` is refused on ``prompt`` without being computed."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name="e", prompt="{{ (9 ** 8000000) % 7 }}")

        assert errors_of(error) == [("template_limit", ("prompt",))]
        assert "4300 digits" in error.value.errors()[0]["msg"]

    @pytest.mark.parametrize("field", ["prompt", "description"])
    def test_create_with_nul_in_text_is_rejected(self, field: str) -> None:
        """NUL cannot be stored by every database, so no text may hold it."""
        values = {"name": "n", "prompt": "hi", field: "a\x00b"}

        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate.model_validate(values)

        assert errors_of(error) == [("value_error", (field,))]


class TestModelSettings:
    @pytest.mark.parametrize("temperature", [-0.01, 2.01, -1, 100])
    def test_create_with_temperature_out_of_range_is_rejected(
        self, temperature: float
    ) -> None:
        """Temperature must lie within 0..2."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(
                name="e", prompt="hi", model={"temperature": temperature}
            )

        assert [loc for _, loc in errors_of(error)] == [("model", "temperature")]

    @pytest.mark.parametrize("temperature", [0, 1.3, 2])
    def test_create_with_temperature_in_range_is_accepted(
        self, temperature: float
    ) -> None:
        """Both ends of 0..2 are allowed."""
        config = ExperimentConfigCreate(
            name="e", prompt="hi", model=ModelSettings(temperature=temperature)
        )

        assert config.model.temperature == temperature

    @pytest.mark.parametrize("max_tokens", [0, -5, 100_001])
    def test_create_with_max_tokens_out_of_range_is_rejected(
        self, max_tokens: int
    ) -> None:
        """max_tokens must lie within 1..100,000."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(
                name="e", prompt="hi", model={"max_tokens": max_tokens}
            )

        assert [loc for _, loc in errors_of(error)] == [("model", "max_tokens")]

    @pytest.mark.parametrize("max_tokens", [1, 100_000])
    def test_create_with_max_tokens_at_bounds_is_accepted(
        self, max_tokens: int
    ) -> None:
        """Both ends of 1..100,000 are allowed."""
        config = ExperimentConfigCreate(
            name="e", prompt="hi", model=ModelSettings(max_tokens=max_tokens)
        )

        assert config.model.max_tokens == max_tokens


class TestDataset:
    def test_create_with_10000_items_is_accepted(self) -> None:
        """A dataset of exactly 10,000 rows is the largest allowed."""
        dataset = [DatasetItem()] * MAX_DATASET_ITEMS

        config = ExperimentConfigCreate(name="e", prompt="hi", dataset=dataset)

        assert len(config.dataset) == 10_000

    def test_create_with_10001_items_is_rejected(self) -> None:
        """A dataset over 10,000 rows is too long."""
        dataset = [DatasetItem()] * (MAX_DATASET_ITEMS + 1)

        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name="e", prompt="hi", dataset=dataset)

        assert errors_of(error) == [("too_long", ("dataset",))]

    def test_create_with_row_missing_variable_locates_the_row(self) -> None:
        """A row lacking a prompt variable is reported at dataset.<row>.variables."""
        dataset = [{"variables": {"city": "Paris"}}, {"variables": {"town": "Oslo"}}]

        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(
                name="e", prompt="Weather in {{ city }}?", dataset=dataset
            )

        [detail] = error.value.errors()
        assert detail["type"] == "missing_variable"
        assert detail["loc"] == ("dataset", 1, "variables")
        assert detail["msg"] == "the row has no value for variable 'city'"

    def test_create_with_several_bad_rows_reports_each(self) -> None:
        """Every missing variable of every row is its own error, in row order."""
        dataset = [
            {"variables": {"a": 1}},
            {"variables": {"a": 1, "b": 2}},
            {"variables": {}},
        ]

        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name="e", prompt="{{ a }} {{ b }}", dataset=dataset)

        assert [(d["loc"], d["msg"]) for d in error.value.errors()] == [
            (
                ("dataset", 0, "variables"),
                "the row has no value for variable 'b'",
            ),
            (
                ("dataset", 2, "variables"),
                "the row has no value for variable 'a'",
            ),
            (
                ("dataset", 2, "variables"),
                "the row has no value for variable 'b'",
            ),
        ]

    def test_create_with_rows_defining_every_variable_is_accepted(self) -> None:
        """Rows may carry extra variables besides the ones the prompt reads."""
        config = ExperimentConfigCreate(
            name="e",
            prompt="{{ a }}",
            dataset=[{"variables": {"a": 1, "unused": True}}],
        )

        assert config.dataset[0].variables == {"a": 1, "unused": True}


class TestRepetitions:
    @pytest.mark.parametrize("repetitions", [1, MAX_REPETITIONS])
    def test_create_with_repetitions_in_range_is_accepted(
        self, repetitions: int
    ) -> None:
        """One to 20 repetitions: each row makes that many items."""
        config = ExperimentConfigCreate(
            name="e", prompt="hi", dataset=[DatasetItem()] * 3, repetitions=repetitions
        )

        assert config.cell_count == 3 * repetitions

    @pytest.mark.parametrize(
        ("repetitions", "kind"),
        [(0, "greater_than_equal"), (MAX_REPETITIONS + 1, "less_than_equal")],
    )
    def test_create_with_repetitions_out_of_range_is_rejected(
        self, repetitions: int, kind: str
    ) -> None:
        """Fewer than one or more than 20 repetitions are refused."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(name="e", prompt="hi", repetitions=repetitions)

        assert errors_of(error) == [(kind, ("repetitions",))]

    def test_create_with_100000_cells_is_accepted(self) -> None:
        """10,000 rows x 10 repetitions is the largest run allowed."""
        config = ExperimentConfigCreate(
            name="e", prompt="hi", dataset=[DatasetItem()] * 10_000, repetitions=10
        )

        assert config.cell_count == MAX_CELLS

    def test_create_with_more_than_100000_cells_is_rejected(self) -> None:
        """10,000 rows x 11 repetitions is too many items, said at repetitions."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate(
                name="e", prompt="hi", dataset=[DatasetItem()] * 10_000, repetitions=11
            )

        [detail] = error.value.errors()
        assert (detail["type"], detail["loc"]) == ("too_many_cells", ("repetitions",))
        assert detail["msg"] == (
            "10000 rows, each repeated 11 times, make 110000 items; "
            "a run has at most 100000"
        )

    def test_run_without_rows_has_one_cell_per_repetition(self) -> None:
        """No dataset: the prompt alone, once per repetition."""
        config = ExperimentConfigCreate(name="e", prompt="hi", repetitions=4)

        assert config.cell_count == 4

    def test_update_to_more_than_100000_cells_is_rejected(self) -> None:
        """An update is checked whole: more repetitions of a big dataset fail."""
        config = ExperimentConfig(
            name="e", prompt="hi", dataset=[DatasetItem()] * 10_000, repetitions=10
        )

        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigUpdate(repetitions=20).apply_to(config)

        assert errors_of(error) == [("too_many_cells", ("repetitions",))]


class TestDefaults:
    def test_create_with_name_and_prompt_fills_defaults(self) -> None:
        """Only name and prompt are needed; the rest has documented defaults."""
        config = ExperimentConfigCreate(name="minimal", prompt="hi")

        assert config.description == ""
        assert config.model == ModelSettings(
            executor=ExecutorKind.SIMULATED,
            model="simulated-1",
            temperature=0.7,
            max_tokens=256,
            system_prompt=None,
            base_url=None,
        )
        assert list(config.dataset) == []
        assert list(config.assertions) == []
        assert config.budget is None
        assert config.repetitions == 1

    @pytest.mark.parametrize("missing", ["name", "prompt"])
    def test_create_without_required_field_is_rejected(self, missing: str) -> None:
        """Name and prompt have no default."""
        fields = {"name": "e", "prompt": "hi"}
        del fields[missing]

        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigCreate.model_validate(fields)

        assert errors_of(error) == [("missing", (missing,))]


def base_config() -> ExperimentConfig:
    """A config with a variable, a dataset, an assertion and a budget."""
    return ExperimentConfig(
        name="base",
        description="the original",
        prompt="Capital of {{ country }}?",
        model=ModelSettings(temperature=0.2),
        dataset=[DatasetItem(variables={"country": "France"}, expected="Paris")],
        assertions=[Assertion(kind=AssertionKind.CONTAINS, value="a")],
        budget=RunBudget(max_tokens=1_000),
    )


class TestUpdate:
    def test_apply_to_changes_only_given_fields(self) -> None:
        """Fields left out of the update keep their value."""
        config = base_config()

        updated = ExperimentConfigUpdate(description="new words").apply_to(config)

        assert updated.description == "new words"
        assert updated.model_dump(exclude={"description"}) == config.model_dump(
            exclude={"description"}
        )

    def test_apply_to_empty_update_keeps_config(self) -> None:
        """An update with no fields returns an equal config."""
        config = base_config()

        updated = ExperimentConfigUpdate().apply_to(config)

        assert updated == config

    def test_apply_to_leaves_original_untouched(self) -> None:
        """Applying an update returns a new config and changes no input."""
        config = base_config()

        ExperimentConfigUpdate(name="other", prompt="x").apply_to(config)

        assert config == base_config()

    def test_apply_to_trims_new_name(self) -> None:
        """The merged config is validated, so a new name is trimmed."""
        updated = ExperimentConfigUpdate(name="  renamed ").apply_to(base_config())

        assert updated.name == "renamed"

    def test_apply_to_prompt_needing_missing_variable_is_rejected(self) -> None:
        """A new prompt must fit the existing dataset."""
        update = ExperimentConfigUpdate(prompt="{{ country }} and {{ language }}")

        with pytest.raises(PydanticValidationError) as error:
            update.apply_to(base_config())

        [detail] = error.value.errors()
        assert detail["loc"] == ("dataset", 0, "variables")
        assert "'language'" in detail["msg"]

    def test_apply_to_dataset_missing_variable_is_rejected(self) -> None:
        """A new dataset must fit the existing prompt."""
        update = ExperimentConfigUpdate(dataset=[DatasetItem(variables={"x": 1})])

        with pytest.raises(PydanticValidationError) as error:
            update.apply_to(base_config())

        assert errors_of(error) == [("missing_variable", ("dataset", 0, "variables"))]

    def test_apply_to_prompt_and_dataset_together_is_accepted(self) -> None:
        """Changing prompt and dataset at once is checked against each other."""
        update = ExperimentConfigUpdate(
            prompt="Hello {{ who }}", dataset=[DatasetItem(variables={"who": "you"})]
        )

        updated = update.apply_to(base_config())

        assert updated.prompt == "Hello {{ who }}"
        assert [item.variables for item in updated.dataset] == [{"who": "you"}]

    def test_update_with_blank_name_is_rejected(self) -> None:
        """An update's fields have the same constraints as a create's."""
        with pytest.raises(PydanticValidationError) as error:
            ExperimentConfigUpdate(name="   ")

        assert errors_of(error) == [("string_too_short", ("name",))]


class TestExperiment:
    def test_config_drops_stored_fields(self) -> None:
        """config() keeps exactly the config fields: no id, archive flag or times."""
        original = base_config()
        now = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
        experiment = Experiment(
            **original.model_dump(),
            id="exp-1",
            archived=True,
            created_at=now,
            updated_at=now,
        )

        config = experiment.config()

        assert type(config) is ExperimentConfig
        assert set(config.model_dump()) == set(ExperimentConfig.model_fields)
        assert config == original
