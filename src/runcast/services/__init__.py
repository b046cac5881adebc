"""Use cases: the orchestrator every caller goes through."""

from runcast.services.orchestrator import Orchestrator

__all__ = ["Orchestrator"]
