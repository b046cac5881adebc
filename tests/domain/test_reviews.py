"""Reviews: what a run's verdicts add up to, and who a review is by."""

from __future__ import annotations

import pytest

from runcast.domain.errors import ConflictError, ValidationError
from runcast.domain.reviews import (
    ReviewCreate,
    ReviewTally,
    ReviewVerdict,
    check_reviewable,
    reviewer_of,
)

UP, DOWN = ReviewVerdict.THUMBS_UP, ReviewVerdict.THUMBS_DOWN


def review(reviewer: str | None = None) -> ReviewCreate:
    return ReviewCreate(run_id="r", item_index=0, verdict=UP, reviewer=reviewer)


class TestReviewTally:
    def test_tally_of_no_reviews_has_no_human_pass_rate(self) -> None:
        """Nothing reviewed: no rate, zero items."""
        assert ReviewTally.of([]) == ReviewTally(reviewed_items=0, human_pass_rate=None)

    def test_tally_counts_each_item_once_and_splits_disagreements(self) -> None:
        """Item 0 has 👍👎 (half a pass), item 1 👍, item 2 👎👎: (0.5 + 1 + 0) / 3."""
        tally = ReviewTally.of([(0, UP), (0, DOWN), (1, UP), (2, DOWN), (2, DOWN)])

        assert tally.reviewed_items == 3
        assert tally.human_pass_rate == pytest.approx(0.5)


class TestReviewerOf:
    def test_reviewer_without_token_is_the_name_given_or_anonymous(self) -> None:
        """No named token: the input's reviewer, else `anonymous`."""
        assert reviewer_of(review("ada"), token_name=None) == "ada"
        assert reviewer_of(review(), token_name=None) == "anonymous"

    def test_reviewer_with_token_is_its_name(self) -> None:
        """A named token reviews as itself, whether or not the input repeats it."""
        assert reviewer_of(review(), token_name="ci") == "ci"
        assert reviewer_of(review("ci"), token_name="ci") == "ci"

    def test_reviewing_as_another_than_the_token_is_refused(self) -> None:
        """Another name than the token's: a ValidationError on `reviewer`."""
        with pytest.raises(ValidationError) as refused:
            reviewer_of(review("grace"), token_name="ci")

        assert refused.value.field == "reviewer"


class TestCheckReviewable:
    def test_unfinished_item_cannot_be_reviewed(self) -> None:
        """An item without its result: a ConflictError on `item_index`."""
        with pytest.raises(ConflictError) as refused:
            check_reviewable(item_index=4, finished=False)

        assert refused.value.field == "item_index"

    def test_finished_item_can_be_reviewed(self) -> None:
        """A finished item passes the check."""
        assert check_reviewable(item_index=4, finished=True) is None
