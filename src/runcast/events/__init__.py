"""Event delivery: the bus that wakes readers, and streams over the event log."""

from runcast.events.bus import EventBus, InMemoryEventBus, Listener
from runcast.events.stream import follow_events, latest_cursor

__all__ = ["EventBus", "InMemoryEventBus", "Listener", "follow_events", "latest_cursor"]
