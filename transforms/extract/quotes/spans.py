"""Quoted passages in an article's text: opening and closing marks, spans over paragraphs."""

from __future__ import annotations

import re

_OPEN_BEFORE = set(" \t\n([{-\u2013\u2014/")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}-\u2013\u2014/'")
_MARK = re.compile('"')


def classify_mark(text: str, i: int) -> str:
    """'open' or 'close' for the ASCII double quote at text[i], from the characters around it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _OPEN_BEFORE and after not in _CLOSE_AFTER - {"-", "'"}:
        return "open"
    if after in _CLOSE_AFTER or before not in _OPEN_BEFORE:
        return "close"
    return "open"


def find_quote_spans(paragraphs: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of quoted text; each opening mark starts a quote.

    A new opening mark before a closing one ends the open quote there (a lost paragraph break); a quote
    never closed ends with its paragraph (a quote running over paragraphs reopens with a new mark).
    """
    spans: list[tuple[int, int]] = []
    pos, open_at, prev_end = 0, None, 0
    for text in paragraphs:
        marks = [(m.start(), classify_mark(text, m.start())) for m in _MARK.finditer(text)]
        if open_at is not None:
            spans.append((open_at, prev_end))
            open_at = None
        for i, kind in marks:
            if kind == "open":
                if open_at is not None:
                    spans.append((open_at, _rstrip_end(paragraphs, pos, text, i)))
                open_at = pos + i + 1
            elif open_at is not None:
                spans.append((open_at, pos + i))
                open_at = None
        prev_end = pos + len(text)
        pos += len(text) + 2
    if open_at is not None:
        spans.append((open_at, prev_end))
    return [(s, e) for s, e in spans if e > s]


def _rstrip_end(paragraphs, pos: int, text: str, i: int) -> int:
    j = i
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return pos + j
