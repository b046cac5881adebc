"""Generated operations and requests against the real schema and app."""
