"""Reviewing run items."""

from __future__ import annotations

from typing import Annotated

import strawberry

from runcast.api.context import Info
from runcast.api.reviews.types import Review, ReviewItemInput, ReviewItemResult
from runcast.domain.reviews import ReviewCreate

__all__ = ["ReviewMutations"]


@strawberry.type
class ReviewMutations:
    @strawberry.mutation(
        description=(
            "Review a finished item: 👍 or 👎, optionally a score from 0 to 1 and a "
            "comment. The reviewer's earlier review of it is replaced (the last "
            "write wins); every review is a `ReviewAdded` event of the run."
        )
    )
    async def review_item(
        self,
        info: Info,
        input: Annotated[
            ReviewItemInput, strawberry.argument(description="The review.")
        ],
    ) -> ReviewItemResult:
        review = await info.context.orchestrator.review_item(
            ReviewCreate.model_validate(input.model_dump()),
            token_name=info.context.token_name,
        )
        return Review.from_domain(review)
