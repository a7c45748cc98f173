"""What a run writes to entity_totals and pair_totals: it reads only the rows of the keys and file versions it
changes.

The arithmetic is transforms.load.aggregates.total_facts; here are the filtered reads it needs: the run's staged
counts, the previous totals of the keys they name, and, for the keys named in a file version the run retires
(file replaced or deleted) or brings back (a file back to a version already stored), their rows that are current
once the run is published.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from flows.store.catalog import reader_config
from flows.store.lookup import WarehouseLookup, latest_versions
from flows.store.merge import locate
from flows.store.parquetio import ParquetCorrupt, read_parquet
from flows.store.publish import STAGING
from schemas.tables import TABLES
from schemas.views import render_select
from transforms.ingest.incremental import SourceState
from transforms.load.aggregates import count_pairs, key_values, total_entity_facts, total_facts

MEMORY = "1GB"  # DuckDB's cap for the recount (it spills beyond): a run must stay a small-memory job


def changed_versions(previous: dict[str, SourceState], sources: pa.Table) -> set[tuple[str, str]]:
    """(source_path, content_sha256) of the file versions that leave or enter the current state with the
    `sources` rows a run appends: each path's previous version and its new one, when they differ."""
    out = set()
    for path, sha, deleted in zip(*(sources[c].to_pylist() for c in ("source_path", "content_sha256", "deleted")),
                                  strict=True):
        before = previous[path].content_sha256 if path in previous else None
        after = None if deleted else sha
        if before != after:
            out |= {(path, v) for v in (before, after) if v is not None}
    return out


def in_versions(table: pa.Table, versions: set[tuple[str, str]]) -> pa.Array:
    """Mask of the rows whose (source_path, content_sha256) is one of the versions."""
    pairs = zip(table["source_path"].to_pylist(), table["content_sha256"].to_pylist(), strict=True)
    return pa.array([pair in versions for pair in pairs], pa.bool_())


def current_versions(previous: dict[str, SourceState], sources: pa.Table) -> pa.Table:
    """(source_path, content_sha256) of every file version current once the run's `sources` rows are published."""
    now = {p: s.content_sha256 for p, s in previous.items()}
    for path, sha, deleted in zip(*(sources[c].to_pylist() for c in ("source_path", "content_sha256", "deleted")),
                                  strict=True):
        now[path] = None if deleted else sha
    current = sorted((p, sha) for p, sha in now.items() if sha is not None)
    return pa.table({"source_path": pa.array([p for p, _ in current], pa.string()),
                     "content_sha256": pa.array([sha for _, sha in current], pa.string())})


def recount(root: Path, run_id: str, sql: str, tables: dict[str, pa.Table], read: str) -> pa.Table:
    """Rows of a recount query over stored files, with the given Arrow tables registered (DuckDB capped at
    MEMORY, spilling to the run's staging folder); read names the table whose files it reads, for errors.

    In DuckDB: popular entities have a row in nearly every file version (1M documents: 1M rows for the 2,800
    entities of one feed file), which DuckDB filters and sums 3x faster than a pyarrow scan (measured).
    """
    spill = root / STAGING / run_id / "spill"
    con = duckdb.connect(config=reader_config(root) | {"memory_limit": MEMORY, "temp_directory": str(spill)})
    try:
        for name, table in tables.items():
            con.register(name, table)
        return con.sql(sql).to_arrow_table()
    except (duckdb.InvalidInputException, duckdb.IOException) as exc:  # a stored file that does not parse
        raise ParquetCorrupt(f"a file of table {read} is corrupt ({exc}); restore it from a backup") from None
    finally:
        con.close()


def recount_entities(root: Path, run_id: str, files: list[Path], ids: list[str], current: pa.Table) -> pa.Table:
    """These entities' totals over the rows of entity_counts files that belong to current file versions."""
    sql = f"""
        SELECT entity_id, CAST(sum(mentions) AS BIGINT) AS mentions, CAST(sum(documents) AS BIGINT) AS documents,
               CAST(sum(events) AS BIGINT) AS events, CAST(sum(quotes) AS BIGINT) AS quotes,
               min(first_seen) AS first_seen, max(last_seen) AS last_seen
        FROM ({render_select(TABLES["entity_counts"], [str(f) for f in files])})
        SEMI JOIN wanted USING (entity_id) SEMI JOIN current_versions USING (source_path, content_sha256)
        GROUP BY entity_id"""
    wanted = pa.table({"entity_id": pa.array(ids, pa.string())})
    return recount(root, run_id, sql, {"wanted": wanted, "current_versions": current}, "entity_counts")


def recount_pairs(root: Path, run_id: str, files: dict[str, list[Path]], pairs: pa.Table,
                  current: pa.Table) -> pa.Table:
    """These pairs' totals over the cooccurrences of documents of current file versions (files: of both tables)."""
    sql = f"""
        WITH docs AS (SELECT doc_id FROM ({render_select(TABLES["documents"], [str(f) for f in files["documents"]])})
                      SEMI JOIN current_versions USING (source_path, content_sha256))
        SELECT entity_id_a, entity_id_b, count(*) AS sentences, count(DISTINCT doc_id) AS documents
        FROM ({render_select(TABLES["cooccurrences"], [str(f) for f in files["cooccurrences"]])})
        SEMI JOIN wanted USING (entity_id_a, entity_id_b) SEMI JOIN docs USING (doc_id)
        GROUP BY ALL"""
    return recount(root, run_id, sql, {"wanted": pairs, "current_versions": current}, "cooccurrences")


def total_run_entities(root: Path, lookup: WarehouseLookup, previous: dict[str, SourceState], run_id: str,
                       counts: list[str], sources: pa.Table, now: datetime) -> pa.Table:
    """The entity_totals rows of a run: its staged entity_counts files, its `sources` rows, recorded at now."""
    schema = TABLES["entity_counts"].arrow_schema
    parts = [read_parquet(locate(root, run_id, rel), schema=schema) for rel in counts]
    added = pa.concat_tables(parts) if parts else schema.empty_table()
    changed = changed_versions(previous, sources)
    recount: list[str] = []
    if changed:
        stored = lookup.scan("entity_counts", ["source_path", "content_sha256", "entity_id"],
                             pc.field("source_path").isin(sorted({p for p, _ in changed})))
        recount = sorted(set(stored.filter(in_versions(stored, changed))["entity_id"].to_pylist()))
    recounted = schema.empty_table()
    if recount:
        files = [root / f for f in lookup.manifest.tables.get("entity_counts", [])]
        files += [locate(root, run_id, rel) for rel in counts]
        recounted = recount_entities(root, run_id, files, recount, current_versions(previous, sources))
    gained = sorted(set(added["entity_id"].to_pylist()) - set(recount))
    totals = TABLES["entity_totals"]
    before = latest_versions(lookup.scan("entity_totals", totals.column_names, pc.field("entity_id").isin(gained)),
                             "entity_id") if gained else totals.arrow_schema.empty_table()
    return total_entity_facts(before, added, recounted, recount, now)


def total_run_pairs(root: Path, lookup: WarehouseLookup, previous: dict[str, SourceState], run_id: str,
                    staged: dict[str, list[str]], sources: pa.Table, now: datetime) -> pa.Table:
    """The pair_totals rows of a run: its staged cooccurrences and documents files, its `sources` rows."""
    keys = ["entity_id_a", "entity_id_b"]
    schema = TABLES["cooccurrences"].arrow_schema
    parts = [read_parquet(locate(root, run_id, rel), schema=schema) for rel in staged.get("cooccurrences", [])]
    added = count_pairs(pa.concat_tables(parts) if parts else schema.empty_table())
    again = schema.empty_table().select(keys)
    if changed := changed_versions(previous, sources):
        docs = lookup.scan("documents", ["doc_id", "source_path", "content_sha256"],
                           pc.field("source_path").isin(sorted({p for p, _ in changed})))
        if ids := docs.filter(in_versions(docs, changed))["doc_id"].to_pylist():
            again = lookup.scan("cooccurrences", keys, pc.field("doc_id").isin(ids)) \
                .group_by(keys, use_threads=False).aggregate([])
    totals = TABLES["pair_totals"]
    recounted = totals.arrow_schema.empty_table()
    if again.num_rows:
        files = {name: [root / f for f in lookup.manifest.tables.get(name, [])]
                 + [locate(root, run_id, rel) for rel in staged.get(name, [])]
                 for name in ("documents", "cooccurrences")}
        recounted = recount_pairs(root, run_id, files, again, current_versions(previous, sources))
    gained = added.filter(pc.invert(pc.is_in(key_values(added, keys), key_values(again, keys))))
    before = totals.arrow_schema.empty_table()
    if gained.num_rows:
        stored = lookup.scan("pair_totals", totals.column_names,
                             pc.field("entity_id_a").isin(pc.unique(gained["entity_id_a"])))
        stored = stored.filter(pc.is_in(key_values(stored, keys), key_values(gained, keys)))
        before = latest_versions(stored, *keys)
    return total_facts("pair_totals", before, added, recounted, again, now)
