"""Typed records: an input file as read, and what the extractors yield (each maps to a warehouse table row)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

EPOCH = datetime(1970, 1, 1)  # the write time of a row written before rows had one: older than any


@dataclass(frozen=True)
class Article:
    """A normalized article: headline, date, caption and body paragraphs."""

    title: str | None
    published_at: datetime | None
    caption: str | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """Body text; paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)

    def paragraph_offsets(self) -> list[int]:
        """Start offset of each paragraph in `text`."""
        offsets, pos = [], 0
        for p in self.paragraphs:
            offsets.append(pos)
            pos += len(p) + 2
        return offsets


@dataclass(frozen=True)
class Sentence:
    sentence_idx: int
    paragraph_idx: int
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True)
class Mention:
    """One mention; `cluster` is its document-local entity number."""

    cluster: int
    sentence_idx: int
    start_char: int
    end_char: int
    text: str
    type: str
    role: str | None = None


@dataclass(frozen=True)
class LocalEntity:
    """An entity as one document knows it, before corpus-wide ids."""

    cluster: int
    name: str
    type: str
    country_code: str | None
    aliases: tuple[str, ...] = ()
    n_mentions: int = 1  # its weight in the corpus type vote


@dataclass(frozen=True)
class Quote:
    sentence_idx: int
    start_char: int
    end_char: int
    text: str
    speaker_cluster: int | None
    speaker_text: str | None


@dataclass(frozen=True)
class Event:
    sentence_idx: int
    type: str
    trigger: str
    mode: str
    actor_cluster: int | None = None
    actor_text: str | None = None
    target_cluster: int | None = None
    target_text: str | None = None
    location_cluster: int | None = None
    date_text: str | None = None
    event_date: date | None = None
    date_precision: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class Amount:
    sentence_idx: int
    value: float
    total: float | None
    object: str | None
    unit: str | None
    start_char: int
    text: str


@dataclass(frozen=True)
class DocumentFacts:
    """Everything extracted from one document."""

    sentences: tuple[Sentence, ...] = ()
    entities: tuple[LocalEntity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    amounts: tuple[Amount, ...] = ()
    n_words: int = 0
    notes: tuple[str, ...] = field(default=())
    failed: bool = False  # parsing or extraction raised: no facts, the notes say why


@dataclass(frozen=True)
class RawInput:
    """One input file's bytes and identity."""

    source_path: str
    content_sha256: str
    size_bytes: int
    data: bytes
    mtime_ns: int | None = None

    @property
    def doc_id(self) -> str:
        return make_doc_id(self.source_path, self.content_sha256)


def make_doc_id(source_path: str, content_sha256: str, record: int | None = None) -> str:
    """Document id from its path, content and record: a changed file is a new version."""
    key = f"{source_path}\0{content_sha256}" + ("" if record is None else f"\0{record}")
    return hashlib.sha256(key.encode()).hexdigest()[:16]
