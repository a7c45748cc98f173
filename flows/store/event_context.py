"""Events written before they carried their sentence, headline and date: rewritten once, sorted, with them."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from flows.store.backfill import stage_query
from flows.store.manifest import Manifest
from schemas.tables import TABLES
from schemas.views import render_order

CONTEXT = ("sentence", "title", "reported_on")
# Each event gets the text of its sentence and its document's headline and publication (else ingestion) date,
# from any stored version of them (a doc_id names one version of one file); rows are sorted as new files are.
# Only the sentences and documents events name are grouped (a fifth of the sentences at 4 events a document).
CONTEXT_SQL = """
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
ORDER BY {order}
"""


def needs_event_context(root: Path, manifest: Manifest) -> bool:
    """Whether some events file was written before events carried their context columns."""
    return any(not set(CONTEXT) <= set(pq.read_schema(root / f).names) for f in manifest.tables.get("events", []))


def backfill_event_context(wh, run_id: str, manifest: Manifest) -> Manifest:
    """Give the events of a warehouse made before events carried their context that context (once; under the
    run lock; first, because the catalog's views need the columns)."""
    if not needs_event_context(wh.root, manifest):
        return manifest
    sql = CONTEXT_SQL.format(order=render_order(TABLES["events"], "e"))
    files = stage_query(wh.root, run_id, manifest, "events", sql, datasets=("events", "sentences", "documents"))
    return wh.publish(run_id, {"events": files}, {"events": list(manifest.tables["events"])})
