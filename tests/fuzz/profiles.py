"""How many cases each fuzz test runs: few and fixed by default, many on demand.

The default profile draws the same cases every run (CI is deterministic)
and keeps the whole module to a few hundred requests. ``FUZZ_PROFILE=fuzz``
(what ``make fuzz`` sets) draws new cases every run and multiplies each
test's count by ``FUZZ_MULTIPLIER`` (default 20).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

__all__ = ["examples"]

_SUPPRESSED = [
    # One app and database serve every example: counts are compared per example.
    HealthCheck.function_scoped_fixture,
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
]

settings.register_profile(
    "bounded",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SUPPRESSED,
)
settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SUPPRESSED,
)

_PROFILE = os.environ.get("FUZZ_PROFILE", "bounded")
_MULTIPLIER = int(os.environ.get("FUZZ_MULTIPLIER", "20")) if _PROFILE == "fuzz" else 1


def examples(count: int) -> settings:
    """Settings for a test that runs ``count`` cases in the bounded run."""
    return settings(settings.get_profile(_PROFILE), max_examples=count * _MULTIPLIER)
