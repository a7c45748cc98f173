"""Running totals for a warehouse written before they existed: computed once from the stored facts (entity_counts,
pair_totals) and from entity_counts (entity_totals)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow.dataset as ds

from flows.store.catalog import CACHE_FOOTERS, reader_config
from flows.store.manifest import Manifest
from flows.store.merge import FORMAT
from flows.store.parquetio import group_rows_of, write_parquet_batches
from flows.store.publish import STAGING, staging_path
from schemas.tables import TABLES
from schemas.views import render_sorted, render_views

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
# Each entity's totals over its current entity_counts rows, as runs write them (zeros when none is current).
ENTITY_TOTALS_SQL = """
WITH c AS (SELECT entity_id, sum(mentions) AS mentions, sum(documents) AS documents, sum(events) AS events,
                  sum(quotes) AS quotes, min(first_seen) AS first_seen, max(last_seen) AS last_seen
           FROM entity_counts GROUP BY entity_id)
SELECT entity_id, coalesce(mentions, 0) AS mentions, coalesce(documents, 0) AS documents,
       coalesce(events, 0) AS events, coalesce(quotes, 0) AS quotes, first_seen, last_seen,
       CAST({recorded_at} AS TIMESTAMP) AS recorded_at
FROM (SELECT DISTINCT entity_id FROM entity_counts_history) LEFT JOIN c USING (entity_id)
"""

# Each pair's totals over the current cooccurrences, as runs write them.
PAIR_TOTALS_SQL = """
SELECT entity_id_a, entity_id_b, count(*) AS sentences, count(DISTINCT doc_id) AS documents,
       CAST({recorded_at} AS TIMESTAMP) AS recorded_at
FROM cooccurrences GROUP BY ALL
"""


def needs_counts(manifest: Manifest) -> bool:
    """Whether the warehouse has facts but no running totals yet."""
    return bool(manifest.tables.get("mentions")) and not manifest.tables.get("entity_counts")


def stage_query(root: Path, run_id: str, manifest: Manifest, name: str, sql: str,
                datasets: tuple[str, ...] = ()) -> list[str]:
    """Write a query's rows over the published tables into the run's staging folder as table name; the files
    to publish, in the table's declared order if it has one. The query reads the catalog's views, or, when
    datasets names tables, those tables' files as pyarrow reads them (page checksums checked, columns an older file
    lacks null: views could not bind them)."""
    rel = f"tables/{name}/{run_id}-00000.parquet"
    target = staging_path(root, run_id, rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    spill = root / STAGING / run_id / "spill"
    con = duckdb.connect(config=reader_config(root) | {"temp_directory": str(spill), "memory_limit": MEMORY})
    try:
        con.execute(CACHE_FOOTERS)
        for table in datasets:
            files = [str(root / f) for f in manifest.tables.get(table, [])]
            con.register(table, ds.dataset(files, schema=TABLES[table].arrow_schema, format=FORMAT))
        for statement in [] if datasets else render_views(manifest.tables):
            con.execute(statement)
        schema = TABLES[name].arrow_schema
        counted = [0]

        def cast(reader):
            for batch in reader:
                counted[0] += batch.num_rows
                if batch.num_rows:
                    yield batch.cast(schema)

        rows = con.sql(render_sorted(TABLES[name], sql)).to_arrow_reader(BATCH_ROWS)
        write_parquet_batches(cast(rows), schema, target, group_rows_of(TABLES[name]))
    finally:
        con.close()
    if not counted[0]:
        target.unlink(missing_ok=True)
        return []
    return [rel]


def publish_query(wh, run_id: str, manifest: Manifest, name: str, sql: str) -> Manifest:
    """Stage a query's rows as table name and publish them; the manifest after (unchanged when no row)."""
    files = stage_query(wh.root, run_id, manifest, name, sql)
    return wh.publish(run_id, {name: files}) if files else manifest


def at(now: datetime) -> str:
    """A SQL literal of a time."""
    return f"'{now.isoformat(sep=' ')}'"


def backfill_counts(wh, run_id: str, manifest: Manifest) -> Manifest:
    """Write the running totals of a warehouse made before they existed (once; under the run lock)."""
    if not needs_counts(manifest):
        return manifest
    return publish_query(wh, run_id, manifest, "entity_counts", ENTITY_COUNTS_SQL)


def needs_totals(manifest: Manifest) -> bool:
    """Whether the warehouse has entity_counts but no entity_totals yet."""
    return bool(manifest.tables.get("entity_counts")) and not manifest.tables.get("entity_totals")


def backfill_totals(wh, run_id: str, manifest: Manifest, now: datetime) -> Manifest:
    """Write entity_totals, recorded at now, of a warehouse made before they existed (once; under the run lock)."""
    if not needs_totals(manifest):
        return manifest
    return publish_query(wh, run_id, manifest, "entity_totals", ENTITY_TOTALS_SQL.format(recorded_at=at(now)))


def needs_pairs(manifest: Manifest) -> bool:
    """Whether the warehouse has cooccurrences but no pair_totals yet."""
    return bool(manifest.tables.get("cooccurrences")) and not manifest.tables.get("pair_totals")


def backfill_pairs(wh, run_id: str, manifest: Manifest, now: datetime) -> Manifest:
    """Write pair_totals, recorded at now, of a warehouse made before they existed (once; under the run lock)."""
    if not needs_pairs(manifest):
        return manifest
    return publish_query(wh, run_id, manifest, "pair_totals", PAIR_TOTALS_SQL.format(recorded_at=at(now)))
