"""What a run writes to entity_totals: it reads only the rows of the entities and file versions it changes.

The arithmetic is transforms.load.aggregates.total_entity_facts; here are the filtered reads it needs: the run's
staged entity_counts rows, the previous totals of the entities they name, and, for the entities named in a file
version the run retires (file replaced or deleted) or brings back (a file back to a version already stored),
their entity_counts rows that are current once the run is published.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from flows.store.lookup import WarehouseLookup, latest_versions
from flows.store.merge import locate
from flows.store.parquetio import read_parquet
from schemas.tables import TABLES
from transforms.ingest.incremental import SourceState
from transforms.load.aggregates import total_entity_facts

COUNT_COLUMNS = TABLES["entity_counts"].column_names


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


def current_versions(previous: dict[str, SourceState], sources: pa.Table, paths: set[str]) -> dict[str, str | None]:
    """The current version of each of these paths once the run's `sources` rows are published (None: deleted)."""
    now = {p: previous[p].content_sha256 for p in paths if p in previous}
    for path, sha, deleted in zip(*(sources[c].to_pylist() for c in ("source_path", "content_sha256", "deleted")),
                                  strict=True):
        if path in paths:
            now[path] = None if deleted else sha
    return now


def in_versions(table: pa.Table, versions: dict[str, str | None] | set[tuple[str, str]]) -> pa.Array:
    """Mask of the rows whose (source_path, content_sha256) is one of the versions."""
    pairs = zip(table["source_path"].to_pylist(), table["content_sha256"].to_pylist(), strict=True)
    if isinstance(versions, dict):
        return pa.array([sha is not None and versions.get(p) == sha for p, sha in pairs], pa.bool_())
    return pa.array([pair in versions for pair in pairs], pa.bool_())


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
        ids = pc.field("entity_id").isin(recount)
        rows = pa.concat_tables([lookup.scan("entity_counts", COUNT_COLUMNS, ids), added.select(COUNT_COLUMNS)])
        now_current = current_versions(previous, sources, set(rows["source_path"].to_pylist()))
        recounted = rows.filter(in_versions(rows, now_current))
    gained = sorted(set(added["entity_id"].to_pylist()) - set(recount))
    totals = TABLES["entity_totals"]
    before = latest_versions(lookup.scan("entity_totals", totals.column_names, pc.field("entity_id").isin(gained)),
                             "entity_id") if gained else totals.arrow_schema.empty_table()
    return total_entity_facts(before, added, recounted, recount, now)
