"""What Runcast is measured against: the least code that does the same work."""
