"""Values as people write them in files, spelt as the API takes them.

Experiment files and dataset files share these: enum values in any case
(``executor: simulated``, ``kind: contains``), and an assertion's value
written as YAML or JSON itself (a JSON Schema as a mapping, a limit as a
number), which the API takes as text.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["assertion_as_sent", "model_as_sent"]


def model_as_sent(model: object) -> None:
    """Upper-case a model settings mapping's ``executor``, in place."""
    if isinstance(model, dict) and isinstance(model.get("executor"), str):
        model["executor"] = model["executor"].upper()


def assertion_as_sent(assertion: dict[str, Any]) -> None:
    """Spell an assertion mapping as the API takes it, in place."""
    if isinstance(assertion.get("kind"), str):
        assertion["kind"] = assertion["kind"].upper()
    value = assertion.get("value")
    if isinstance(value, dict | list | bool):
        assertion["value"] = json.dumps(value)
    elif isinstance(value, int | float):
        assertion["value"] = str(value)
    for role in ("judge", "embedding"):
        model_as_sent(assertion.get(role))
