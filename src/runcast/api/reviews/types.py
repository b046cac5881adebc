"""GraphQL types of human reviews, generated from the domain models."""

from __future__ import annotations

from typing import Annotated

import strawberry

from runcast.api.descriptions import domain_descriptions
from runcast.api.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)
from runcast.api.views import view_of_model
from runcast.domain import reviews as domain

__all__ = ["Review", "ReviewItemInput", "ReviewItemResult"]


@strawberry.pydantic.type(
    name="Review", description="One reviewer's current verdict on one item of a run."
)
@domain_descriptions
class Review(domain.Review):
    run_id: strawberry.ID

    @classmethod
    def from_domain(cls, review: domain.Review) -> Review:
        """Return the GraphQL view of a domain review."""
        return view_of_model(cls, review)


@strawberry.pydantic.input(
    name="ReviewItemInput",
    description="A verdict on a finished item; it replaces the reviewer's earlier one.",
)
@domain_descriptions
class ReviewItemInput(domain.ReviewCreate):
    run_id: strawberry.ID


ReviewItemResult = Annotated[
    Review | ValidationError | NotFoundError | ConflictError | ForbiddenError,
    strawberry.union(
        "ReviewItemResult", description="The review stored, or why it was not."
    ),
]
