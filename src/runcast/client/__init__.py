"""Runcast's typed Python client, generated from ``schema.graphql``.

``connect(url, token)`` gives a :class:`Client` whose methods are the
operations in ``runcast/client/operations``; their results are pydantic
models in :mod:`runcast.client.generated`, one class per union member, so
``isinstance`` tells a ``Run`` from a ``NotFoundError``.
"""

from runcast.client.connection import DEFAULT_URL, connect, endpoints
from runcast.client.generated import (
    Client,
    GraphQLClientError,
    GraphQLClientGraphQLMultiError,
    GraphQLClientHttpError,
)

__all__ = [
    "DEFAULT_URL",
    "Client",
    "GraphQLClientError",
    "GraphQLClientGraphQLMultiError",
    "GraphQLClientHttpError",
    "connect",
    "endpoints",
]
