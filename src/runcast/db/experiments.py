"""Storing and loading experiments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlmodel import col

from runcast.db.pagination import fetch_page
from runcast.db.tables import ExperimentRow
from runcast.domain.errors import ConflictError
from runcast.domain.experiments import Experiment
from runcast.domain.pagination import Page, PageRequest

__all__ = [
    "get_experiment",
    "get_experiments",
    "list_experiments",
    "save_experiment",
]


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
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as error:
        raise ConflictError(
            f"an experiment named {experiment.name!r} already exists", field="name"
        ) from error


def get_experiment(session: Session, experiment_id: str) -> Experiment | None:
    """Return the experiment with this id, archived or not."""
    row = session.get(ExperimentRow, experiment_id)
    return None if row is None else _to_domain(row)


def get_experiments(
    session: Session, experiment_ids: list[str]
) -> dict[str, Experiment]:
    """Return the experiments with these ids, by id (in one query)."""
    statement = select(ExperimentRow).where(col(ExperimentRow.id).in_(experiment_ids))
    rows = (session.scalars(statement)).all()
    return {row.id: _to_domain(row) for row in rows}


def list_experiments(
    session: Session,
    request: PageRequest,
    *,
    search: str | None = None,
    include_archived: bool = False,
) -> Page[Experiment]:
    """Return a page of experiments, newest first."""
    statement = select(ExperimentRow)
    if not include_archived:
        statement = statement.where(col(ExperimentRow.archived).is_(False))
    if search:
        statement = statement.where(
            col(ExperimentRow.name).icontains(search, autoescape=True)
        )
    return fetch_page(
        session, statement, table=ExperimentRow, request=request, to_domain=_to_domain
    )


def _to_domain(row: ExperimentRow) -> Experiment:
    return Experiment.model_validate(row, from_attributes=True)
