"""Facts written before they carried their context, rewritten once with it: events (their sentence, headline and
date) and quotes (their document's headline and publication time, the entities their words name)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from flows.store.backfill import stage_query
from flows.store.manifest import Manifest


@dataclass(frozen=True)
class Context:
    """Columns a table's rows carry from other tables, and the query giving stored rows them."""

    table: str
    columns: tuple[str, ...]
    sql: str  # every stored row of table, its context columns filled (the ones it already has kept)
    datasets: tuple[str, ...]  # the tables the query reads


# Each event gets the text of its sentence and its document's headline and publication (else ingestion) date,
# from any stored version of them (a doc_id names one version of one file); stage_query sorts them as new files are.
# Only the sentences and documents events name are grouped (a fifth of the sentences at 4 events a document).
EVENTS_SQL = """
WITH s AS (SELECT doc_id, sentence_idx, any_value(text) AS text
           FROM sentences SEMI JOIN events USING (doc_id, sentence_idx) GROUP BY ALL),
d AS (SELECT doc_id, any_value(title) AS title,
             any_value(CAST(coalesce(published_at, ingested_at) AS DATE)) AS reported_on
      FROM documents SEMI JOIN events USING (doc_id) GROUP BY ALL)
SELECT e.* REPLACE (coalesce(e.sentence, s.text) AS sentence, coalesce(e.title, d.title) AS title,
                    coalesce(e.reported_on, d.reported_on) AS reported_on)
FROM events e
LEFT JOIN s ON s.doc_id = e.doc_id AND s.sentence_idx = e.sentence_idx
LEFT JOIN d ON d.doc_id = e.doc_id
"""
# Each quote gets its document's headline and publication time, and what transforms.load.quoted gives new quotes:
# the distinct texts and entity ids of the mentions wholly inside it, sorted, the speaker's left out.
QUOTES_SQL = """
WITH d AS (SELECT doc_id, any_value(published_at) AS published_at, any_value(title) AS title
           FROM documents SEMI JOIN quotes USING (doc_id) GROUP BY ALL),
a AS (SELECT q.quote_id, list(DISTINCT m.text ORDER BY m.text) FILTER (WHERE m.text IS NOT NULL) AS about,
             list(DISTINCT m.entity_id ORDER BY m.entity_id) AS about_entity_ids
      FROM quotes q
      JOIN mentions m ON m.doc_id = q.doc_id AND m.start_char >= q.start_char AND m.end_char <= q.end_char
      WHERE m.entity_id IS DISTINCT FROM q.speaker_entity_id
      GROUP BY q.quote_id)
SELECT q.* REPLACE (coalesce(q.published_at, d.published_at) AS published_at, coalesce(q.title, d.title) AS title,
                    coalesce(q.about, a.about, []) AS about,
                    coalesce(q.about_entity_ids, a.about_entity_ids, []) AS about_entity_ids)
FROM quotes q
LEFT JOIN d ON d.doc_id = q.doc_id
LEFT JOIN a ON a.quote_id = q.quote_id
"""
CONTEXTS = (
    Context("events", ("sentence", "title", "reported_on"), EVENTS_SQL, ("events", "sentences", "documents")),
    Context("quotes", ("published_at", "title", "about", "about_entity_ids"), QUOTES_SQL,
            ("quotes", "mentions", "documents")),
)


def needs_context(root: Path, manifest: Manifest, context: Context) -> bool:
    """Whether some file of the context's table was written before its rows carried the context columns."""
    return any(not set(context.columns) <= set(pq.read_schema(root / f).names)
               for f in manifest.tables.get(context.table, []))


def backfill_context(wh, run_id: str, manifest: Manifest) -> Manifest:
    """Give the events and quotes of a warehouse made before they carried their context that context (once; under
    the run lock; first, because the catalog's views need the columns)."""
    todo = [c for c in CONTEXTS if needs_context(wh.root, manifest, c)]
    if not todo:
        return manifest
    staged = {c.table: stage_query(wh.root, run_id, manifest, c.table, c.sql, datasets=c.datasets) for c in todo}
    return wh.publish(run_id, staged, {c.table: list(manifest.tables[c.table]) for c in todo})
