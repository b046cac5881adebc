"""Experiments: a prompt template, model settings and a dataset of inputs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Annotated, Any, ClassVar, Self, overload

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from runcast.domain.assertions import MAX_VALUE_LENGTH, Assertion, AssertionKind
from runcast.domain.errors import ValidationError
from runcast.domain.model_settings import ExecutorKind, ModelSettings
from runcast.domain.templates import (
    TemplateError,
    TemplateLimitError,
    template_variables,
)
from runcast.domain.text import single_line, without_nul

__all__ = [
    "MAX_ASSERTIONS",
    "MAX_CELLS",
    "MAX_DATASET_ITEMS",
    "MAX_REPETITIONS",
    "MAX_SEARCH_LENGTH",
    "DatasetItem",
    "ExecutorKind",
    "Experiment",
    "ExperimentBase",
    "ExperimentConfig",
    "ExperimentConfigCreate",
    "ExperimentConfigUpdate",
    "ExperimentName",
    "ExperimentSummary",
    "ModelSettings",
    "Prompt",
    "RunBudget",
    "StoredRows",
    "cells_in",
    "check_cell_count",
    "check_dataset_matches_prompt",
    "check_rows_have_expected",
    "check_search",
    "model_base_urls",
]

MAX_DATASET_ITEMS = 10_000
MAX_ASSERTIONS = 100
MAX_REPETITIONS = 20
MAX_CELLS = 100_000
"""The most items a run may have: rows times repetitions."""
# a name has at most 200 characters, so a longer search can match nothing
MAX_SEARCH_LENGTH = 200


ExperimentName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(single_line),
]
Prompt = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100_000),
    AfterValidator(without_nul),
]
Description = Annotated[
    str, StringConstraints(max_length=10_000), AfterValidator(without_nul)
]


class RunBudget(BaseModel):
    """Limits that fail a run with BUDGET_EXCEEDED once spent."""

    model_config = ConfigDict(frozen=True)

    max_tokens: int | None = Field(
        None, ge=1, description="Tokens (answers' and judges') the run may spend."
    )
    max_cost: float | None = Field(
        None, gt=0, description="Cost (answers' and judges') the run may spend."
    )

    def is_spent(self, *, tokens: int, cost: float) -> bool:
        """Whether a run that spent this much has reached a limit."""
        return (self.max_tokens is not None and tokens >= self.max_tokens) or (
            self.max_cost is not None and cost >= self.max_cost
        )


class DatasetItem(BaseModel):
    """One row of a dataset: the template's variables and, optionally, the answer."""

    model_config = ConfigDict(frozen=True)

    variables: dict[str, JsonValue] = Field(
        default_factory=dict, description="Values for the prompt's variables."
    )
    expected: str | None = Field(
        None,
        max_length=MAX_VALUE_LENGTH,
        description="The expected answer: the output must equal it, unless SIMILAR "
        "or LLM_JUDGE use it.",
    )
    assertions: Sequence[Assertion] = Field(
        default_factory=list,
        max_length=MAX_ASSERTIONS,
        description="Checks of this row's output, besides the experiment's.",
    )

    def all_assertions(self, shared: Sequence[Assertion]) -> list[Assertion]:
        """The experiment's assertions, this row's, and ``equals expected``.

        Assertions that compare with the expected answer (SIMILAR without a
        value) get it as their value; then, as when a judge is shown it, no
        ``equals expected`` is added.
        """
        own = [*shared, *self.assertions]
        if not self.expected:
            return own
        if not any(assertion.uses_expected for assertion in own):
            return [*own, Assertion(kind=AssertionKind.EQUALS, value=self.expected)]
        return [
            assertion.model_copy(update={"value": self.expected})
            if assertion.compares_with_expected
            else assertion
            for assertion in own
        ]


def model_base_urls(config: ExperimentConfig) -> Iterator[tuple[str, str]]:
    """Every base URL a run of ``config`` calls, with the field that names it.

    The model's (``model.base_url``), each judge's
    (``assertions.0.judge.base_url``, ``dataset.3.assertions.0.judge.base_url``)
    and each embedding model's (``assertions.1.embedding.base_url``).
    """
    if config.model.base_url is not None:
        yield "model.base_url", config.model.base_url
    located = [
        *(("assertions", index, a) for index, a in enumerate(config.assertions)),
        *(
            (f"dataset.{row}.assertions", index, a)
            for row, item in enumerate(config.dataset)
            for index, a in enumerate(item.assertions)
        ),
    ]
    for where, index, assertion in located:
        for role, settings in (
            ("judge", assertion.judge),
            ("embedding", assertion.embedding),
        ):
            if settings is not None and settings.base_url is not None:
                yield f"{where}.{index}.{role}.base_url", settings.base_url


class StoredRows(Sequence[DatasetItem]):
    """A frozen dataset's rows as stored, each validated when first read.

    They were validated when their experiment was saved; a worker claiming a
    run of 10,000 rows, which its budget may stop after a hundred, validates
    the rows it executes and no others.
    """

    def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
        self._rows = rows
        self._read: dict[int, DatasetItem] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> DatasetItem: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[DatasetItem]: ...

    def __getitem__(self, index: int | slice) -> DatasetItem | Sequence[DatasetItem]:
        if isinstance(index, slice):
            return [self[position] for position in range(len(self))[index]]
        position = range(len(self._rows))[index]  # IndexError past the end
        if position not in self._read:
            self._read[position] = DatasetItem.model_validate(self._rows[position])
        return self._read[position]


class ExperimentBase(BaseModel):
    """Everything an experiment runs but its dataset."""

    name: ExperimentName = Field(description="Unique among live experiments.")
    description: Description = Field("", description="Free text for people.")
    prompt: Prompt = Field(description="A template with {{variable}} placeholders.")
    model: ModelSettings = Field(
        default_factory=ModelSettings,
        description="Which executor and model answer, and how.",
    )
    assertions: Sequence[Assertion] = Field(
        default_factory=list,
        max_length=MAX_ASSERTIONS,
        description="Checks applied to every item's output.",
    )
    budget: RunBudget | None = Field(None, description="Limits on what a run spends.")
    repetitions: int = Field(
        1,
        ge=1,
        le=MAX_REPETITIONS,
        description="How many answers a run asks for each row, each an item.",
    )

    checks_content: ClassVar[bool] = True
    """Whether validating parses the prompt and matches the rows to it: some
    100 ms for a 100,000-character template or a 10,000-row dataset. A
    subclass that is always validated again, as a whole, before it is used
    turns it off, so the work is done once."""

    @field_validator("prompt")
    @classmethod
    def _prompt_is_a_template(cls, prompt: str) -> str:
        if not prompt.strip():
            raise PydanticCustomError("blank", "prompt must not be blank")
        if not cls.checks_content:
            return prompt
        try:
            template_variables(prompt)
        except TemplateLimitError as error:
            raise PydanticCustomError("template_limit", str(error)) from error
        except TemplateError as error:
            raise PydanticCustomError("template_syntax", str(error)) from error
        return prompt


class ExperimentConfig(ExperimentBase):
    """What an experiment runs; a run freezes a copy of it when it is created."""

    dataset: Sequence[DatasetItem] = Field(
        default_factory=list,
        max_length=MAX_DATASET_ITEMS,
        description=f"The rows a run executes, in order (at most {MAX_DATASET_ITEMS}).",
    )

    @model_validator(mode="after")
    def _rows_define_every_variable(self) -> Self:
        # pydantic runs this whenever a config is a field's value too: rows
        # as stored were checked when saved, and reading them all validates them
        if isinstance(self.dataset, StoredRows) or not self.checks_content:
            return self
        check_cell_count(len(self.dataset), self.repetitions)
        check_dataset_matches_prompt(self.prompt, self.dataset)
        check_rows_have_expected(self.assertions, self.dataset)
        return self

    @property
    def cell_count(self) -> int:
        """How many items a run of this config has."""
        return cells_in(len(self.dataset), self.repetitions)

    def assertions_of_row(self, index: int) -> list[Assertion]:
        """What scores the items of row ``index``; none: they have no score."""
        if index < len(self.dataset):
            return self.dataset[index].all_assertions(self.assertions)
        return list(self.assertions)


def cells_in(rows: int, repetitions: int) -> int:
    """How many items a run of ``rows`` rows asked ``repetitions`` times has
    (a run without rows asks its prompt alone)."""
    return max(1, rows) * repetitions


def check_cell_count(rows: int, repetitions: int) -> None:
    """Refuse a run of more than ``MAX_CELLS`` items, at ``repetitions``."""
    cells = cells_in(rows, repetitions)
    if cells > MAX_CELLS:
        raise PydanticValidationError.from_exception_data(
            "repetitions",
            [
                InitErrorDetails(
                    type=PydanticCustomError(
                        "too_many_cells",
                        "{rows} rows, each repeated {repetitions} times, make {cells} "
                        "items; a run has at most {limit}",
                        {
                            "rows": rows,
                            "repetitions": repetitions,
                            "cells": cells,
                            "limit": MAX_CELLS,
                        },
                    ),
                    loc=("repetitions",),
                    input=repetitions,
                )
            ],
        )


def check_dataset_matches_prompt(prompt: str, dataset: Sequence[DatasetItem]) -> None:
    """Raise when dataset rows lack variables that the prompt uses.

    Each problem is located at ``dataset.<row>.variables`` so a client can show
    it next to the row.
    """
    wanted = sorted(template_variables(prompt))
    problems = [
        InitErrorDetails(
            type=PydanticCustomError(
                "missing_variable",
                # the row is in the location; clients number it for people
                "the row has no value for variable '{variable}'",
                {"variable": variable},
            ),
            loc=("dataset", index, "variables"),
            input=item.variables,
        )
        for index, item in enumerate(dataset)
        for variable in wanted
        if variable not in item.variables
    ]
    if problems:
        raise PydanticValidationError.from_exception_data("dataset", problems)


def check_rows_have_expected(
    shared: Sequence[Assertion], dataset: Sequence[DatasetItem]
) -> None:
    """Raise when a row lacks the expected answer an assertion compares with.

    Each problem is located at ``dataset.<row>.expected``.
    """
    needed = any(assertion.compares_with_expected for assertion in shared)
    problems = [
        InitErrorDetails(
            type=PydanticCustomError(
                "missing_expected",
                "a SIMILAR assertion without a value compares with the row's "
                "expected answer, and the row has none",
            ),
            loc=("dataset", index, "expected"),
            input=item.expected,
        )
        for index, item in enumerate(dataset)
        if not item.expected
        and (
            needed
            or any(assertion.compares_with_expected for assertion in item.assertions)
        )
    ]
    if problems:
        raise PydanticValidationError.from_exception_data("dataset", problems)


def check_search(search: str) -> None:
    """Refuse a search text longer than ``MAX_SEARCH_LENGTH`` characters."""
    if len(search) > MAX_SEARCH_LENGTH:
        raise ValidationError(
            f"a search has at most {MAX_SEARCH_LENGTH} characters, got {len(search)}",
            field="search",
        )


class ExperimentConfigCreate(ExperimentConfig):
    """The input that creates an experiment: only ``name`` and ``prompt`` are needed."""


_CLEARED_BY_NULL = frozenset({"budget"})


class ExperimentConfigUpdate(BaseModel):
    """A partial change to an experiment; fields left out keep their value."""

    name: ExperimentName | None = Field(
        None, description="A new name, unique among live experiments."
    )
    description: Description | None = Field(None, description="New free text.")
    prompt: Prompt | None = Field(None, description="A new prompt template.")
    model: ModelSettings | None = Field(
        None, description="New model settings, replacing all of them."
    )
    dataset: Sequence[DatasetItem] | None = Field(
        None, max_length=MAX_DATASET_ITEMS, description="New rows, replacing all."
    )
    assertions: Sequence[Assertion] | None = Field(
        None, max_length=MAX_ASSERTIONS, description="New assertions, replacing all."
    )
    budget: RunBudget | None = Field(
        None, description="A new budget; null removes the budget."
    )
    repetitions: int | None = Field(
        None, ge=1, le=MAX_REPETITIONS, description="A new count of repetitions."
    )

    def apply_to(self, config: ExperimentConfig) -> ExperimentConfig:
        """Return ``config`` with this update's fields set, validated as a whole.

        A field given as null keeps its value, except ``budget``, which null
        removes.
        """
        changes: dict[str, Any] = {
            name: value
            for name, value in self.model_dump(exclude_unset=True).items()
            if value is not None or name in _CLEARED_BY_NULL
        }
        merged = config.model_dump() | changes
        return ExperimentConfig.model_validate(merged)


class _Stored(BaseModel):
    """What storing an experiment adds to it."""

    id: str = Field(description="Stable and unique among experiments and runs.")
    archived: bool = Field(
        False, description="Archived experiments leave lists; their name is free."
    )
    created_at: datetime = Field(description="When the experiment was created.")
    updated_at: datetime = Field(description="When it last changed.")


class ExperimentSummary(ExperimentBase, _Stored):
    """An experiment without its dataset: what lists and look-ups by id need.

    A dataset may hold 10,000 rows; reading and validating it for every
    experiment of a page, or for every run's experiment name, is what such
    pages spent their time on. Ask for the rows apart when they are wanted.
    """

    dataset_size: int = Field(ge=0, description="How many rows the dataset has.")


class Experiment(ExperimentConfig, _Stored):
    """An experiment as stored."""

    def config(self) -> ExperimentConfig:
        """Return what a run of this experiment freezes."""
        return ExperimentConfig.model_validate(
            self.model_dump(include=set(ExperimentConfig.model_fields))
        )

    def summary(self) -> ExperimentSummary:
        """Return this experiment without its dataset (not validated again)."""
        shared = {
            name: getattr(self, name)
            for name in ExperimentSummary.model_fields.keys() & type(self).model_fields
        }
        return ExperimentSummary.model_construct(
            self.model_fields_set & shared.keys(),
            **shared,
            dataset_size=len(self.dataset),
        )
