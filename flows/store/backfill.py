"""Running totals for a warehouse written before they existed: computed once from the stored facts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from flows.store.catalog import CACHE_FOOTERS, reader_config
from flows.store.manifest import Manifest
from flows.store.parquetio import write_parquet_batches
from flows.store.publish import STAGING, staging_path
from schemas.tables import TABLES
from schemas.views import render_views

BATCH_ROWS = 65_536
MEMORY = "2GB"  # beyond it DuckDB spills to the staging folder: a backfill must not crowd out the machine
KEYS = "source_path, content_sha256, run_id, entity_id"
# The totals transforms.load.aggregates.count_entity_facts gives each batch, over every stored version at once
# (in DuckDB: the facts of a big warehouse do not fit in memory); the current-state rule picks the current ones.
ENTITY_COUNTS_SQL = f"""
WITH d AS (SELECT doc_id, source_path, content_sha256, run_id, coalesce(published_at, ingested_at) AS seen_at
           FROM documents_history),
m AS (SELECT doc_id, entity_id, count(*) AS n FROM mentions_history GROUP BY ALL),
named AS (SELECT {KEYS}, sum(n) AS mentions, count(*) AS documents, min(seen_at) AS first_seen,
                 max(seen_at) AS last_seen
          FROM m JOIN d USING (doc_id) GROUP BY ALL),
acted AS (SELECT DISTINCT doc_id, event_id, entity_id
          FROM (SELECT doc_id, event_id, actor_entity_id AS entity_id FROM events_history
                UNION ALL SELECT doc_id, event_id, target_entity_id FROM events_history)
          WHERE entity_id IS NOT NULL),
ev AS (SELECT {KEYS}, count(*) AS events FROM acted JOIN d USING (doc_id) GROUP BY ALL),
q AS (SELECT {KEYS}, count(*) AS quotes
      FROM (SELECT doc_id, speaker_entity_id AS entity_id FROM quotes_history WHERE speaker_entity_id IS NOT NULL)
      JOIN d USING (doc_id) GROUP BY ALL)
SELECT {KEYS}, coalesce(mentions, 0) AS mentions, coalesce(documents, 0) AS documents,
       coalesce(events, 0) AS events, coalesce(quotes, 0) AS quotes, first_seen, last_seen
FROM named FULL JOIN ev USING (source_path, content_sha256, run_id, entity_id)
FULL JOIN q USING (source_path, content_sha256, run_id, entity_id)
"""


def needs_counts(manifest: Manifest) -> bool:
    """Whether the warehouse has facts but no running totals yet."""
    return bool(manifest.tables.get("mentions")) and not manifest.tables.get("entity_counts")


def stage_entity_counts(root: Path, run_id: str, manifest: Manifest) -> list[str]:
    """Compute entity_counts from the stored facts into the run's staging folder; the files to publish."""
    rel = f"tables/entity_counts/{run_id}-00000.parquet"
    target = staging_path(root, run_id, rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    spill = root / STAGING / run_id / "spill"
    con = duckdb.connect(config=reader_config(root) | {"temp_directory": str(spill), "memory_limit": MEMORY})
    try:
        con.execute(CACHE_FOOTERS)
        for statement in render_views(manifest.tables):
            con.execute(statement)
        schema = TABLES["entity_counts"].arrow_schema
        counted = [0]

        def cast(reader):
            for batch in reader:
                counted[0] += batch.num_rows
                if batch.num_rows:
                    yield batch.cast(schema)

        write_parquet_batches(cast(con.sql(ENTITY_COUNTS_SQL).to_arrow_reader(BATCH_ROWS)), schema, target)
    finally:
        con.close()
    if not counted[0]:
        target.unlink(missing_ok=True)
        return []
    return [rel]


def backfill_counts(wh, run_id: str, manifest: Manifest) -> Manifest:
    """Write the running totals of a warehouse made before they existed (once; under the run lock)."""
    if not needs_counts(manifest):
        return manifest
    files = stage_entity_counts(wh.root, run_id, manifest)
    return wh.publish(run_id, {"entity_counts": files}) if files else manifest
