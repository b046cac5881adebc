"""Run statuses, the moves between them, and progress counters."""

from __future__ import annotations

from itertools import product

import pytest

from runcast.domain.errors import InvalidTransitionError
from runcast.domain.runs import (
    TERMINAL_STATUSES,
    TRANSITIONS,
    RunItem,
    RunProgress,
    RunStatus,
    Usage,
    check_transition,
)

ALLOWED = [
    (current, requested)
    for current, targets in TRANSITIONS.items()
    for requested in sorted(targets)
]
FORBIDDEN = [
    (current, requested)
    for current, requested in product(RunStatus, RunStatus)
    if requested not in TRANSITIONS[current]
]


class TestRunStatus:
    def test_values_are_lowercase_names(self) -> None:
        """Each status is stored and sent as its name in lower case."""
        assert {status.value for status in RunStatus} == {
            "pending",
            "running",
            "cancelling",
            "succeeded",
            "failed",
            "cancelled",
        }
        assert all(status.value == status.name.lower() for status in RunStatus)

    def test_status_equals_its_string(self) -> None:
        """Statuses are str enums, so they compare equal to their value."""
        assert RunStatus.PENDING == "pending"  # type: ignore[comparison-overlap]
        assert RunStatus("cancelling") is RunStatus.CANCELLING
        assert isinstance(RunStatus.FAILED, str)

    def test_unknown_status_is_rejected(self) -> None:
        """Only the six statuses exist."""
        with pytest.raises(ValueError, match="'PENDING' is not a valid RunStatus"):
            RunStatus("PENDING")

    def test_transitions_cover_every_status(self) -> None:
        """The transition table names every status, and only statuses."""
        assert set(TRANSITIONS) == set(RunStatus)
        assert all(targets <= set(RunStatus) for targets in TRANSITIONS.values())


class TestCheckTransition:
    @pytest.mark.parametrize(("current", "requested"), ALLOWED)
    def test_allowed_pair_passes(
        self, current: RunStatus, requested: RunStatus
    ) -> None:
        """A move listed in TRANSITIONS raises nothing."""
        check_transition("run-1", current, requested)

    @pytest.mark.parametrize(("current", "requested"), FORBIDDEN)
    def test_forbidden_pair_raises_invalid_transition(
        self, current: RunStatus, requested: RunStatus
    ) -> None:
        """Any other move, staying put included, is an InvalidTransitionError."""
        with pytest.raises(InvalidTransitionError) as error:
            check_transition("run-1", current, requested)

        assert error.value.run_id == "run-1"
        assert error.value.current == current.name
        assert error.value.requested == requested.name
        assert error.value.code == "INVALID_TRANSITION"
        assert error.value.message == (
            f"run 'run-1' cannot go from {current.name} to {requested.name}"
        )

    def test_pairs_split_all_combinations(self) -> None:
        """Allowed and forbidden pairs together are all 36 pairs, without overlap."""
        assert len(ALLOWED) == 7
        assert len(ALLOWED) + len(FORBIDDEN) == len(RunStatus) ** 2
        assert not set(ALLOWED) & set(FORBIDDEN)

    @pytest.mark.parametrize(
        ("current", "requested"),
        [
            (RunStatus.PENDING, RunStatus.RUNNING),
            (RunStatus.PENDING, RunStatus.CANCELLED),
            (RunStatus.RUNNING, RunStatus.SUCCEEDED),
            (RunStatus.RUNNING, RunStatus.FAILED),
            (RunStatus.RUNNING, RunStatus.CANCELLING),
            (RunStatus.RUNNING, RunStatus.PENDING),
            (RunStatus.CANCELLING, RunStatus.CANCELLED),
        ],
    )
    def test_documented_life_cycle_is_allowed(
        self, current: RunStatus, requested: RunStatus
    ) -> None:
        """The table holds exactly the moves of a run's documented life cycle."""
        assert (current, requested) in ALLOWED


class TestTerminalStatuses:
    def test_terminal_statuses_are_the_finished_ones(self) -> None:
        """Succeeded, failed and cancelled runs are finished."""
        assert {
            RunStatus.SUCCEEDED,
            RunStatus.FAILED,
            RunStatus.CANCELLED,
        } == TERMINAL_STATUSES
        assert {s for s in RunStatus if s.is_terminal} == TERMINAL_STATUSES

    @pytest.mark.parametrize("status", sorted(TERMINAL_STATUSES))
    def test_terminal_status_has_no_way_out(self, status: RunStatus) -> None:
        """No status can follow a terminal one."""
        assert TRANSITIONS[status] == frozenset()
        for requested in RunStatus:
            with pytest.raises(InvalidTransitionError):
                check_transition("run-1", status, requested)

    @pytest.mark.parametrize(
        "status", [s for s in RunStatus if s not in TERMINAL_STATUSES]
    )
    def test_live_status_can_reach_a_terminal_one(self, status: RunStatus) -> None:
        """From every live status some chain of moves ends the run."""
        seen = {status}
        frontier = [status]
        while frontier:
            for following in TRANSITIONS[frontier.pop()]:
                if following not in seen:
                    seen.add(following)
                    frontier.append(following)

        assert not status.is_terminal
        assert seen & TERMINAL_STATUSES


class TestRunProgress:
    @pytest.mark.parametrize(
        ("total", "succeeded", "failed", "pending"),
        [(0, 0, 0, 0), (10, 0, 0, 10), (10, 3, 2, 5), (4, 4, 0, 0), (4, 1, 3, 0)],
    )
    def test_pending_is_what_is_not_finished(
        self, total: int, succeeded: int, failed: int, pending: int
    ) -> None:
        """pending = total - succeeded - failed."""
        progress = RunProgress(total=total, succeeded=succeeded, failed=failed)

        assert progress.pending == pending

    def test_pending_is_serialised(self) -> None:
        """The computed pending count is part of the model's dump."""
        progress = RunProgress(total=5, succeeded=1, failed=1)

        assert progress.model_dump() == {
            "total": 5,
            "succeeded": 1,
            "failed": 1,
            "cancelled": 0,
            "cached": 0,
            "pending": 3,
        }

    def test_cancelled_items_are_not_pending(self) -> None:
        """pending = total - succeeded - failed - cancelled."""
        progress = RunProgress(total=10, succeeded=3, failed=1, cancelled=4)

        assert progress.pending == 2

    def test_cached_items_are_still_succeeded_not_pending(self) -> None:
        """Cached items are counted among the succeeded; pending ignores them."""
        progress = RunProgress(total=4, succeeded=3, cached=2)

        assert progress.pending == 1

    def test_new_progress_is_empty(self) -> None:
        """A fresh progress counts nothing."""
        assert RunProgress().model_dump() == {
            "total": 0,
            "succeeded": 0,
            "failed": 0,
            "cancelled": 0,
            "cached": 0,
            "pending": 0,
        }


class TestUsage:
    def test_adding_usages_sums_tokens_and_cost(self) -> None:
        """Usage adds field by field."""
        total = Usage(input_tokens=1, output_tokens=2, cost=0.1) + Usage(
            input_tokens=3, output_tokens=4, cost=0.2
        )

        assert total == Usage(input_tokens=4, output_tokens=6, cost=0.3)

    def test_cost_drops_binary_float_noise(self) -> None:
        """A cost summed from prices reads as the decimal it is."""
        assert Usage(cost=8.950000000000001e-05).cost == 8.95e-05


class TestRunItemSpend:
    def test_answered_item_spends_its_usage(self) -> None:
        """An item the model answered cost its run what its answer cost."""
        usage = Usage(input_tokens=3, output_tokens=2, cost=0.5)
        item = RunItem(run_id="r", index=0, row=0, variables={}, usage=usage)

        assert item.spend == usage

    def test_cached_item_spends_nothing_and_keeps_its_usage(self) -> None:
        """A cached item keeps the answer's usage as a fact but spends nothing."""
        usage = Usage(input_tokens=3, output_tokens=2, cost=0.5)
        item = RunItem(
            run_id="r", index=0, row=0, variables={}, usage=usage, cached=True
        )

        assert item.spend == Usage()
        assert item.usage == usage
