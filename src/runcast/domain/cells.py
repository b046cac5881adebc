"""A run's cells: each dataset row asked of the model once per repetition.

A cell is a run's item. Its index orders the run: the row's position times
the repetitions, plus the repetition, so a row's repetitions run side by
side and a rerun of some cells keeps their indexes.
"""

from __future__ import annotations

from collections.abc import Iterable

from runcast.domain.experiments import DatasetItem, ExperimentConfig
from runcast.domain.runs import RunItem

__all__ = ["cells_again", "cells_of"]

_NO_ROWS = (DatasetItem(),)
"""What a run without rows executes: its prompt, with no variables."""


def cells_of(run_id: str, config: ExperimentConfig) -> list[RunItem]:
    """Every cell of a new run of ``config``, in order."""
    repetitions = config.repetitions
    rows = config.dataset or _NO_ROWS
    return [
        RunItem(
            run_id=run_id,
            index=row * repetitions + repetition,
            row=row,
            repetition=repetition,
            variables=item.variables,
        )
        for row, item in enumerate(rows)
        for repetition in range(repetitions)
    ]


def cells_again(run_id: str, items: Iterable[RunItem]) -> list[RunItem]:
    """Cells of a new run that executes these items of another again."""
    return [
        RunItem(
            run_id=run_id,
            index=item.index,
            row=item.row,
            repetition=item.repetition,
            variables=item.variables,
        )
        for item in items
    ]
