"""The heavy stage for a batch of raw inputs: decode, normalize, parse, extract, tabulate."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa
from spacy.language import Language

from transforms.analyze import analyze_article
from transforms.decode import decode_bytes
from transforms.errors import InputRejected
from transforms.language import detect_language
from transforms.normalize import parse_article
from transforms.records import Article, DocumentFacts
from transforms.resolve import EntityIndex
from transforms.tables import record_rows, to_arrow

FACT_TABLES = ("documents", "sentences", "mentions", "quotes", "events", "amounts", "rejects")


@dataclass(frozen=True)
class RawInput:
    """One input file's bytes and identity."""

    source_path: str
    content_sha256: str
    size_bytes: int
    data: bytes

    @property
    def doc_id(self) -> str:
        return make_doc_id(self.source_path, self.content_sha256)


@dataclass(frozen=True)
class Prepared:
    """An input that decoded into an article."""

    raw: RawInput
    article: Article
    language: str | None


@dataclass
class BatchResult:
    """Rows of every fact table for one batch, before corpus entity ids."""

    prepared: list[Prepared] = field(default_factory=list)
    facts: list[DocumentFacts] = field(default_factory=list)
    rejects: list[tuple[RawInput, InputRejected]] = field(default_factory=list)


def make_doc_id(source_path: str, content_sha256: str) -> str:
    """Document id from its path and content: a changed file is a new version."""
    return hashlib.sha256(f"{source_path}\0{content_sha256}".encode()).hexdigest()[:16]


def prepare_input(raw: RawInput, *, max_bytes: int) -> Prepared:
    """Decode and normalize one input; raise InputRejected when it holds no article."""
    article = parse_article(decode_bytes(raw.data, max_bytes=max_bytes))
    if not article.paragraphs:
        raise InputRejected("no_text", "no text remained after normalization")
    return Prepared(raw, article, detect_language(article.text))


def analyze_batch(inputs: list[RawInput], nlp: Language, *, max_bytes: int, batch_size: int = 64,
                  n_process: int = 1) -> BatchResult:
    """Prepare every input, parse the English ones' paragraphs in one nlp.pipe, extract facts."""
    result = BatchResult()
    for raw in inputs:
        try:
            result.prepared.append(prepare_input(raw, max_bytes=max_bytes))
        except InputRejected as exc:
            result.rejects.append((raw, exc))
    english = [i for i, p in enumerate(result.prepared) if p.language == "en"]
    paragraphs = ((text, (i, j)) for i in english for j, text in enumerate(result.prepared[i].article.paragraphs))
    docs: dict[int, list] = {i: [] for i in english}
    for doc, (i, _) in nlp.pipe(paragraphs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        docs[i].append(doc)
    result.facts = [
        analyze_article(p.article, tuple(docs[i])) if i in docs else DocumentFacts(
            notes=("not analyzed: language is not English",))
        for i, p in enumerate(result.prepared)
    ]
    return result


def build_tables(result: BatchResult, index: EntityIndex, *, run_id: str, now: datetime) -> dict[str, pa.Table]:
    """Fact tables for a batch; document entities get corpus ids from (and added to) the index."""
    rows: dict[str, list[dict]] = {name: [] for name in FACT_TABLES}
    for prepared, facts in zip(result.prepared, result.facts):
        raw, article = prepared.raw, prepared.article
        doc_id = raw.doc_id
        ids = {e.cluster: index.assign(e, run_id) for e in facts.entities}
        rows["documents"].append({
            "doc_id": doc_id, "source_path": raw.source_path, "content_sha256": raw.content_sha256,
            "size_bytes": raw.size_bytes, "title": article.title, "published_at": article.published_at,
            "language": prepared.language, "caption": article.caption, "text": article.text,
            "n_words": facts.n_words or len(article.text.split()), "n_paragraphs": len(article.paragraphs),
            "run_id": run_id, "ingested_at": now,
        })
        rows["sentences"] += record_rows(facts.sentences, doc_id=doc_id)
        rows["mentions"] += [
            {"doc_id": doc_id, "entity_id": ids[m.cluster], "sentence_idx": m.sentence_idx,
             "start_char": m.start_char, "end_char": m.end_char, "text": m.text, "type": m.type, "role": m.role}
            for m in facts.mentions
        ]
        rows["quotes"] += [
            {"doc_id": doc_id, "quote_id": f"{doc_id}-q{n}", "sentence_idx": q.sentence_idx,
             "start_char": q.start_char, "end_char": q.end_char, "text": q.text,
             "speaker_entity_id": ids.get(q.speaker_cluster), "speaker_text": q.speaker_text}
            for n, q in enumerate(facts.quotes)
        ]
        rows["events"] += [
            {"doc_id": doc_id, "event_id": f"{doc_id}-e{n}", "sentence_idx": e.sentence_idx, "type": e.type,
             "trigger": e.trigger, "actor_entity_id": ids.get(e.actor_cluster), "actor_text": e.actor_text,
             "target_entity_id": ids.get(e.target_cluster), "target_text": e.target_text,
             "location_entity_id": ids.get(e.location_cluster), "date_text": e.date_text,
             "event_date": e.event_date, "date_precision": e.date_precision, "mode": e.mode}
            for n, e in enumerate(facts.events)
        ]
        rows["amounts"] += record_rows(facts.amounts, doc_id=doc_id)
    rows["rejects"] = [
        {"source_path": raw.source_path, "content_sha256": raw.content_sha256 or None, "reason": exc.reason,
         "detail": exc.detail, "run_id": run_id, "rejected_at": now}
        for raw, exc in result.rejects
    ]
    return {name: to_arrow(name, r) for name, r in rows.items()}
