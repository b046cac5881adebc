"""Runcast benchmarks: each reports a ratio against a reference run alongside."""
