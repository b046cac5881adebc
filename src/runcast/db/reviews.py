"""Storing reviews of run items, one per item and reviewer, and tallying them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlmodel import col

from runcast.db.tables import ReviewRow
from runcast.domain.reviews import ItemKey, Review, ReviewTally, ReviewVerdict

__all__ = ["list_reviews", "review_tallies", "save_review"]

_reviews = ReviewRow.__table__  # type: ignore[attr-defined]
_KEY = ("run_id", "item_index", "reviewer")
_CHANGED = ("verdict", "score", "comment", "reviewed_at")


def save_review(session: Session, review: Review) -> None:
    """Store a review in place of the reviewer's earlier one of the item, if any.

    One statement (``INSERT … ON CONFLICT DO UPDATE``), so two writes of the
    same reviewer racing each other leave one of them, never an error.
    """
    dialect = (
        postgresql if session.connection().dialect.name == "postgresql" else sqlite
    )
    statement = dialect.insert(_reviews).values(review.model_dump())
    session.execute(
        statement.on_conflict_do_update(
            index_elements=list(_KEY),
            set_={name: statement.excluded[name] for name in _CHANGED},
        )
    )


def list_reviews(
    session: Session, items: Collection[ItemKey]
) -> dict[ItemKey, list[Review]]:
    """The reviews of these items, by item, each item's oldest first."""
    found: defaultdict[ItemKey, list[Review]] = defaultdict(list)
    wanted = set(items)
    if not wanted:
        return found
    statement = (
        select(ReviewRow)
        .where(
            col(ReviewRow.run_id).in_({run_id for run_id, _ in wanted}),
            col(ReviewRow.item_index).in_({index for _, index in wanted}),
        )
        .order_by(col(ReviewRow.reviewed_at), col(ReviewRow.id))
    )
    for row in session.scalars(statement):
        key = (row.run_id, row.item_index)
        if key in wanted:
            found[key].append(Review.model_validate(row, from_attributes=True))
    return found


def review_tallies(session: Session, run_ids: Sequence[str]) -> dict[str, ReviewTally]:
    """What each run's reviews add up to, by run id (in one query)."""
    statement = select(
        col(ReviewRow.run_id), col(ReviewRow.item_index), col(ReviewRow.verdict)
    ).where(col(ReviewRow.run_id).in_(run_ids))
    verdicts: dict[str, list[tuple[int, ReviewVerdict]]] = {
        run_id: [] for run_id in run_ids
    }
    for run_id, index, verdict in session.execute(statement):
        verdicts[run_id].append((index, ReviewVerdict(verdict)))
    return {run_id: ReviewTally.of(pairs) for run_id, pairs in verdicts.items()}
