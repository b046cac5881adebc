"""The experiments part of the GraphQL schema."""

from runcast.api.experiments.mutations import ExperimentMutations
from runcast.api.experiments.queries import ExperimentQueries

__all__ = ["ExperimentMutations", "ExperimentQueries"]
