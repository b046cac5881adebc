"""Fixtures of the fuzz tests: stored records to aim at, and a case count.

The count of requests sent is printed at the end of the session and, when
``FUZZ_CASES_FILE`` names a file, appended to it (``make fuzz`` adds up its
rounds from there).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.api.helpers import (
    ARCHIVE_EXPERIMENT,
    CANCEL_RUN,
    create_experiment,
    create_run,
)
from tests.conftest import GraphQLClient
from tests.fuzz.strategies import KNOWN_IDS


class CaseCount:
    """How many generated requests this session sent."""

    def __init__(self) -> None:
        self.sent = 0


_CASES = pytest.StashKey[CaseCount]()


@pytest.fixture(scope="session")
def fuzz_cases(pytestconfig: pytest.Config) -> CaseCount:
    """The session's count of generated requests."""
    return pytestconfig.stash.setdefault(_CASES, CaseCount())


@pytest.fixture
async def known_ids(graphql: GraphQLClient) -> dict[str, str]:
    """Placeholder → id of a stored record, one of each kind ``KNOWN_IDS`` names."""
    experiment = await create_experiment(graphql, "fuzzed")
    archived = await create_experiment(graphql, "archived")
    await graphql.data(ARCHIVE_EXPERIMENT, {"input": {"id": archived["id"]}})
    run = await create_run(graphql, experiment["id"])
    cancelled = await create_run(graphql, experiment["id"])
    await graphql.data(CANCEL_RUN, {"input": {"id": cancelled["id"]}})
    ids = [experiment["id"], archived["id"], run["id"], cancelled["id"]]
    return dict(zip(KNOWN_IDS, ids, strict=True))


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print the number of fuzz cases sent; append it to ``FUZZ_CASES_FILE``."""
    count = config.stash.get(_CASES, None)
    if count is None:
        return
    terminalreporter.write_line(f"fuzz cases sent: {count.sent}")
    cases_file = os.environ.get("FUZZ_CASES_FILE")
    if cases_file:
        with Path(cases_file).open("a") as file:
            file.write(f"{count.sent}\n")
