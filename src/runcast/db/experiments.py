"""Storing and loading experiments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlmodel import col

from runcast.db.database import connection_of
from runcast.db.pagination import fetch_page
from runcast.db.tables import ExperimentRow
from runcast.db.unique import add_unique
from runcast.domain.errors import ConflictError
from runcast.domain.experiments import DatasetItem, Experiment, ExperimentSummary
from runcast.domain.pagination import Page, PageRequest

__all__ = [
    "get_experiment",
    "get_experiment_datasets",
    "get_experiment_summaries",
    "list_experiments",
    "save_experiment",
]

_experiments = ExperimentRow.__table__  # type: ignore[attr-defined]

# Every column but the dataset, and the dataset's length counted by the
# database: lists and look-ups by id never decode the rows.
_SUMMARIES: Select[Any] = select(
    *(column for column in _experiments.c if column.name != "dataset"),
    func.json_array_length(_experiments.c.dataset).label("dataset_size"),
)
_SUMMARIES_BY_ID = _SUMMARIES.where(
    _experiments.c.id.in_(bindparam("ids", expanding=True))
)
_DATASETS_BY_ID = select(_experiments.c.id, _experiments.c.dataset).where(
    _experiments.c.id.in_(bindparam("ids", expanding=True))
)
_DATASET = TypeAdapter(list[DatasetItem])


def save_experiment(session: Session, experiment: Experiment) -> None:
    """Insert or update ``experiment``; a live duplicate name is a conflict."""
    row = session.get(ExperimentRow, experiment.id)
    values = experiment.model_dump(mode="json", exclude={"created_at", "updated_at"})
    if row is None:
        row = ExperimentRow(
            **values,
            created_at=experiment.created_at,
            updated_at=experiment.updated_at,
        )
    else:
        row.sqlmodel_update(values | {"updated_at": experiment.updated_at})
    add_unique(
        session,
        row,
        taken=lambda: ConflictError(
            f"an experiment named {experiment.name!r} already exists", field="name"
        ),
    )


def get_experiment(session: Session, experiment_id: str) -> Experiment | None:
    """Return the experiment with this id, archived or not."""
    row = session.get(ExperimentRow, experiment_id)
    return None if row is None else _to_domain(row)


def get_experiment_summaries(
    source: Session | Connection, experiment_ids: list[str]
) -> dict[str, ExperimentSummary]:
    """Return the experiments with these ids without their datasets, by id."""
    rows = connection_of(source).execute(_SUMMARIES_BY_ID, {"ids": experiment_ids})
    return {row.id: _to_summary(row) for row in rows}


def get_experiment_datasets(
    source: Session | Connection, experiment_ids: list[str]
) -> dict[str, Sequence[DatasetItem]]:
    """Return the datasets of the experiments with these ids, by id."""
    rows = connection_of(source).execute(_DATASETS_BY_ID, {"ids": experiment_ids})
    return {row.id: _DATASET.validate_python(row.dataset) for row in rows}


def list_experiments(
    session: Session,
    request: PageRequest,
    *,
    search: str | None = None,
    include_archived: bool = False,
) -> Page[ExperimentSummary]:
    """Return a page of experiments without their datasets, newest first."""
    statement = _SUMMARIES
    if not include_archived:
        statement = statement.where(col(ExperimentRow.archived).is_(False))
    if search:
        statement = statement.where(
            col(ExperimentRow.name).icontains(search, autoescape=True)
        )
    return fetch_page(
        session, statement, table=ExperimentRow, request=request, to_domain=_to_summary
    )


def _to_summary(row: Row[Any]) -> ExperimentSummary:
    return ExperimentSummary.model_validate(row, from_attributes=True)


def _to_domain(row: ExperimentRow) -> Experiment:
    return Experiment.model_validate(row, from_attributes=True)
