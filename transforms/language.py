"""A cheap language check: is this English prose the English model can read?"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

MIN_STOPWORD_RATIO = 0.2
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def detect_language(text: str) -> str | None:
    """'en' when English function words make up a normal share of the words, else None (unknown)."""
    words = _WORD.findall(text.casefold()[:20_000])
    if len(words) < 5:
        return None
    ratio = sum(w in STOP_WORDS for w in words) / len(words)
    return "en" if ratio >= MIN_STOPWORD_RATIO else None
