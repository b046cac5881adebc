"""Human reviews: a reviewer's verdict on one item of a run.

Each reviewer has one review per item: reviewing the item again replaces it
(last write wins). Every review written is also a ``ReviewAdded`` event in
the run's log, so the log keeps the history and the table the current word.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from runcast.domain.errors import ConflictError, ValidationError
from runcast.domain.text import single_line, without_nul
from runcast.domain.tokens import MAX_TOKEN_NAME

__all__ = [
    "ANONYMOUS_REVIEWER",
    "MAX_COMMENT_LENGTH",
    "ItemKey",
    "Review",
    "ReviewCreate",
    "ReviewTally",
    "ReviewVerdict",
    "ReviewerName",
    "check_reviewable",
    "reviewer_of",
    "thumbs_up_share",
]

MAX_COMMENT_LENGTH = 10_000
ANONYMOUS_REVIEWER = "anonymous"
"""Who reviewed, when the server needs no token and the caller named no one."""

ItemKey = tuple[str, int]
"""An item of a run: the run's id and the item's position."""

ReviewerName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TOKEN_NAME),
    AfterValidator(single_line),
]
Comment = Annotated[
    str,
    StringConstraints(max_length=MAX_COMMENT_LENGTH),
    AfterValidator(without_nul),
]


class ReviewVerdict(StrEnum):
    """A reviewer's verdict on an item: 👍 or 👎."""

    THUMBS_UP = "thumbs_up"
    THUMBS_DOWN = "thumbs_down"


class ReviewCreate(BaseModel):
    """What a reviewer says of one item of a run."""

    run_id: str = Field(description="The run the item belongs to.")
    item_index: int = Field(ge=0, description="The item's position in its run, from 0.")
    verdict: ReviewVerdict = Field(description="👍 or 👎.")
    score: float | None = Field(
        None, ge=0, le=1, allow_inf_nan=False, description="0 to 1; null: none."
    )
    comment: Comment | None = Field(
        None, description=f"Up to {MAX_COMMENT_LENGTH} characters; null: none."
    )
    reviewer: ReviewerName | None = Field(
        None,
        description=(
            "Who reviews, if no token names them (a token does); "
            f"null: `{ANONYMOUS_REVIEWER}`."
        ),
    )


class Review(BaseModel):
    """One reviewer's current verdict on one item of a run."""

    run_id: str = Field(description="The run the item belongs to.")
    item_index: int = Field(description="The item's position in its run, from 0.")
    reviewer: str = Field(
        description="Who reviewed: the API token's name, or the name given."
    )
    verdict: ReviewVerdict = Field(description="👍 or 👎.")
    score: float | None = Field(description="The reviewer's score, 0 to 1; null: none.")
    comment: str | None = Field(description="What the reviewer wrote; null: nothing.")
    reviewed_at: datetime = Field(description="When the reviewer last reviewed it.")


class ReviewTally(BaseModel):
    """What the reviews of a run's items add up to."""

    reviewed_items: int = Field(0, description="Items with at least one review.")
    human_pass_rate: float | None = Field(
        None,
        description=(
            "👍 share of reviewed items (an item with several reviewers counts "
            "the share of its reviewers who gave 👍); null: none reviewed."
        ),
    )

    @classmethod
    def of(cls, verdicts: Iterable[tuple[int, ReviewVerdict]]) -> ReviewTally:
        """Tally the ``(item index, verdict)`` of each review of one run."""
        by_item: defaultdict[int, list[ReviewVerdict]] = defaultdict(list)
        for index, verdict in verdicts:
            by_item[index].append(verdict)
        shares = [thumbs_up_share(item) for item in by_item.values()]
        return cls(
            reviewed_items=len(shares),
            human_pass_rate=sum(shares) / len(shares) if shares else None,
        )


def thumbs_up_share(verdicts: Iterable[ReviewVerdict]) -> float:
    """The share of ``verdicts`` that are 👍 (there is at least one)."""
    given = list(verdicts)
    return sum(verdict is ReviewVerdict.THUMBS_UP for verdict in given) / len(given)


def reviewer_of(review: ReviewCreate, *, token_name: str | None) -> str:
    """Who a review is by: the caller's token's name, else the name it gives.

    A caller with a named token cannot review as someone else.
    """
    if token_name is None:
        return review.reviewer or ANONYMOUS_REVIEWER
    if review.reviewer is not None and review.reviewer != token_name:
        raise ValidationError(
            f"you review as your API token's name, {token_name!r}; "
            "leave `reviewer` out",
            field="reviewer",
        )
    return token_name


def check_reviewable(*, item_index: int, finished: bool) -> None:
    """Refuse to review an item that has no result yet."""
    if not finished:
        raise ConflictError(
            f"item {item_index} has no result yet: review it once it finished",
            field="item_index",
        )
