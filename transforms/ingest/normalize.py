"""Text normalization as small str -> str steps, and the split of raw text into an Article."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import datetime
from functools import reduce

from transforms import resources as R
from transforms.ingest.datelines import match_dateline
from transforms.records import Article
from transforms.ingest.timestamps import parse_written

MAX_CAPTION_WORDS = 8
MAX_TITLE_WORDS = 30
STAMP_SEARCH_LINES = 3


def normalize_newlines(text: str) -> str:
    """CRLF, CR and Unicode line separators to \\n."""
    return R.NEWLINES.sub("\n", text)


def normalize_unicode(text: str) -> str:
    """NFC composition; zero-width characters removed."""
    return R.ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))


def normalize_quotes(text: str) -> str:
    """Typographic and angle quotes to ASCII quotes."""
    return R.SINGLE_QUOTES.sub("'", R.DOUBLE_QUOTES.sub('"', text))


def normalize_whitespace(text: str) -> str:
    """Runs of spaces, tabs and non-breaking spaces to one space; lines stripped."""
    return "\n".join(R.SPACES.sub(" ", line).strip() for line in text.split("\n"))


def make_pipeline(*funcs: Callable[[str], str]) -> Callable[[str], str]:
    """Compose str -> str steps left to right."""
    return lambda text: reduce(lambda acc, f: f(acc), funcs, text)


normalize_text = make_pipeline(normalize_newlines, normalize_unicode, normalize_quotes, normalize_whitespace)


def parse_stamp(line: str) -> datetime | None:
    """The publication time on a stamp line: 'Updated at 13:53,23-12-2024', 'This story is from March 10, 2002'."""
    m = R.STAMP_LINE.match(line.strip())
    if not m:
        written = R.STAMP_WRITTEN.match(line.strip())
        return parse_written(written["date"]) if written else None
    day, month, year = (m["d1"], m["m1"], m["y1"]) if m["d1"] else (m["d2"], m["m2"], m["y2"])
    hhmm = m["t1"] or m["t2"] or "00:00"
    hour, minute = (int(x) for x in hhmm.split(":"))
    try:
        return datetime(int(year), int(month), int(day), hour, minute)
    except ValueError:
        return None


def is_headline(line: str) -> bool:
    """A line that can be a headline: not a long paragraph, not a story opening with a wire dateline."""
    return len(line.split()) <= MAX_TITLE_WORDS and match_dateline(line) is None


def is_caption(line: str, next_line: str | None) -> bool:
    """A short unpunctuated line (a photo caption or name) directly followed by a longer paragraph."""
    words = line.split()
    return (
        next_line is not None
        and 0 < len(words) <= MAX_CAPTION_WORDS
        and not ends_sentence(line)
        and len(next_line) > 2 * len(line)
    )


def join_wrapped(lines: list[str]) -> list[str]:
    """Blocks of lines to paragraphs: a line is its own paragraph unless it is hard-wrapped."""
    # parts are joined once at the end: growing a string line by line is quadratic on 100k-line texts
    blocks: list[list[str]] = []
    for line in lines:
        if blocks and not ends_sentence(blocks[-1][-1]) and line[:1].islower():
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return [" ".join(parts) for parts in blocks]


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence (or a quote, or a bracket)."""
    return bool(R.SENTENCE_END.match(line[-1:]))


def pop_stamp(lines: list[str]) -> datetime | None:
    """The publication time of a stamp line among the first lines, blanked out in place."""
    for i in [i for i, line in enumerate(lines) if line][:STAMP_SEARCH_LINES]:
        stamp = parse_stamp(lines[i])
        if stamp:
            lines[i] = ""
            return stamp
    return None


def parse_article(raw: str) -> Article:
    """Split normalized text into stamp, headline, caption and body paragraphs."""
    lines = normalize_text(raw).split("\n")
    # A stamp line may come before or right after the headline.
    published_at = pop_stamp(lines)
    body = list(lines)
    nonblank = [i for i, line in enumerate(body) if line]
    title = None
    caption = None
    if nonblank and is_headline(body[nonblank[0]]):
        first = nonblank[0]
        title = body[first]
        body[first] = ""
        # drop repeats of the headline near the top (pages that print it twice)
        for i in nonblank[1:4]:
            if body[i] == title:
                body[i] = ""
        rest = [i for i, line in enumerate(body) if line]
        if len(rest) >= 2 and is_caption(body[rest[0]], body[rest[1]]):
            caption = body[rest[0]]
            body[rest[0]] = ""
    paragraphs = join_wrapped([line for line in body if line])
    if title and not paragraphs:
        # a one-line text is all body
        paragraphs, title = [title], None
    return Article(title=title, published_at=published_at, caption=caption, paragraphs=tuple(paragraphs))


def parse_body(raw: str, *, title: str | None) -> Article:
    """An article whose headline the file gives apart (HTML, JSON): stamp line, repeats of the headline dropped."""
    lines = normalize_text(raw).split("\n")
    published_at = pop_stamp(lines)
    title = " ".join(normalize_text(title or "").split()) or None
    nonblank = [i for i, line in enumerate(lines) if line]
    for i in nonblank[:3]:
        if title and lines[i].casefold() == title.casefold():
            lines[i] = ""
    paragraphs = join_wrapped([line for line in lines if line])
    return Article(title=title, published_at=published_at, caption=None, paragraphs=tuple(paragraphs))
