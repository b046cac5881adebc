"""The garbage collector of a long-lived Runcast process, tuned to its heap.

A started server holds some 170,000 objects that live as long as it does:
the schema, the models, modules, pools. CPython's cycle collector walks all
of them on every full collection, and a GraphQL request allocates enough to
trigger collections often: profiled, the collector was 40 % of a ``run(id)``
query's CPU. ``settle()``, called once a process has started, freezes what
exists then (the collector never walks it again; reference counting still
frees it) and collects the youngest generation less often.
"""

from __future__ import annotations

import gc

__all__ = ["YOUNGEST_GENERATION_THRESHOLD", "settle"]

YOUNGEST_GENERATION_THRESHOLD = 10_000
"""Allocations of containers between two collections of the youngest objects.

CPython's default is 700: a request or an item's worth of allocations.
"""


def settle() -> None:
    """Collect, then freeze the surviving heap and collect young objects less often.

    For a process's entry point, once its long-lived state is built; the
    settings are the process's, so libraries and tests never call it.
    """
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_GENERATION_THRESHOLD, middle, oldest)
