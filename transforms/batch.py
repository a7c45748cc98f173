"""The heavy stage for a batch of raw inputs: parse, repair, normalize, mark duplicates, extract, tabulate."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

import pyarrow as pa
from spacy.language import Language
from spacy.tokens import Doc

from transforms.extract.analyze import analyze_article
from transforms.ingest.dedup import DedupIndex, Match, make_dedup_keys
from transforms.errors import InputRejected
from transforms.extract.nlp import pipe_long
from transforms.ingest.prepare import MAX_ANALYZE_CHARS, Prepared, prepare_input
from transforms.records import Article, DocumentFacts, RawInput, make_doc_id
from transforms.load.resolve import EntityIndex
from transforms.load.aggregates import count_entity_facts
from transforms.load.quoted import add_quoted_entities
from transforms.load.tables import record_rows, to_arrow

__all__ = ["BatchResult", "Prepared", "RawInput", "analyzable_articles", "analyze_batch", "attach_facts",
           "build_tables", "extract_facts", "make_doc_id", "prepare_batch", "warm_up",
           "warm_up_extraction"]

FACT_TABLES = ("documents", "sentences", "mentions", "cooccurrences", "quotes", "events", "amounts", "rejects",
               "dedup_keys")


@dataclass
class BatchResult:
    """Rows of every fact table for one batch, before corpus entity ids."""

    prepared: list[Prepared] = field(default_factory=list)
    facts: list[DocumentFacts] = field(default_factory=list)
    rejects: list[tuple[RawInput, InputRejected]] = field(default_factory=list)


def prepare_batch(inputs: list[RawInput], *, max_bytes: int, dedup: DedupIndex | None = None,
                  only: dict[str, set[str]] | None = None, max_chars: int = MAX_ANALYZE_CHARS) -> BatchResult:
    """Every input to documents or rejects (never lost, never raising); duplicates marked against the index,
    texts over max_chars not analyzed.

    `only` maps source paths whose documents are rebuilt on purpose to the ids to keep: of those inputs, just
    these documents are kept and no rejects.
    """
    result = BatchResult()
    dedup = DedupIndex() if dedup is None else dedup
    for full in inputs:
        raw = replace(full, data=b"")  # the bytes are not kept past preparation: a batch's memory stays bounded
        try:
            prepared, rejects = prepare_input(full, max_bytes=max_bytes)
        except InputRejected as exc:
            result.rejects.append((raw, exc))
            continue
        except Exception as exc:  # noqa: BLE001 - one file's bug must not stop the run; the reject names it
            result.rejects.append((raw, InputRejected("internal_error", f"{type(exc).__name__}: {exc}")))
            continue
        result.rejects += [(raw, exc) for exc in rejects]
        result.prepared += [replace(p, raw=raw) for p in prepared]
    if only:
        result.prepared = [p for p in result.prepared if p.doc_id in only.get(p.raw.source_path, (p.doc_id,))]
        result.rejects = [(raw, exc) for raw, exc in result.rejects if raw.source_path not in only]
    dedup.prefetch([p.fingerprint for p in result.prepared])
    for i in sorted(range(len(result.prepared)), key=lambda i: age_key(result.prepared[i])):
        p = result.prepared[i]
        p = replace_duplicate(p, dedup.check(p.doc_id, p.fingerprint, (p.raw.source_path, p.raw.content_sha256)))
        result.prepared[i] = replace(p, analysis_limit=max_chars) if len(p.article.text) > max_chars else p
    result.facts = [DocumentFacts(notes=p.notes) for p in result.prepared]
    return result


# made up: a dateline and a sentence, enough to load what preparing a text reads (language model, place names)
WARM_UP = RawInput("warm-up.txt", "warm-up.txt", 0, b"SPRINGFIELD - The council met on Monday to discuss the budget "
                   b"for the coming year.\n", 0)
# made up: a place, a person and a quote, enough to load what extraction reads (place and first names)
WARM_UP_ARTICLE = Article(None, None, None, ("The council of Springfield met on Monday. \"We will vote next week,\" "
                                             "said Mayor Ann Lee.",))


def warm_up() -> None:
    """Prepare a made-up text once, so the packaged data preparation reads is loaded before the first batch."""
    prepare_batch([WARM_UP], max_bytes=len(WARM_UP.data))


def warm_up_extraction(nlp: Language) -> None:
    """Analyze a made-up article once, so the packaged data extraction reads is loaded before the first batch."""
    extract_facts([WARM_UP_ARTICLE], nlp)


def age_key(prepared: Prepared) -> tuple:
    """Oldest first: publication time (unknown last), then file modification time, then path and record.

    Of two copies, the older is the original.
    """
    published = prepared.article.published_at
    return (published is None, published or datetime.min, prepared.raw.mtime_ns or 0, prepared.raw.source_path,
            prepared.record or 0)


def replace_duplicate(prepared: Prepared, match: Match | None) -> Prepared:
    """The prepared document marked as a copy of match (when there is one)."""
    return prepared if match is None else replace(prepared, duplicate=match)


def extract_facts(articles: list[Article], nlp: Language, *, batch_size: int = 64) -> list[DocumentFacts]:
    """Parse the articles' paragraphs in one nlp.pipe and extract each article's facts, in order."""
    try:
        docs = parse_articles(articles, nlp, batch_size=batch_size)
    except Exception:  # noqa: BLE001 - one text the parser fails on must not cost the batch: retry one by one
        docs = [parse_one(a, nlp, batch_size=batch_size) for a in articles]
    return [d if isinstance(d, DocumentFacts) else analyze_safely(a, d) for a, d in zip(articles, docs, strict=True)]


def parse_articles(articles: list[Article], nlp: Language, *, batch_size: int) -> list[tuple[Doc, ...]]:
    """Each article's paragraphs as Docs (long paragraphs parsed in pieces)."""
    paragraphs = ((text, i) for i, a in enumerate(articles) for text in a.paragraphs)
    docs: list[list[Doc]] = [[] for _ in articles]
    for doc, i in pipe_long(nlp, paragraphs, batch_size=batch_size):
        docs[i].append(doc)
    return [tuple(d) for d in docs]


def parse_one(article: Article, nlp: Language, *, batch_size: int) -> tuple[Doc, ...] | DocumentFacts:
    """One article's Docs, or facts saying why it could not be parsed."""
    try:
        return parse_articles([article], nlp, batch_size=batch_size)[0]
    except Exception as exc:  # noqa: BLE001 - the document is stored with the reason
        return failed_facts("parsing", exc)


def analyze_safely(article: Article, docs: tuple[Doc, ...]) -> DocumentFacts:
    """The article's facts, or facts saying why extraction failed (a newsetl bug on that text)."""
    try:
        return analyze_article(article, docs)
    except Exception as exc:  # noqa: BLE001 - the document is stored with the reason
        return failed_facts("extraction", exc)


def failed_facts(stage: str, exc: Exception) -> DocumentFacts:
    """No facts, and a note naming the stage and error."""
    return DocumentFacts(failed=True, notes=(f"not analyzed: {stage} failed: {type(exc).__name__}: {exc}"[:500],))


def attach_facts(result: BatchResult, facts: list[DocumentFacts]) -> BatchResult:
    """The batch with facts for its analyzable documents (in the order of `analyzable_articles`)."""
    todo = [i for i, p in enumerate(result.prepared) if p.analyzable]
    for i, f in zip(todo, facts, strict=True):
        result.facts[i] = f
    return result


def analyzable_articles(result: BatchResult) -> list[Article]:
    """Articles of the batch the English model should read."""
    return [p.article for p in result.prepared if p.analyzable]


def analyze_batch(inputs: list[RawInput], nlp: Language, *, max_bytes: int, dedup: DedupIndex | None = None,
                  batch_size: int = 64, max_chars: int = MAX_ANALYZE_CHARS) -> BatchResult:
    """Prepare every input, then parse and extract the analyzable ones in this process."""
    result = prepare_batch(inputs, max_bytes=max_bytes, dedup=dedup, max_chars=max_chars)
    return attach_facts(result, extract_facts(analyzable_articles(result), nlp, batch_size=batch_size))


def pair_mentions(mentions, ids: dict[int, str]) -> list[tuple[int, str, str]]:
    """(sentence, entity a, entity b) for each pair of distinct entities named in one sentence, a < b."""
    by_sentence: dict[int, set[str]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_idx, set()).add(ids[m.cluster])
    return [(s, a, b) for s, entities in sorted(by_sentence.items())
            for i, a in enumerate(sorted(entities)) for b in sorted(entities)[i + 1:]]


def build_tables(result: BatchResult, index: EntityIndex, *, run_id: str, now: datetime) -> dict[str, pa.Table]:
    """Fact tables for a batch; document entities get corpus ids from (and added to) the index."""
    rows: dict[str, list[dict]] = {name: [] for name in FACT_TABLES}
    for prepared, facts in zip(result.prepared, result.facts, strict=True):
        raw, article = prepared.raw, prepared.article
        doc_id = prepared.doc_id
        ids = {e.cluster: index.assign(e, run_id) for e in facts.entities}
        rows["documents"].append({
            "doc_id": doc_id, "source_path": raw.source_path, "source_record": prepared.record,
            "source_format": prepared.source_format, "encoding": prepared.encoding,
            "content_sha256": raw.content_sha256, "size_bytes": raw.size_bytes, "mtime_ns": raw.mtime_ns,
            "title": article.title,
            "published_at": article.published_at, "url": prepared.url, "author": prepared.author,
            "language": prepared.language, "dateline_place": prepared.dateline_place, "caption": article.caption,
            "text": article.text, "n_words": facts.n_words or len(article.text.split()),
            "n_paragraphs": len(article.paragraphs), "analyzed": prepared.analyzable and not facts.failed,
            "notes": list(dict.fromkeys(prepared.notes + facts.notes)),
            "duplicate_of": prepared.duplicate.doc_id if prepared.duplicate else None,
            "text_sha256": prepared.fingerprint.text_sha256,
            "minhash": list(prepared.fingerprint.minhash) if prepared.fingerprint.minhash else None,
            "run_id": run_id, "ingested_at": now,
        })
        if prepared.duplicate is None:  # only originals are probed for copies
            rows["dedup_keys"] += [{"doc_id": doc_id, "band": band, "band_key": key}
                                   for band, key in make_dedup_keys(prepared.fingerprint)]
        rows["sentences"] += record_rows(facts.sentences, doc_id=doc_id)
        rows["mentions"] += [
            {"doc_id": doc_id, "entity_id": ids[m.cluster], "sentence_idx": m.sentence_idx,
             "start_char": m.start_char, "end_char": m.end_char, "text": m.text, "type": m.type, "role": m.role}
            for m in facts.mentions
        ]
        rows["cooccurrences"] += [
            {"doc_id": doc_id, "sentence_idx": sentence_idx, "entity_id_a": a, "entity_id_b": b}
            for sentence_idx, a, b in pair_mentions(facts.mentions, ids)
        ]
        rows["quotes"] += [
            {"doc_id": doc_id, "quote_id": f"{doc_id}-q{n}", "sentence_idx": q.sentence_idx,
             "start_char": q.start_char, "end_char": q.end_char, "text": q.text,
             "speaker_entity_id": ids.get(q.speaker_cluster), "speaker_text": q.speaker_text,
             "published_at": article.published_at, "title": article.title}
            for n, q in enumerate(facts.quotes)
        ]
        sentence_text = {s.sentence_idx: s.text for s in facts.sentences}
        reported_on = (article.published_at or now).date()
        rows["events"] += [
            {"doc_id": doc_id, "event_id": f"{doc_id}-e{n}", "sentence_idx": e.sentence_idx, "type": e.type,
             "trigger": e.trigger, "actor_entity_id": ids.get(e.actor_cluster), "actor_text": e.actor_text,
             "target_entity_id": ids.get(e.target_cluster), "target_text": e.target_text,
             "location_entity_id": ids.get(e.location_cluster), "date_text": e.date_text,
             "event_date": e.event_date, "date_precision": e.date_precision, "mode": e.mode,
             "sentence": sentence_text.get(e.sentence_idx), "title": article.title, "reported_on": reported_on,
             "confidence": e.confidence}
            for n, e in enumerate(facts.events)
        ]
        rows["amounts"] += record_rows(facts.amounts, doc_id=doc_id)
    rows["rejects"] = [
        {"source_path": raw.source_path, "source_record": exc.record, "content_sha256": raw.content_sha256 or None,
         "reason": exc.reason, "detail": exc.detail, "run_id": run_id, "rejected_at": now}
        for raw, exc in result.rejects
    ]
    tables = {name: to_arrow(name, r) for name, r in rows.items()}
    tables["quotes"] = add_quoted_entities(tables["quotes"], tables["mentions"])
    tables["entity_counts"] = count_entity_facts(*(tables[n] for n in ("documents", "mentions", "events", "quotes")))
    return tables
