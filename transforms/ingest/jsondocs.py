"""JSON and JSON Lines exports to article fields, by the field names such exports commonly use."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from transforms.errors import InputRejected
from transforms.ingest.html import has_markup, html_to_text
from transforms.ingest.timestamps import parse_timestamp

# Field names compared casefolded, without "_" and "-": "published_at", "publishedAt" and "Published-At" agree.
TITLE_FIELDS = ("title", "headline", "heading", "header")
TEXT_FIELDS = ("text", "body", "content", "articlebody", "article", "fulltext", "maintext", "bodytext",
               "articletext", "contenttext", "story")
SUMMARY_FIELDS = ("description", "summary", "abstract", "lead", "excerpt", "snippet")
DATE_FIELDS = ("publishedat", "datepublished", "published", "pubdate", "publicationdate", "publishdate",
               "publisheddate", "date", "datetime", "createdat", "datecreated", "created", "timestamp", "time",
               "updatedat", "datemodified", "updated")
URL_FIELDS = ("url", "link", "href", "canonicalurl", "sourceurl", "weburl", "permalink")
AUTHOR_FIELDS = ("author", "authors", "byline", "creator", "writer")
LIST_FIELDS = ("articles", "items", "data", "results", "documents", "docs", "entries", "posts", "records",
               "stories", "news", "hits", "response")
_NESTED_TEXT = ("rendered", "text", "value", "content", "#text", "name", "body")
MAX_DEPTH = 4


def parse_json_records(text: str) -> list[tuple[int | None, object]]:
    """The articles of a JSON document: one object (record None) or a list, numbered from 1."""
    value = load_json(text)
    if isinstance(value, Mapping) and not has_article_fields(value):
        value = next((value[k] for k in _keys(value, LIST_FIELDS) if isinstance(value[k], list)), value)
    if isinstance(value, list):
        if not value:
            raise InputRejected("no_text", "the JSON list holds no articles")
        return list(enumerate(value, start=1))
    return [(None, value)]


def parse_jsonl_records(text: str) -> Iterator[tuple[int, object | InputRejected]]:
    """(line number, parsed value or its rejection) for each non-blank line of JSON Lines."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            try:
                yield number, load_json(line)
            except InputRejected as exc:
                yield number, InputRejected(exc.reason, f"line {number}: {exc.detail.removeprefix('line 1 ')}", number)


def load_json(text: str) -> object:
    """Parsed JSON; raise InputRejected('malformed_json') with where it broke."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputRejected("malformed_json", f"line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputRejected("malformed_json", "the JSON is nested too deeply to read") from None


def has_article_fields(obj: Mapping) -> bool:
    """Whether an object carries article text (or a summary of it) under a common field name."""
    return bool(_keys(obj, TEXT_FIELDS + SUMMARY_FIELDS))


def read_article_fields(value: object) -> dict[str, object]:
    """Body, title, date, URL and author of one JSON article; raise InputRejected when it has no text."""
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, Mapping):
        raise InputRejected("no_text", f"a JSON {type(value).__name__}, not an article object")
    body = _first_text(value, TEXT_FIELDS) or _first_text(value, SUMMARY_FIELDS)
    if not body or not body.strip():
        raise InputRejected("no_text", "no article text under any of the fields "
                                       + ", ".join(TEXT_FIELDS[:3] + SUMMARY_FIELDS[:2]))
    title = _first_text(value, TITLE_FIELDS)
    return {
        "body": html_to_text(body) if has_markup(body) else body,
        "title": html_to_text(title) if title and has_markup(title) else title,
        "published_at": next((d for k in _keys(value, DATE_FIELDS) if (d := parse_timestamp(value[k]))), None),
        "url": _first_text(value, URL_FIELDS),
        "author": _first_text(value, AUTHOR_FIELDS, joiner=", "),
    }


def _keys(obj: Mapping, names: tuple[str, ...]) -> list[str]:
    """Keys of obj matching names, in the order of names."""
    folded = {}
    for key in obj:
        if isinstance(key, str):
            folded.setdefault(key.casefold().replace("_", "").replace("-", ""), key)
    return [folded[n] for n in names if n in folded]


def _first_text(obj: Mapping, names: tuple[str, ...], *, joiner: str = "\n\n") -> str | None:
    return next((t for k in _keys(obj, names) if (t := as_text(obj[k], joiner=joiner))), None)


def as_text(value: object, *, joiner: str = "\n\n", depth: int = 0) -> str | None:
    """A field's text: a string, a list of strings (paragraphs), or an object's 'rendered'/'text'/'name'."""
    if isinstance(value, str):
        return value.strip() or None
    if depth >= MAX_DEPTH:
        return None
    if isinstance(value, list):
        parts = [t for v in value if (t := as_text(v, joiner=joiner, depth=depth + 1))]
        return joiner.join(parts) or None
    if isinstance(value, Mapping):
        return next((t for k in _NESTED_TEXT if (t := as_text(value.get(k), joiner=joiner, depth=depth + 1))), None)
    return None
