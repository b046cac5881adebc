"""``Query.node``: an experiment or a run by id, whichever it names."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry

from runcast.api.context import Info
from runcast.api.experiments.types import Experiment
from runcast.api.node import Node
from runcast.api.runs.types import Run

__all__ = ["NodeQueries"]


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description="The experiment or run with this id; null when neither has it."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The `id` of an experiment or a run."),
        ],
    ) -> Node | None:
        # ids are UUIDs either way: look in both, batched with the request's others
        loaders = info.context.loaders
        experiment, run = await asyncio.gather(
            loaders.experiments.load(id), loaders.runs.load(id)
        )
        if experiment is not None:
            return Experiment.from_domain(experiment)
        return None if run is None else Run.from_domain(run)
