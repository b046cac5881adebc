"""Events: the bus that wakes readers, and the feed that shares one reader per topic."""

from runcast.events.bus import EVERY_EVENT, EventBus, InMemoryEventBus, Listener
from runcast.events.feed import EventFeed

__all__ = ["EVERY_EVENT", "EventBus", "EventFeed", "InMemoryEventBus", "Listener"]
