"""The warehouse I/O manager: a folder of Parquet files per table, a manifest, and the DuckDB catalog of views.

The work is split by responsibility: flows/manifest.py (which files make each table), flows/publish.py (staging
and the atomic publish), flows/catalog.py (the DuckDB views), flows/parquetio.py (checksummed Parquet).
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from flows.store import publish as publishing
from flows.store.catalog import CATALOG, connect_catalog, reader_config, write_catalog
from flows.command.interrupt import holding, uninterrupted
from flows.store.manifest import MANIFEST, Manifest, read_manifest
from flows.store.merge import locate, merge_small_files, stream_files
from flows.store.parquetio import ParquetCorrupt, read_parquet, verify_files
from flows.store.publish import STAGING
from flows.store.verified import verify_changed
from flows.settings import Settings
from schemas.analyst import DEFAULT_MIN_EVENT_CONFIDENCE
from schemas.contracts import all_name, new_name, render_contracts, render_new_row_contracts
from schemas.tables import TABLES
from schemas.views import render_select
from transforms.errors import TerminalError, TransientError

__all__ = ["CATALOG", "MANIFEST", "STAGING", "Manifest", "Warehouse", "WarehouseLocked"]
LOCK = ".lock"


class WarehouseLocked(TerminalError):
    """Another run holds the warehouse."""


@dataclass(frozen=True)
class Warehouse:
    """A warehouse folder."""

    root: Path
    event_min_confidence: float = DEFAULT_MIN_EVENT_CONFIDENCE  # event_timeline's cut

    @classmethod
    def of(cls, settings: Settings) -> Warehouse:
        """The warehouse the settings name, with their event_timeline cut."""
        return cls(settings.warehouse, settings.event_min_confidence)

    @property
    def catalog_path(self) -> Path:
        return self.root / CATALOG

    def ensure_writable(self) -> None:
        """Create the folder and prove it can be written; raise TerminalError if not."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise TerminalError(f"warehouse folder {self.root} is not writable: {exc.strerror or exc}") from None

    @contextmanager
    def lock(self, wait_seconds: float = 0.0):
        """Hold the warehouse's run lock; raise WarehouseLocked if another run keeps it past wait_seconds."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+") as fh:
            deadline = time.monotonic() + wait_seconds
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise WarehouseLocked(f"another newsetl run holds {self.root}; try again when it ends") from None
                    time.sleep(0.2)
            try:
                with holding(self.root):
                    yield self
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def read_manifest(self) -> Manifest:
        """The published manifest (empty for a new warehouse); ManifestCorrupt when it does not parse."""
        return read_manifest(self.root)

    def read_table(self, name: str, columns: list[str] | None = None, manifest: Manifest | None = None) -> pa.Table:
        """A published table as Arrow, straight from its Parquet files (page checksums verified)."""
        manifest = manifest or self.read_manifest()
        schema = TABLES[name].arrow_schema
        files = [self.root / f for f in manifest.tables.get(name, [])]
        if not files:
            table = schema.empty_table()
            return table.select(columns) if columns else table
        try:
            parts = [read_parquet(f, columns=columns, schema=schema) for f in files]
        except OSError as exc:
            raise TransientError(f"cannot read table {name}: {exc}") from exc
        return pa.concat_tables(parts)

    def clean_staging(self) -> None:
        """Remove what an interrupted run left unpublished (staging, files no manifest names)."""
        publishing.clean_staging(self.root)

    def stage(self, run_id: str, name: str, table: pa.Table, part: int) -> str | None:
        """Write one table's rows to the run's staging folder; returns the path it will be published at."""
        return publishing.stage_table(self.root, run_id, name, table, part)

    def publish(self, run_id: str, staged: dict[str, list[str]],
                replaced: dict[str, list[str]] | None = None) -> Manifest:
        """Make the run's files, the new manifest and the new catalog visible at once (idempotent); each table's
        small trailing files are merged on the way (size-tiered), so files per table stay bounded."""
        staged, replaced = merge_small_files(self.root, run_id, self.read_manifest(), staged, replaced or {})
        with uninterrupted():
            return publishing.publish(self.root, run_id, staged, replaced, self.event_min_confidence)

    def compact(self, run_id: str) -> dict[str, tuple[int, int]]:
        """Merge each append table's files into one file, published atomically; {table: (files before, after)}."""
        manifest = self.read_manifest()
        staged, replaced, counts = {}, {}, {}
        for name, files in manifest.tables.items():
            if TABLES[name].mode != "append" or len(files) < 2:
                continue
            rel = f"tables/{name}/{run_id}-00000.parquet"
            target = publishing.staging_path(self.root, run_id, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            stream_files(name, [self.root / f for f in files], target)  # a batch at a time: memory stays small
            staged[name], replaced[name] = [rel], list(files)
            counts[name] = (len(files), len(staged[name]))
        if staged:
            self.publish(run_id, staged, replaced)
        return counts

    def rewrite_without(self, run_id: str, name: str, column: str, values: set[str],
                        first_part: int) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Stage copies of a table's files without the rows whose `column` is in values; (staged, replaced)."""
        manifest = self.read_manifest()
        staged, replaced = [], []
        for part, rel in enumerate(manifest.tables.get(name, []), start=first_part):
            table = read_parquet(self.root / rel, schema=TABLES[name].arrow_schema)
            keep = pc.invert(pc.is_in(table[column], pa.array(sorted(values), table.schema.field(column).type)))
            if pc.all(keep).as_py():
                continue
            replaced.append(rel)
            if new := self.stage(run_id, name, table.filter(keep), part):
                staged.append(new)
        return ({name: staged} if staged else {}), ({name: replaced} if replaced else {})

    def write_catalog(self, manifest: Manifest) -> None:
        """Build newsetl.duckdb beside the live one, check it, and rename it into place."""
        write_catalog(self.root, manifest, self.root / STAGING, self.event_min_confidence)

    def verify(self, manifest: Manifest | None = None) -> None:
        """Check the published files against the SHA-256 recorded at publish (those changed or not checked lately,
        see flows/store/verified.py); ParquetCorrupt if one differs."""
        manifest = manifest or self.read_manifest()
        verify_changed(self.root, {f: manifest.sha256.get(f) for f in manifest.live()}, verify_files)

    def check_contracts(self) -> list[str]:
        """Names of the data contracts the published tables break."""
        con = self.connect(verify=False)
        try:
            return [f"{c.table}: {c.name} ({n} rows)" for c in render_contracts()
                    if (n := con.sql(c.sql).fetchall()[0][0])]
        finally:
            con.close()

    def check_new_rows(self, run_id: str, staged: dict[str, list[str]],
                       replaced: dict[str, list[str]] | None = None) -> list[str]:
        """Names of the data contracts a run's staged rows would break (costs what the run adds, not what is
        stored; see render_new_row_contracts)."""
        manifest, gone = self.read_manifest(), {f for files in (replaced or {}).values() for f in files}
        con = duckdb.connect(config=reader_config(self.root))
        try:
            for name, table in TABLES.items():
                new = [str(locate(self.root, run_id, rel)) for rel in staged.get(name, [])]
                stored = [str(self.root / f) for f in manifest.tables.get(name, []) if f not in gone]
                con.execute(f"CREATE VIEW {new_name(name)} AS {render_select(table, new)}")
                con.execute(f"CREATE VIEW {all_name(name)} AS {render_select(table, stored + new)}")
            return [f"{c.table}: {c.name} ({n} rows)" for c in render_new_row_contracts(sorted(staged))
                    if (n := con.sql(c.sql).fetchall()[0][0])]
        except (duckdb.InvalidInputException, duckdb.IOException) as exc:  # a stored file that does not parse
            raise ParquetCorrupt(f"a file of the warehouse is corrupt ({exc}); restore it from a backup") from None
        finally:
            con.close()

    def connect(self, *, verify: bool = True) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the catalog (its files checked first), retrying while a publish renames it."""
        if verify and (self.root / MANIFEST).exists():
            self.verify()
        return connect_catalog(self.root)
