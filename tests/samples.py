"""Small made-up news inputs in every format the pipeline reads, built as bytes for tests."""

from __future__ import annotations

import gzip
import hashlib
import json

from hypothesis import strategies as st

from transforms.records import RawInput

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


_FIRST = ("Anna", "Marek", "Liu", "Omar", "Sofia", "Ivan", "Grace", "Tomas", "Amara", "Pedro", "Nadia", "Kenji")
_LAST = ("Novak", "Okafor", "Lindqvist", "Haddad", "Moreau", "Petrov", "Tanaka", "Silva", "Kowalski", "Mensah")
_PLACES = ("Vienna", "Nairobi", "Lima", "Oslo", "Hanoi", "Tunis", "Quito", "Riga", "Dakar", "Manila", "Accra")
_TOPICS = ("water supplies", "rail freight", "fishing quotas", "vaccine research", "border checks", "grain exports",
           "flood defences", "school funding", "power grids", "airport capacity", "mining permits", "port fees")


def make_article(k: int) -> str:
    """A distinct made-up news story (title line, dated body) built from the number k."""
    def pick(items, n):
        return items[(k * 7 + n * 5) % len(items)]
    a, b = f"{pick(_FIRST, 0)} {pick(_LAST, 1)}", f"{pick(_FIRST, 3)} {pick(_LAST, 4)}"
    place, topic, other = pick(_PLACES, 2), _TOPICS[k % len(_TOPICS)], _TOPICS[(k + 5) % len(_TOPICS)]
    return (f"Talks on {topic} open in {place} (report {k})\n\n"
            f"Minister {a} met {b} in {place} on {k % 27 + 1} March to discuss {topic}, officials said.\n\n"
            f'"We agreed to meet again before the summer to settle {topic}," {a} told reporters after the '
            f"meeting, which lasted {k % 5 + 2} hours.\n\n"
            f"The two sides will hold a second round on {other} next month, and {b} said {k + 3} experts "
            f"would prepare a report costing ${k + 2}m by the end of the year, case number {k * 7919}.")


def build_hostile_folder(root, *, n_good: int = 50, big_files: int = 0) -> tuple[set[str], set[str], set[str]]:
    """Issue 13's hostile files plus n_good made-up articles under root/input, the warehouse at root/input/wh.

    Returns (good article paths, long-text paths that must be stored unanalyzed, paths that must be rejects).
    """
    import os
    import random
    import socket
    from pathlib import Path

    inputs = Path(root) / "input"
    inputs.mkdir(parents=True)
    good = set()
    for k in range(n_good):
        (inputs / "good").mkdir(exist_ok=True)
        (inputs / "good" / f"{k:03d}.txt").write_text(make_article(k))
        good.add(f"good/{k:03d}.txt")
    rng = random.Random(13)
    words = [w for k in range(40) for w in make_article(k).split() if w.isalpha()]

    def prose(n_chars: int, sentence_words: int = 18) -> str:
        out, size = [], 0
        while size < n_chars:
            s = " ".join(rng.choice(words) for _ in range(sentence_words)).capitalize() + ". "
            out.append(s)
            size += len(s)
        return "".join(out)[:n_chars]

    long_texts = {"long/one_line_5mb.txt", "long/paragraph_900k.txt"}
    (inputs / "long").mkdir()
    (inputs / "long" / "one_line_5mb.txt").write_text(prose(5_000_000).replace(". ", " "))  # one line, no stops
    (inputs / "long" / "paragraph_900k.txt").write_text("A long paragraph\n\n" + prose(900_000))
    (inputs / "long" / "paragraph_100k.txt").write_text("A paragraph parsed in pieces\n\n" + prose(100_000))
    good.add("long/paragraph_100k.txt")
    (inputs / "adversarial").mkdir()
    (inputs / "adversarial" / "stars.md").write_text("# Title\n\n" + "*a _b [c **d `e " * 10_000)   # ~150 KB
    (inputs / "adversarial" / "wrapped.txt").write_text("Wrapped text\n\n" + "\n".join(
        prose(60, 8).lower().rstrip(". ") for _ in range(10_000)))                               # ~600 KB
    (inputs / "adversarial" / "comments.md").write_text("<!--" * 50_000 + "\n\nSome words here.")
    bad = {"links/passwd_link.txt", "links/proc_status.txt", "links/dev_zero.txt", "links/loop_a.txt",
           "links/loop_b.txt", "special/pipe.txt", "special/socket.txt", "too_big.txt"}
    (inputs / "links").mkdir()
    os.symlink("/etc/passwd", inputs / "links" / "passwd_link.txt")
    os.symlink("/proc/self/status", inputs / "links" / "proc_status.txt")
    os.symlink("/dev/zero", inputs / "links" / "dev_zero.txt")
    os.symlink("loop_b.txt", inputs / "links" / "loop_a.txt")
    os.symlink("loop_a.txt", inputs / "links" / "loop_b.txt")
    (inputs / "special").mkdir()
    os.mkfifo(inputs / "special" / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(inputs / "special" / "socket.txt"))
    sock.close()
    with open(inputs / "too_big.txt", "wb") as fh:
        fh.truncate(10_000_001)  # one byte over the default max_file_bytes, sparse on disk
    if os.geteuid() != 0:  # root reads any folder
        (inputs / "locked").mkdir()
        (inputs / "locked" / "inside.txt").write_text(make_article(999))
        (inputs / "locked").chmod(0)
        bad.add("locked")
    for k in range(big_files):  # near the size limit: memory must stay bounded by batch_bytes
        (inputs / "big").mkdir(exist_ok=True)
        (inputs / "big" / f"{k:02d}.txt").write_text(f"Big file {k}\n\n" + prose(9_900_000))
        long_texts.add(f"big/{k:02d}.txt")
    return good, long_texts, bad
