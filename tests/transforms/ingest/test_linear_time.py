"""Every text step on 1 MB of adversarial input: linear steps finish in seconds, quadratic ones would take hours.

The budget is generous on purpose (a loaded 2-core machine); quadratic steps measured before the fix took
7.7 s on 48 KB (strip_markdown) and 87 s on 100k lines (join_wrapped), i.e. far beyond it at 1 MB.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from transforms.ingest.datelines import match_dateline
from transforms.ingest.decode import decode_bytes, repair_text
from transforms.ingest.dedup import make_fingerprint
from transforms.ingest.formats import parse_input, split_front_matter, strip_markdown
from transforms.ingest.html import html_to_text, looks_like_html
from transforms.ingest.language import detect_language
from transforms.ingest.normalize import join_wrapped, normalize_text, parse_article, parse_body
from transforms.ingest.prepare import prepare_input
from transforms.records import RawInput

MB = 1_000_000
BUDGET_SECONDS = 60


def fill(unit: str, size: int = MB) -> str:
    """unit repeated to about size characters."""
    return unit * (size // len(unit))


ADVERSARIAL = {
    "stars": fill("*a "),
    "strong": fill("**a "),
    "underscores": fill("_a "),
    "brackets": fill("["),
    "open_links": fill("[a]("),
    "images": fill("!["),
    "comments": fill("<!--"),
    "heading_hashes": "# " + fill(" #") + "x",
    "backticks": fill("`a"),
    "wrapped_lines": fill("and so on\n"),
    "one_word": fill("x"),
    "one_line": fill("word "),
    "blank_lines": fill("\n"),
    "link_definitions": fill("[a\n"),
    "quotes": fill('"a '),
    "dateline_words": fill("MINSK "),
    "tags": fill("<p>a "),
}


class TooSlow(Exception):
    pass


@contextmanager
def budget(seconds: int):
    """Raise TooSlow when the block runs longer than seconds (regex matching checks for signals)."""
    def expire(*_):
        raise TooSlow(f"over the {seconds}-second budget")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


STEPS = {
    "strip_markdown": strip_markdown,
    "join_wrapped": lambda t: join_wrapped(t.split("\n")),
    "normalize_text": normalize_text,
    "parse_article": parse_article,
    "parse_body": lambda t: parse_body(t, title="a"),
    "split_front_matter": lambda t: split_front_matter("---\n" + t),
    "match_dateline": match_dateline,
    "looks_like_html": looks_like_html,
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("kind", ADVERSARIAL)
def test_string_steps_are_linear(step, kind):
    with budget(BUDGET_SECONDS):
        STEPS[step](ADVERSARIAL[kind])


# The slower library steps (ftfy, langid, MinHash, lxml) and the whole preparation of a file, on fewer inputs.
HEAVY_STEPS = {
    "repair_text": repair_text,
    "detect_language": detect_language,
    "make_fingerprint": make_fingerprint,
    "html_to_text": html_to_text,
    "decode_bytes": lambda t: decode_bytes(t.encode(), max_bytes=10 * MB),
    "prepare_markdown": lambda t: prepare_input(RawInput("a.md", "x", len(t), t.encode()), max_bytes=10 * MB),
    "prepare_text": lambda t: prepare_input(RawInput("a.txt", "x", len(t), t.encode()), max_bytes=10 * MB),
    "parse_input_html": lambda t: parse_input("a.txt", f"<html><body>{t}</body></html>".encode(), max_bytes=10 * MB),
}


@pytest.mark.parametrize("step", HEAVY_STEPS)
@pytest.mark.parametrize("kind", ["stars", "comments", "wrapped_lines", "one_line", "tags"])
def test_library_steps_are_linear(step, kind):
    with budget(BUDGET_SECONDS):
        try:
            HEAVY_STEPS[step](ADVERSARIAL[kind])
        except Exception as exc:  # a clear rejection is fine; only time matters here
            if type(exc).__name__ != "InputRejected":
                raise
