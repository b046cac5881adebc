"""The reviews part of the GraphQL schema."""

from runcast.api.reviews.mutations import ReviewMutations

__all__ = ["ReviewMutations"]
