"""Runcast's GraphQL API: schema, context and error mapping."""

from runcast.api.context import Context, Loaders
from runcast.api.schema import create_schema

__all__ = ["Context", "Loaders", "create_schema"]
