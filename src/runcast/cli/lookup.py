"""Finding the experiment or run a command names, or saying none has that name."""

from __future__ import annotations

from runcast.cli.errors import CommandError
from runcast.client import Client
from runcast.client.generated import GetExperimentExperiment, GetRunRun

__all__ = ["find_experiment", "find_run"]


async def find_experiment(client: Client, id_or_name: str) -> GetExperimentExperiment:
    """The experiment with this id, else the live one with this exact name."""
    experiment = await client.get_experiment(id=id_or_name)
    if experiment is not None:
        return experiment
    page = await client.list_experiments(search=id_or_name, first=100)
    for edge in page.edges:
        if edge.node.name == id_or_name:
            found = await client.get_experiment(id=edge.node.id)
            if found is not None:
                return found
    raise CommandError(f"no experiment has the id or name {id_or_name!r}")


async def find_run(client: Client, run_id: str) -> GetRunRun:
    """The run with this id."""
    run = await client.get_run(id=run_id)
    if run is None:
        raise CommandError(f"no run has the id {run_id!r}")
    return run
