"""One input file's bytes to prepared documents: records parsed, text repaired and normalized, facts of record."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, time

from transforms.ingest.datelines import strip_dateline
from transforms.ingest.decode import repair_text
from transforms.ingest.dedup import Fingerprint, Match, make_fingerprint
from transforms.errors import InputRejected
from transforms.ingest.formats import SourceRecord, parse_input
from transforms.ingest.language import detect_language
from transforms.ingest.normalize import parse_article, parse_body
from transforms.records import Article, RawInput, make_doc_id

# Longest document text the English model reads (setting max_analyze_chars): a news story is rarely over 50,000
# characters; longer texts are stored with a note instead of holding a worker for minutes.
MAX_ANALYZE_CHARS = 300_000


@dataclass(frozen=True)
class Prepared:
    """One article of an input, normalized and ready for extraction."""

    raw: RawInput
    record: int | None
    source_format: str
    encoding: str
    article: Article
    language: str | None
    dateline_place: str | None
    url: str | None
    author: str | None
    fingerprint: Fingerprint
    duplicate: Match | None = None
    repaired: bool = False
    analysis_limit: int | None = None  # set when the text is longer than this analysis limit

    @property
    def doc_id(self) -> str:
        return make_doc_id(self.raw.source_path, self.raw.content_sha256, self.record)

    @property
    def analyzable(self) -> bool:
        """English and not a copy of an earlier document: the English model reads it."""
        return self.language == "en" and self.duplicate is None and self.analysis_limit is None

    @property
    def notes(self) -> tuple[str, ...]:
        """Why it is not analyzed, and what was repaired."""
        notes = []
        if self.duplicate is not None:
            kind = "an exact copy" if self.duplicate.exact else f"a near-duplicate ({self.duplicate.similarity:.2f})"
            notes.append(f"not analyzed: {kind} of {self.duplicate.doc_id}, whose facts already count")
        elif self.language != "en":
            what = f"'{self.language}'" if self.language else "unknown"
            notes.append(f"not analyzed: language is {what} and the extraction model reads English only")
        elif self.analysis_limit is not None:
            notes.append(f"not analyzed: {len(self.article.text):,} characters is over the analysis limit of "
                         f"{self.analysis_limit:,} (setting max_analyze_chars)")
        if self.repaired:
            notes.append("text repaired: mojibake or stray control characters")
        return tuple(notes)


def prepare_input(raw: RawInput, *, max_bytes: int) -> tuple[list[Prepared], list[InputRejected]]:
    """The documents of one input and the rejections of its single records; raise InputRejected for the file."""
    records, rejects = parse_input(raw.source_path, raw.data, max_bytes=max_bytes)
    prepared = []
    for record in records:
        try:
            prepared.append(prepare_record(raw, record))
        except InputRejected as exc:
            if record.record is None:
                raise
            rejects.append(exc.for_record(record.record))
    return prepared, rejects


def prepare_record(raw: RawInput, source: SourceRecord) -> Prepared:
    """Repair, normalize and parse one record into an article; raise InputRejected when no text remains."""
    body = repair_text(source.body)
    title = repair_text(source.title) if source.title else None
    repaired = body != source.body or title != source.title
    if title is None and source.format in ("text", "markdown"):
        article = parse_article(body)
    else:
        article = parse_body(body, title=title)
    article, dateline = strip_dateline(article)
    if not any(ch.isalnum() for p in article.paragraphs for ch in p):
        raise InputRejected("no_text", "no words remained after normalization")
    published_at = source.published_at or article.published_at or (
        datetime.combine(dateline.date, time()) if dateline and dateline.date else None)
    article = dataclasses.replace(article, published_at=published_at)
    language = detect_language(f"{article.title or ''}\n{article.text}")
    return Prepared(
        raw=raw, record=source.record, source_format=source.format, encoding=source.encoding, article=article,
        language=language, dateline_place=dateline.place if dateline else None,
        url=repair_text(source.url) if source.url else None,
        author=repair_text(source.author) if source.author else None,
        fingerprint=make_fingerprint(article.text), repaired=repaired,
    )

