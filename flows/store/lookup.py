"""What a run reads of the warehouse: only the rows its new files need, found by filtered scans.

Every read goes through pyarrow with page checksums verified (as `Warehouse.read_table` does); no table is
loaded whole except `sources` (one row per input file, which the scan of the input folder lists anyway) and the
rejects kept for retrying. Duplicate keys, entity keys and ingested versions are probed for a batch's values.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from flows.store.manifest import Manifest
from flows.store.parquetio import ParquetCorrupt
from schemas.tables import TABLES
from transforms.ingest.dedup import DedupIndex, Fingerprint, make_dedup_keys
from transforms.ingest.incremental import SourceState
from transforms.load.aggregates import key_values
from transforms.records import EPOCH

POSITION = "position"  # a row's place in a table: file number in the manifest << 32 | row number in the file
NEW_ORDER = 1 << 62  # documents indexed by this run come after every stored one
SOURCE_FIELDS = ("source_path", "size_bytes", "mtime_ns", "content_sha256", "n_documents", "first_run_id",
                 "last_run_id")
_FORMAT = ds.ParquetFileFormat(default_fragment_scan_options=ds.ParquetFragmentScanOptions(
    page_checksum_verification=True))


class WarehouseLookup:
    """Filtered reads of one published manifest's tables."""

    def __init__(self, root: Path, manifest: Manifest):
        self.root, self.manifest = root, manifest

    def files(self, name: str) -> list[str]:
        return [str(self.root / f) for f in self.manifest.tables.get(name, [])]

    def scan(self, name: str, columns: list[str], where: pc.Expression | None = None) -> pa.Table:
        """Rows of a table matching a filter (missing columns of older files read as null)."""
        schema = TABLES[name].arrow_schema
        files = self.files(name)
        if not files:
            return schema.empty_table().select(columns)
        try:
            return ds.dataset(files, schema=schema, format=_FORMAT).to_table(columns=columns, filter=where)
        except (OSError, pa.ArrowException) as exc:
            raise ParquetCorrupt(f"cannot read table {name} ({exc}); restore it from a backup") from None

    def find_rows(self, name: str, column: str, values: Iterable, columns: list[str]) -> pa.Table:
        """Rows whose column is in values, with their POSITION, in table order."""
        wanted = pa.array(sorted(set(values)), TABLES[name].arrow_schema.field(column).type)
        parts = []
        for number, path in enumerate(self.files(name)) if len(wanted) else ():
            try:
                pf = pq.ParquetFile(path, page_checksum_verification=True)
                start = 0
                for group in range(pf.num_row_groups):
                    keys = pf.read_row_group(group, columns=[column])[column]
                    hits = pc.indices_nonzero(pc.is_in(keys, wanted))
                    if len(hits):
                        rows = pf.read_row_group(group, columns=columns).take(hits)
                        positions = pc.add(pc.cast(hits, pa.int64()), (number << 32) + start)
                        parts.append(rows.append_column(POSITION, positions))
                    start += len(keys)
            except (OSError, pa.ArrowException) as exc:
                raise ParquetCorrupt(f"cannot read {path} ({exc}); restore it from a backup") from None
        if not parts:
            empty = TABLES[name].arrow_schema.empty_table().select(columns)
            return empty.append_column(POSITION, pa.array([], pa.int64()))
        return pa.concat_tables(parts)

    def latest_sources(self) -> dict[str, SourceState]:
        """The input folder as the last run saw it: the latest version of each path, tombstones dropped."""
        table = self.scan("sources", [*SOURCE_FIELDS, "deleted", "recorded_at"])
        latest: dict[str, dict] = {}
        for row in table.take(pc.sort_indices(pc.fill_null(table["recorded_at"], EPOCH))).to_pylist():
            latest[row["source_path"]] = row
        return {p: SourceState(**{k: r[k] for k in SOURCE_FIELDS}) for p, r in latest.items() if not r["deleted"]}

    def ingested_versions(self, paths: Iterable[str]) -> set[tuple[str, str | None]]:
        """(source_path, content_sha256) of every version of these paths already in documents or rejects."""
        paths = sorted(set(paths))
        out: set[tuple[str, str | None]] = set()
        if not paths:
            return out
        for name in ("documents", "rejects"):
            t = self.scan(name, ["source_path", "content_sha256"], pc.field("source_path").isin(paths))
            out |= set(zip(t["source_path"].to_pylist(), t["content_sha256"].to_pylist(), strict=True))
        return out

    def current_duplicates(self, sources: dict[str, SourceState]) -> dict[str, tuple[str, str | None]]:
        """{doc_id: (source_path, duplicate_of)} of the current duplicates and of their current originals."""
        cols = ["doc_id", "source_path", "content_sha256", "duplicate_of"]
        dups = current_rows(self.scan("documents", cols, pc.field("duplicate_of").is_valid()), sources)
        ids = set(dups["duplicate_of"].to_pylist())
        originals = current_rows(self.find_rows("documents", "doc_id", ids, cols), sources) if ids else dups
        out = {}
        for t in (originals, dups):
            out |= dict(zip(t["doc_id"].to_pylist(), zip(t["source_path"].to_pylist(),
                                                          t["duplicate_of"].to_pylist()), strict=True))
        return out

    def stored_originals(self, keys: list[tuple[int, int]]) -> pa.Table:
        """Documents stored under any of these (band, key) pairs, with what the duplicate index needs."""
        if not keys:
            return self.find_rows("documents", "doc_id", [], DEDUP_COLUMNS)
        # band_key alone is read for every row; doc_id and band only where a key matches
        hits = self.find_rows("dedup_keys", "band_key", [k for _, k in keys], ["doc_id", "band", "band_key"])
        wanted = set(keys)
        ids = {d for d, b, k in zip(*(hits[c].to_pylist() for c in ("doc_id", "band", "band_key")), strict=True)
               if (b, k) in wanted}
        return self.find_rows("documents", "doc_id", ids, DEDUP_COLUMNS)

    def entities_for(self, keys: Iterable[str]) -> tuple[pa.Table, dict[str, str]]:
        """Current versions of the entities that own these keys, and each key's owner (the smallest id, as a
        full load registering rows in id order gives)."""
        keys = sorted(set(keys))
        hits = self.scan("entity_keys", ["key", "entity_id", "recorded_at"], pc.field("key").isin(keys)) \
            if keys else TABLES["entity_keys"].arrow_schema.empty_table()
        ids = sorted(set(hits["entity_id"].to_pylist()))
        rows = self.scan("entities", TABLES["entities"].column_names, pc.field("entity_id").isin(ids)) \
            if ids else TABLES["entities"].arrow_schema.empty_table()
        latest = latest_versions(rows, "entity_id")
        version = dict(zip(latest["entity_id"].to_pylist(),
                           pc.fill_null(latest["recorded_at"], EPOCH).to_pylist(), strict=True))
        owner: dict[str, str] = {}
        for key, entity_id, at in zip(hits["key"].to_pylist(), hits["entity_id"].to_pylist(),
                                      pc.fill_null(hits["recorded_at"], EPOCH).to_pylist(), strict=True):
            if version.get(entity_id) == at and (key not in owner or entity_id < owner[key]):
                owner[key] = entity_id
        owners = set(owner.values())
        return latest.filter(pc.is_in(latest["entity_id"], pa.array(sorted(owners), pa.string()))), owner


DEDUP_COLUMNS = ["doc_id", "source_path", "content_sha256", "text_sha256", "minhash", "duplicate_of"]


def latest_versions(table: pa.Table, *keys: str) -> pa.Table:
    """The latest version (greatest recorded_at, then last written) of each key's rows."""
    if table.num_rows == 0:
        return table
    at = pc.fill_null(table["recorded_at"], EPOCH)
    keyed = pa.table({"k": key_values(table, keys), "at": at, "i": pa.array(range(table.num_rows), pa.int64())})
    last = keyed.group_by("k", use_threads=False).aggregate([("at", "max")])
    best = dict(zip(last["k"].to_pylist(), last["at_max"].to_pylist(), strict=True))
    keep: dict[str, int] = {}
    for i, (k, t) in enumerate(zip(keyed["k"].to_pylist(), at.to_pylist(), strict=True)):
        if best[k] == t:
            keep[k] = i
    return table.take(pa.array(sorted(keep.values()), pa.int64()))


def current_rows(table: pa.Table, sources: dict[str, SourceState]) -> pa.Table:
    """Rows of file versions the input folder held at the last run."""
    mask = [sources.get(p) is not None and sources[p].content_sha256 == sha for p, sha in
            zip(table["source_path"].to_pylist(), table["content_sha256"].to_pylist(), strict=True)]
    return table.filter(pa.array(mask, pa.bool_()))


class WarehouseDedup(DedupIndex):
    """The duplicate index of a stored warehouse, loaded batch by batch: only the stored originals sharing a
    key with the batch's fingerprints are read (in table order, as a full load would index them)."""

    def __init__(self, lookup: WarehouseLookup, sources: dict[str, SourceState]):
        super().__init__()
        # not self._sources: DedupIndex keeps each indexed document's source there (it filled the run's sources)
        self._lookup, self._current, self._gone, self._added = lookup, sources, set(), 0

    def _next_order(self) -> int:
        self._added += 1
        return NEW_ORDER + self._added

    def discard_path(self, path: str) -> None:
        self._gone.add(path)
        super().discard_path(path)

    def prefetch(self, fingerprints: list[Fingerprint]) -> None:
        keys = sorted({k for fp in fingerprints for k in make_dedup_keys(fp)})
        found = self._lookup.stored_originals(keys)
        found = current_rows(found, self._current)
        for row in found.sort_by(POSITION).to_pylist():
            if row["duplicate_of"] is not None or row["source_path"] in self._gone or row["text_sha256"] is None:
                continue
            signature = tuple(row["minhash"]) if row["minhash"] else None
            self.add(row["doc_id"], Fingerprint(row["text_sha256"], signature),
                     (row["source_path"], row["content_sha256"]), order=row[POSITION])


def backfill_keys(wh, run_id: str, manifest: Manifest) -> Manifest:
    """Write the key tables of a warehouse made before they existed (once; under the run lock)."""
    from transforms.load.resolve import EntityIndex

    staged: dict[str, list[str]] = {}
    lookup = WarehouseLookup(wh.root, manifest)
    if manifest.tables.get("documents") and not manifest.tables.get("dedup_keys"):
        docs = lookup.scan("documents", ["doc_id", "text_sha256", "minhash"], pc.field("duplicate_of").is_null())
        rows = [{"doc_id": d, "band": b, "band_key": k}
                for d, sha, sig in zip(*(docs[c].to_pylist() for c in docs.column_names), strict=True) if sha
                for b, k in make_dedup_keys(Fingerprint(sha, tuple(sig) if sig else None))]
        staged["dedup_keys"] = [wh.stage(run_id, "dedup_keys", pa.Table.from_pylist(
            rows, TABLES["dedup_keys"].arrow_schema), 0)] if rows else []
    if manifest.tables.get("entities") and not manifest.tables.get("entity_keys"):
        latest = latest_versions(lookup.scan("entities", TABLES["entities"].column_names), "entity_id")
        # keys of rows without recorded_at get the epoch: both sides of the current-state rule read null as it
        staged["entity_keys"] = [wh.stage(run_id, "entity_keys", EntityIndex().keys_table(latest.to_pylist()), 0)]
    staged = {k: [f for f in v if f] for k, v in staged.items() if any(v)}
    return wh.publish(run_id, staged) if staged else manifest
