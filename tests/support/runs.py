"""Runs set up for tests that drive the ledger by hand."""

from __future__ import annotations

from datetime import timedelta

from runcast.domain.experiments import ExperimentConfigCreate
from runcast.domain.runs import ClaimedRun
from runcast.services.ledger import RunLedger
from runcast.services.orchestrator import Orchestrator


async def claim_new_run(
    orchestrator: Orchestrator,
    ledger: RunLedger,
    *,
    rows: int,
    worker_id: str,
    lease: timedelta,
) -> ClaimedRun:
    """A new run of ``rows`` items (``Echo {{ n }}``) claimed by ``worker_id``."""
    experiment = await orchestrator.create_experiment(
        ExperimentConfigCreate.model_validate(
            {
                "name": f"claimed by {worker_id}",
                "prompt": "Echo {{ n }}",
                "dataset": [{"variables": {"n": n}} for n in range(rows)],
            }
        )
    )
    await orchestrator.create_run(experiment_id=experiment.id)
    claimed = await ledger.claim_next_run(worker_id=worker_id, lease=lease)
    assert claimed is not None
    return claimed
