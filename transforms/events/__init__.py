"""Events: who did what to whom, when and where (PLOVER types), each with a confidence from its evidence."""

from transforms.events.extract import extract_events
from transforms.events.triggers import match_trigger

__all__ = ["extract_events", "match_trigger"]
