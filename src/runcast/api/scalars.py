"""Scalars whose GraphQL definition Runcast states more precisely than the default."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from strawberry.schema.types.base_scalars import DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition

__all__ = ["SCALAR_OVERRIDES"]

DateTime = dataclasses.replace(
    DateTimeDefinition,
    description=(
        "A moment in time as an RFC 3339 date-time with its UTC offset, "
        "e.g. `2030-01-31T12:00:00.123456+00:00`; Runcast answers in UTC."
    ),
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
)

SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {datetime: DateTime}
"""Pass to the schema as ``scalar_overrides``."""
