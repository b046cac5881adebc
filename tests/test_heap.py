"""A long-lived process settles its heap once started, and only then."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from runcast import heap
from runcast.app import create_app
from runcast.settings import Settings


@pytest.fixture
def unsettled() -> Iterator[None]:
    """The test process's collector as it was, before and after the test."""
    threshold = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("unsettled")
class TestSettle:
    def test_freezes_the_surviving_heap(self) -> None:
        survivor = [object()]  # a container the collector tracks

        heap.settle()

        assert gc.get_freeze_count() > 0
        assert gc.is_tracked(survivor)
        assert not any(found is survivor for found in gc.get_objects())

    def test_collects_the_youngest_objects_less_often(self) -> None:
        _, middle, oldest = gc.get_threshold()

        heap.settle()

        assert gc.get_threshold() == (
            heap.YOUNGEST_GENERATION_THRESHOLD,
            middle,
            oldest,
        )

    def test_garbage_made_before_is_collected_not_frozen(self) -> None:
        class Cycle:
            pass

        cycle = Cycle()
        cycle.self = cycle  # type: ignore[attr-defined]
        del cycle

        heap.settle()

        assert not any(isinstance(found, Cycle) for found in gc.get_objects())


@pytest.mark.usefixtures("unsettled")
class TestApp:
    async def test_the_served_app_settles_once_started(
        self, settings: Settings
    ) -> None:
        app = create_app(settings, settle_heap=True)

        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold()[0] == heap.YOUNGEST_GENERATION_THRESHOLD

    async def test_an_app_made_without_it_leaves_the_heap_alone(
        self, settings: Settings
    ) -> None:
        threshold = gc.get_threshold()
        app = create_app(settings)

        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() == 0
            assert gc.get_threshold() == threshold
