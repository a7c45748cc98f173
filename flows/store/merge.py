"""Size-tiered merging of a table's small files, planned at each publish so files per table stay bounded.

A table's files are kept in write order. When the trailing files hold MERGE_FANOUT files of one size tier
or smaller (tier t: up to MERGE_FANOUT**t x MERGE_BASE_BYTES), they are streamed into one file of the next
tier, which takes their place at the end (row order unchanged, or sorted by the table's declared order so that
queries in that order skip row groups). Each tier then holds fewer than MERGE_FANOUT
files: a warehouse of total size T keeps about (MERGE_FANOUT - 1) x log_MERGE_FANOUT(T / MERGE_BASE_BYTES)
files per table, with nobody running `compact`.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds

from flows.store.manifest import Manifest
from flows.store.parquetio import ParquetCorrupt, group_rows_of, verify_pages, write_parquet_batches
from flows.store.publish import staging_path
from schemas.tables import TABLES, Table
from schemas.views import render_latest, render_sorted
from transforms.errors import TransientError

MERGE_FANOUT = 8
MERGE_BASE_BYTES = 1 << 20
MERGE_PART = 80000  # first staging part number of merged files
BATCH_ROWS = 16_384
SORT_MEMORY = "1GB"  # a sorted merge spills past this: a run's memory stays bounded by its batch
FORMAT = ds.ParquetFileFormat(default_fragment_scan_options=ds.ParquetFragmentScanOptions(
    page_checksum_verification=True))


def size_tier(size: int) -> int:
    """Tier of a file of this many bytes: 0 up to MERGE_BASE_BYTES, then one per factor MERGE_FANOUT."""
    return 0 if size <= MERGE_BASE_BYTES else math.ceil(math.log(size / MERGE_BASE_BYTES, MERGE_FANOUT))


def plan_merge(sizes: list[int], whole: bool = False) -> int | None:
    """Index from which the trailing files are merged into one, or None when the tail is within bounds. whole:
    (a keep_latest table, whose queries anti-join each file with the later ones) also merge everything once the
    files after the first outgrow 1/MERGE_FANOUT of it, so the later files stay small."""
    if not sizes:
        return None
    if whole and len(sizes) > 1 and sum(sizes[1:]) * MERGE_FANOUT > sizes[0]:
        return 0
    tier, start = size_tier(sizes[-1]), len(sizes)
    while start > 0 and size_tier(sizes[start - 1]) <= tier:
        start -= 1
    return start if len(sizes) - start >= MERGE_FANOUT else None


def merge_small_files(root: Path, run_id: str, manifest: Manifest, staged: dict[str, list[str]],
                      replaced: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The staged and replaced files of a publish once each append table's tail is merged as planned."""
    staged, replaced = {k: list(v) for k, v in staged.items()}, {k: list(v) for k, v in replaced.items()}
    part = MERGE_PART
    for name, table in TABLES.items():
        if table.mode != "append" or not staged.get(name):
            continue
        gone = set(replaced.get(name, []))
        published = [f for f in manifest.tables.get(name, []) if f not in gone]
        files = published + [f for f in staged[name] if f not in published]
        sizes = [locate(root, run_id, f).stat().st_size for f in files]
        changed = False
        while (start := plan_merge(sizes, whole=bool(table.keep_latest))) is not None:
            rel = f"tables/{name}/{run_id}-{part:05d}.parquet"
            target = staging_path(root, run_id, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            stream_files(name, [locate(root, run_id, f) for f in files[start:]], target)
            files, sizes = files[:start] + [rel], sizes[:start] + [target.stat().st_size]
            part, changed = part + 1, True
        if changed:
            staged[name] = [f for f in files if f not in published]
            replaced[name] = sorted(gone | (set(published) - set(files)))
    return staged, {k: v for k, v in replaced.items() if v}


def locate(root: Path, run_id: str, rel: str) -> Path:
    """Where a file of the publish is now: in the run's staging folder, else published."""
    staged = staging_path(root, run_id, rel)
    return staged if staged.exists() else root / rel


def stream_files(name: str, paths: list[Path], target: Path) -> None:
    """Copy the rows of files into one file, in file order a batch at a time (memory stays small); a table with a
    declared order or keep_latest goes through DuckDB, which sorts and drops superseded versions, spilling."""
    table = TABLES[name]
    try:
        if table.order or table.keep_latest:
            write_parquet_batches(query_files(table, paths, target.parent), table.arrow_schema, target,
                                  group_rows_of(table))
            return
        dataset = ds.dataset([str(p) for p in paths], schema=table.arrow_schema, format=FORMAT)
        batches = (b for b in dataset.to_batches(batch_size=BATCH_ROWS, use_threads=False) if b.num_rows)
        write_parquet_batches(batches, table.arrow_schema, target)
    except duckdb.OutOfMemoryException as exc:  # the files are fine: the merge is tried again by the next run
        raise TransientError(f"not enough memory to merge files of table {name} ({str(exc).splitlines()[0]}); "
                             "the warehouse is unchanged") from None
    except (OSError, pa.ArrowException, duckdb.Error) as exc:
        raise ParquetCorrupt(f"cannot merge files of table {name} ({exc}); restore them from a backup") from None


def query_files(table: Table, paths: list[Path], spill: Path):
    """Record batches of the files' rows: without the versions a later file supersedes (keep_latest), in the
    declared order (DuckDB, spilling to disk past SORT_MEMORY; every page's checksum checked by pyarrow)."""
    con = duckdb.connect(config={"memory_limit": SORT_MEMORY, "temp_directory": str(spill / "spill"),
                                 "preserve_insertion_order": False})  # the order is the ORDER BY, if any
    try:
        if table.keep_latest:  # one relation per file: the rule anti-joins each with the later ones
            # DuckDB reads them itself, after pyarrow checked their pages: scanning pyarrow datasets, the
            # anti-joins ran out of the 1 GB at 10M rows (1M documents' pair_totals), reading them took 1.3 s
            for path in paths:
                verify_pages(path)
            sql = render_latest(table, [str(p) for p in paths])
        else:
            con.register("merged", ds.dataset([str(p) for p in paths], schema=table.arrow_schema, format=FORMAT))
            sql = "SELECT * FROM merged"
        sql = render_sorted(table, sql)
        for batch in con.sql(sql).to_arrow_reader(BATCH_ROWS):
            if batch.num_rows:
                yield batch.cast(table.arrow_schema)
    finally:
        con.close()
