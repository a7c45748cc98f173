"""Input files to source records: format by content and extension, gzip unwrapped, one record per article."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from transforms.ingest.decode import decode_bytes
from transforms.errors import InputRejected
from transforms.ingest.html import extract_page, html_to_text, looks_like_html
from transforms.ingest.jsondocs import (
    has_article_fields, load_json, parse_json_records, parse_jsonl_records, read_article_fields,
)

SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
    ".xhtml": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
}
GZIP_SUFFIXES = (".gz", ".gzip")
GZIP_MAGIC = b"\x1f\x8b"
MAX_GZIP_LAYERS = 3


@dataclass(frozen=True)
class SourceRecord:
    """One article as an input file gives it: body text and whatever metadata the format carries."""

    body: str
    format: str  # text, markdown, html, json or jsonl
    encoding: str
    record: int | None = None  # 1-based record of a multi-record file
    title: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    author: str | None = None


def name_suffix(name: str) -> str:
    """The lower-case suffix that names the format, after any .gz ('a.JSON.gz' → '.json')."""
    path = PurePosixPath(name.lower())
    return path.with_suffix("").suffix if path.suffix in GZIP_SUFFIXES else path.suffix


def is_supported_name(name: str) -> bool:
    """A name newsetl reads: a known suffix, .gz of one, or no suffix at all (the content decides)."""
    suffix = name_suffix(name)
    return suffix in SUFFIX_FORMATS or suffix == "" or not re.fullmatch(r"\.[a-z][a-z0-9]{0,7}", suffix)


def gunzip_bytes(data: bytes, *, max_bytes: int) -> bytes:
    """Gzip-decompressed bytes (all members); raise InputRejected when corrupt or larger than max_bytes."""
    out, rest = bytearray(), data
    try:
        while rest:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += d.decompress(rest, max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise InputRejected("too_large", f"decompresses to more than the {max_bytes:,}-byte limit")
            if not d.eof:
                raise InputRejected("corrupt_gzip", "the gzip data is truncated")
            rest = d.unused_data.lstrip(b"\x00")
    except zlib.error as exc:
        raise InputRejected("corrupt_gzip", f"not valid gzip data: {exc}") from None
    return bytes(out)


def parse_input(name: str, data: bytes, *, max_bytes: int) -> tuple[list[SourceRecord], list[InputRejected]]:
    """The articles a file holds, and rejections of single records; raise InputRejected for the whole file."""
    suffix = name_suffix(name)
    for _ in range(MAX_GZIP_LAYERS):  # the content decides: gzip magic is unwrapped whatever the name says
        if not data.startswith(GZIP_MAGIC):
            break
        data = gunzip_bytes(data, max_bytes=max_bytes)
    decoded = decode_bytes(data, max_bytes=max_bytes)
    text, encoding, declared = decoded.text, decoded.encoding, SUFFIX_FORMATS.get(suffix)
    if declared in ("json", "jsonl"):
        return read_json(text, encoding, lines_first=declared == "jsonl")
    if declared != "html" and text.lstrip()[:1] in ("{", "[") and (found := sniff_json(text, encoding)):
        return found
    if declared == "html" and "<" in text:
        return [SourceRecord(format="html", encoding=encoding, **extract_page(text))], []
    if looks_like_html(text, page_only=declared == "markdown"):
        try:
            return [SourceRecord(format="html", encoding=encoding, **extract_page(text))], []
        except InputRejected:  # text with some markup in it, not a page: keep its words
            text = html_to_text(text)
    if declared == "markdown":
        fields, body = split_front_matter(text)
        return [SourceRecord(format="markdown", encoding=encoding, **{**fields, "body": strip_markdown(body)})], []
    return [SourceRecord(text, "text", encoding)], []


def read_json(text: str, encoding: str, *, lines_first: bool) -> tuple[list[SourceRecord], list[InputRejected]]:
    """Records of a JSON or JSON Lines file, whichever its content turns out to be."""
    if lines_first:
        lines = list(parse_jsonl_records(text))
        if any(not isinstance(v, InputRejected) for _, v in lines):
            return _records(lines, "jsonl", encoding)
        return _records(parse_json_records(text), "json", encoding)  # one pretty-printed document, or malformed
    try:
        items = parse_json_records(text)
    except InputRejected as whole:
        lines = list(parse_jsonl_records(text)) if whole.reason == "malformed_json" else []
        if len(lines) > 1 and any(not isinstance(v, InputRejected) for _, v in lines):
            return _records(lines, "jsonl", encoding)
        raise
    return _records(items, "json", encoding)


def sniff_json(text: str, encoding: str) -> tuple[list[SourceRecord], list[InputRejected]] | None:
    """Records of text that turns out to be JSON articles; None when it is not (then it is read as text)."""
    try:
        first = load_json(text)
    except InputRejected:
        first = next((v for _, v in parse_jsonl_records(text)), None)
    items = first if isinstance(first, list) else [first]
    if not any(isinstance(v, dict) and has_article_fields(v) for v in items[:10]):
        return None
    try:
        records, rejects = read_json(text, encoding, lines_first=False)
    except InputRejected:
        return None
    return (records, rejects) if records else None


def _records(items, fmt: str, encoding: str) -> tuple[list[SourceRecord], list[InputRejected]]:
    records, rejects = [], []
    for number, value in items:
        if isinstance(value, InputRejected):
            rejects.append(value)
            continue
        try:
            records.append(SourceRecord(format=fmt, encoding=encoding, record=number, **read_article_fields(value)))
        except InputRejected as exc:
            if number is None:
                raise
            rejects.append(exc.for_record(number))
    if not records and len(rejects) == 1 and len(items) == 1:
        raise rejects[0].for_record(None)
    return records, rejects


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<head>(?:.*\n){0,50}?)---[ \t]*\n")
_MD_RULES = (
    # Every pattern stops at the next delimiter or line end, so adversarial input (thousands of unclosed
    # markers on one line) costs linear time, never a rescan to the end of the text per marker.
    (re.compile(r"<!--.*?(?:-->|\Z)", re.S), ""),                           # comments (unclosed: to the end)
    (re.compile(r"^```.*$|^~~~.*$", re.M), ""),                             # code fences (content kept)
    (re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)"), ""),                         # images
    (re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)"), r"\1"),                     # links keep their text
    (re.compile(r"^\[[^\[\]\n]+\]:[ \t]*\S+.*$", re.M), ""),                   # link definitions
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*)$", re.M), lambda m: m[1].rstrip(" \t#")),  # ATX headings
    (re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$", re.M), ""),                     # setext underlines, rules
    (re.compile(r"^ {0,3}(?:[*_][ \t]*){3,}$", re.M), ""),                  # rules
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),                              # block quotes
    (re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+", re.M), ""),          # list markers
    (re.compile(r"\*\*(?=[^\s*])((?:[^*\n]|\*(?!\*))+?)(?<=\S)\*\*"), r"\1"),      # strong **x**
    (re.compile(r"__(?=[^\s_])((?:[^_\n]|_(?!_))+?)(?<=\S)__"), r"\1"),            # strong __x__
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),   # emphasis *x*
    (re.compile(r"(?<!\w)_(?=[^\s_])([^_\n]+?)(?<=\S)_(?!\w)"), r"\1"),           # emphasis _x_
    (re.compile(r"`([^`\n]+)`"), r"\1"),                                    # inline code
)


def strip_markdown(text: str) -> str:
    """Markdown to plain text: markup removed, words kept, one block per line."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """Title, date, URL and author from a '---' front-matter block, and the text after it."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    pairs = dict(line.split(":", 1) for line in m["head"].splitlines() if ":" in line)
    meta = {k.strip(): v.strip().strip("'\"") for k, v in pairs.items()}
    try:
        fields = read_article_fields({**meta, "text": "-"})
    except InputRejected:
        return {}, text[m.end():]
    fields.pop("body")
    return fields, text[m.end():]
