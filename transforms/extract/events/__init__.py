"""Events: who did what to whom, when and where (PLOVER types), each with a confidence from its evidence."""

from transforms.extract.events.extract import extract_events
from transforms.extract.events.triggers import match_trigger

__all__ = ["extract_events", "match_trigger"]
