"""Parquet files that cannot be silently wrong: a CRC on every page, a SHA-256 of every file in the manifest.

DuckDB 2.0 does not check Parquet page checksums (measured: single-bit flips change answers without an error),
so newsetl checks before it reads: pyarrow reads verify page checksums, and every newsetl reader of the catalog
first compares each published file with the SHA-256 the manifest recorded when it was published.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import Table
from transforms.errors import TerminalError

HASH_CHUNK = 1 << 20
GROUP_ROWS, GROUP_BYTES = 131_072, 32 << 20
# Files sorted by a declared order get smaller row groups: a query in that order reads fewer rows it discards.
SORTED_GROUP_ROWS = 32_768
# LZ4 rather than zstd: files about 1.5x bigger, but DuckDB decodes them faster, and a query that has to read
# every current row (quotes_by_speaker, at 1M documents: 3M quotes with their text) is bound by the decoding
# (1.12-1.17 s with zstd, 0.80-0.81 s with LZ4, measured side by side on the same rows).
COMPRESSION = "lz4"


class ParquetCorrupt(TerminalError):
    """A Parquet file's bytes do not match its checksums or its recorded hash."""


def group_rows_of(table: Table) -> int:
    """Rows per row group of a table's merged or rewritten files: fewer when the table declares an order."""
    return SORTED_GROUP_ROWS if table.order else GROUP_ROWS


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write a table with COMPRESSION and a CRC32 checksum on every page, synced to disk."""
    pq.write_table(table, path, compression=COMPRESSION, write_page_checksum=True)
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def write_parquet_batches(batches, schema: pa.Schema, path: Path, group_rows: int = GROUP_ROWS) -> None:
    """Stream record batches into one file written as write_parquet writes, synced to disk."""
    with pq.ParquetWriter(path, schema, compression=COMPRESSION, write_page_checksum=True) as writer:
        group: list[pa.RecordBatch] = []
        for batch in batches:
            group.append(batch)
            # row groups of up to GROUP_ROWS rows or GROUP_BYTES bytes: few footers to parse, small reads
            if sum(b.num_rows for b in group) >= group_rows or sum(b.nbytes for b in group) >= GROUP_BYTES:
                writer.write_table(pa.Table.from_batches(group, schema), row_group_size=group_rows)
                group = []
        if group:
            writer.write_table(pa.Table.from_batches(group, schema), row_group_size=group_rows)
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def read_parquet(path: Path, columns: list[str] | None = None, schema: pa.Schema | None = None) -> pa.Table:
    """Read a table, checking every page's checksum; ParquetCorrupt when the bytes are damaged."""
    try:
        return pq.read_table(path, columns=columns, schema=schema, page_checksum_verification=True)
    except FileNotFoundError:
        raise
    except (OSError, pa.ArrowException) as exc:
        raise ParquetCorrupt(f"{path} is corrupt ({exc}); restore it from a backup") from None


def verify_pages(path: Path) -> None:
    """Read every page of a file, checking its checksum; ParquetCorrupt when one does not match."""
    try:
        pf = pq.ParquetFile(path, page_checksum_verification=True)
        for i in range(pf.num_row_groups):
            pf.read_row_group(i)
    except (OSError, pa.ArrowException) as exc:
        raise ParquetCorrupt(f"{path} is corrupt or missing ({exc}); restore it from a backup") from None


def hash_file(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_file(path: Path, sha256: str | None) -> None:
    """Check a published file against its recorded hash (or, when none was recorded, its page checksums)."""
    if sha256 is None:
        verify_pages(path)
        return
    try:
        actual = hash_file(path)
    except OSError as exc:
        raise ParquetCorrupt(f"cannot read {path} ({exc.strerror or exc}); the warehouse is incomplete") from None
    if actual != sha256:
        raise ParquetCorrupt(f"{path} changed since it was published (SHA-256 mismatch): its bytes are damaged; "
                             f"restore it from a backup")


def verify_files(files: dict[Path, str | None], workers: int = 4) -> None:
    """Check every file against its hash, a few in parallel; the first ParquetCorrupt is raised."""
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(verify_file, files, files.values()))
