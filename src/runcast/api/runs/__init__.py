"""The runs part of the GraphQL schema."""

from runcast.api.runs.mutations import RunMutations
from runcast.api.runs.queries import RunQueries
from runcast.api.runs.subscriptions import RunSubscriptions

__all__ = ["RunMutations", "RunQueries", "RunSubscriptions"]
