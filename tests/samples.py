"""Small made-up news inputs in every format the pipeline reads, built as bytes for tests."""

from __future__ import annotations

import gzip
import hashlib
import json

from hypothesis import strategies as st

from transforms.prepare import RawInput

TITLE = "Trade talks resume in Geneva"
PARAGRAPHS = (
    "Negotiators met in Geneva on 4 March to resume trade talks, officials said on Wednesday after a long pause.",
    "The next round is scheduled for April, according to a statement released by the ministry on Thursday.",
    "Both delegations said they expected a text to be ready for signature before the summer, a spokesperson added.",
)
BODY = "\n\n".join(PARAGRAPHS)
FRENCH = ("Les négociateurs se sont réunis à Genève le 4 mars pour reprendre les discussions commerciales, "
          "ont indiqué mercredi les responsables après une longue pause.")
RUSSIAN = ("Переговорщики встретились в Женеве 4 марта, чтобы возобновить торговые переговоры, "
           "сообщили в среду официальные лица после долгого перерыва.")
NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>'
COOKIES = '<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies.</p></div>'
MOST_READ = ('<aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Storm hits coast</a></li>'
             '<li><a href="/b">Markets fall sharply</a></li></ol></aside>')
FOOTER = "<footer><p>Copyright 2025 Example News. All rights reserved. Privacy policy.</p></footer>"


def make_raw(name: str, data: bytes) -> RawInput:
    """A raw input as the read layer makes it."""
    return RawInput(name, hashlib.sha256(data).hexdigest(), len(data), data)


def make_page(*, head: str = "", header: str = f"<h1>{TITLE}</h1>", paragraphs=PARAGRAPHS) -> str:
    """A news page with boilerplate around the article."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{TITLE} | Example News</title>{head}</head><body>{NAV}{COOKIES}"
            f"<article>{header}{body}</article>{MOST_READ}{FOOTER}</body></html>")


META_PAGE = make_page(head='<meta property="article:published_time" content="2025-03-05T09:10:00+00:00">')
TIME_PAGE = make_page(
    header=f'<header><h1>{TITLE}</h1><time datetime="2024-11-20T08:30:00">20 November</time></header>')
JSONLD_PAGE = make_page(head='<script type="application/ld+json">{"@context": "https://schema.org", '
                             '"@type": "NewsArticle", "headline": "Trade talks resume in Geneva", '
                             '"datePublished": "2021-06-07T14:30:00+02:00", '
                             '"author": {"@type": "Person", "name": "Jane Roe"}}</script>')


def make_json(obj) -> bytes:
    """JSON bytes."""
    return json.dumps(obj, ensure_ascii=False).encode()


def make_jsonl(*objs) -> bytes:
    """JSON Lines bytes."""
    return "\n".join(json.dumps(o) for o in objs).encode() + b"\n"


def make_gzip(data: bytes) -> bytes:
    """Gzip-compressed bytes (fixed mtime: the same bytes every time)."""
    return gzip.compress(data, mtime=0)


# Hypothesis strategies: any file name (with or without a known suffix) and any content, raw or near a format.
NAMES = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="/\x00"), min_size=1, max_size=30)
SUFFIXES = st.sampled_from(["", ".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".gz", ".json.gz", ".txt.gz",
                            ".png", ".TXT"])
TEXTS = st.text(max_size=300)
JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXTS,
                       lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
                           st.sampled_from(["title", "text", "body", "content", "date", "url", "author", "x"]) | TEXTS,
                           kids, max_size=5), max_leaves=12)
CONTENTS = st.one_of(
    st.binary(max_size=600),
    TEXTS.map(str.encode),
    st.tuples(TEXTS, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1251", "cp1252", "latin-1"])).map(
        lambda t: t[0].encode(t[1], errors="replace")),
    JSONISH.map(make_json),
    st.lists(JSONISH, max_size=4).map(lambda objs: make_jsonl(*objs)),
    TEXTS.map(lambda t: f"<html><body><article><p>{t}</p></article></body></html>".encode()),
    st.binary(max_size=300).map(make_gzip),
    st.tuples(st.binary(max_size=300), st.integers(0, 40)).map(lambda t: make_gzip(t[0])[:t[1]]),
)
FILES = st.lists(st.tuples(st.tuples(NAMES, SUFFIXES).map("".join), CONTENTS), min_size=1, max_size=4,
                 unique_by=lambda f: f[0])
