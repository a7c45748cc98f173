"""The warehouse I/O manager: Parquet files per table, a manifest, and the DuckDB catalog of views."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.analyst import DEFAULT_MIN_EVENT_CONFIDENCE, render_analyst_views
from schemas.contracts import render_contracts
from schemas.tables import TABLES
from schemas.views import render_views
from transforms.errors import NewsetlError, TerminalError, TransientError

CATALOG = "newsetl.duckdb"
MANIFEST = "manifest.json"
STAGING = ".staging"
LOCK = ".lock"


class WarehouseLocked(TerminalError):
    """Another run holds the warehouse."""


# Files a publish takes out of the tables stay on disk this long: a reader holding the previous catalog
# may still be scanning them.
RETIRED_GRACE_SECONDS = 600


@dataclass
class Manifest:
    """Which Parquet files (relative to the warehouse) make up each table, and which were retired when."""

    tables: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in TABLES})
    retired: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"version": 1, "tables": self.tables, "retired": self.retired}, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        tables = {name: [] for name in TABLES}
        tables.update(data.get("tables", {}))
        return cls(tables, dict(data.get("retired", {})))

    def referenced(self) -> set[str]:
        """Every file the manifest still names, live or retired."""
        return {f for files in self.tables.values() for f in files} | set(self.retired)


@dataclass(frozen=True)
class Warehouse:
    """A warehouse folder."""

    root: Path
    event_min_confidence: float = DEFAULT_MIN_EVENT_CONFIDENCE  # event_timeline's cut

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
                yield self
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def read_manifest(self) -> Manifest:
        """The published manifest (empty for a new warehouse)."""
        path = self.root / MANIFEST
        if not path.exists():
            return Manifest()
        try:
            return Manifest.from_json(path.read_text())
        except (OSError, ValueError) as exc:
            raise TerminalError(f"{path} is unreadable or corrupt: {exc}") from None

    def read_table(self, name: str, columns: list[str] | None = None, manifest: Manifest | None = None) -> pa.Table:
        """A published table as Arrow, straight from its Parquet files."""
        manifest = manifest or self.read_manifest()
        schema = TABLES[name].arrow_schema
        files = [self.root / f for f in manifest.tables.get(name, [])]
        if not files:
            table = schema.empty_table()
            return table.select(columns) if columns else table
        try:
            parts = [pq.read_table(f, columns=columns, schema=schema) for f in files]
        except OSError as exc:
            raise TransientError(f"cannot read table {name}: {exc}") from exc
        return pa.concat_tables(parts)

    def clean_staging(self) -> None:
        """Remove what an interrupted run left unpublished (staging, files no manifest names)."""
        shutil.rmtree(self.root / STAGING, ignore_errors=True)
        referenced = self.read_manifest().referenced()
        tables_dir = self.root / "tables"
        if tables_dir.exists():
            for path in tables_dir.rglob("*.parquet"):
                if path.relative_to(self.root).as_posix() not in referenced:
                    path.unlink()

    def stage(self, run_id: str, name: str, table: pa.Table, part: int) -> str | None:
        """Write one table's rows to the run's staging folder; returns the path it will be published at."""
        if table.num_rows == 0:
            return None
        rel = f"tables/{name}/{run_id}-{part:05d}.parquet"
        path = self.root / STAGING / run_id / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.cast(TABLES[name].arrow_schema), path, compression="zstd")
        return rel

    def publish(self, run_id: str, staged: dict[str, list[str]],
                replaced: dict[str, list[str]] | None = None) -> Manifest:
        """Move the run's files into place, then swap in the new manifest and catalog: readers see all or nothing.

        Replace-mode tables swap their files; `replaced` names other files the new ones supersede (compaction).
        """
        manifest = self.read_manifest()
        now = time.time()
        retire = {name: list(files) for name, files in (replaced or {}).items()}
        for name, files in staged.items():
            for rel in files:
                target = self.root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.root / STAGING / run_id / rel, target)
            if TABLES[name].mode == "replace" and files:
                retire.setdefault(name, []).extend(manifest.tables.get(name, []))
        for name, files in retire.items():
            gone = set(files)
            manifest.tables[name] = [f for f in manifest.tables.get(name, []) if f not in gone]
            manifest.retired.update({f: now for f in gone})
        for name, files in staged.items():
            manifest.tables[name] = manifest.tables.get(name, []) + list(files)
        expired = [f for f, at in manifest.retired.items() if now - at > RETIRED_GRACE_SECONDS]
        for f in expired:
            del manifest.retired[f]
        _write_atomic(self.root / MANIFEST, manifest.to_json())
        self.write_catalog(manifest)
        self.clean_staging()
        return manifest

    def compact(self, run_id: str) -> dict[str, tuple[int, int]]:
        """Merge each append table's files into one file, published atomically; {table: (files before, after)}."""
        manifest = self.read_manifest()
        staged, replaced, counts = {}, {}, {}
        for name, files in manifest.tables.items():
            if TABLES[name].mode != "append" or len(files) < 2:
                continue
            rel = self.stage(run_id, name, self.read_table(name, manifest=manifest), 0)
            staged[name], replaced[name] = ([rel] if rel else []), list(files)
            counts[name] = (len(files), len(staged[name]))
        if staged:
            self.publish(run_id, staged, replaced)
        return counts

    def write_catalog(self, manifest: Manifest) -> None:
        """Build newsetl.duckdb (table views, then analyst views) beside the live one and rename it into place."""
        tmp = self.root / STAGING / f"{CATALOG}.{os.getpid()}"
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        files = {name: [str((self.root / f).resolve()) for f in rels] for name, rels in manifest.tables.items()}
        con = duckdb.connect(str(tmp))
        try:
            for statement in render_views(files) + render_analyst_views(self.event_min_confidence):
                con.execute(statement)
        finally:
            con.close()
        os.replace(tmp, self.catalog_path)

    def check_contracts(self) -> list[str]:
        """Names of the data contracts the published tables break."""
        con = self.connect()
        try:
            return [f"{c.table}: {c.name} ({n} rows)" for c in render_contracts()
                    if (n := con.sql(c.sql).fetchall()[0][0])]
        finally:
            con.close()

    def connect(self, retries: int = 20) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the catalog, retrying briefly if a publish is in progress."""
        if not self.catalog_path.exists():
            raise TerminalError(f"no warehouse at {self.root}: run `newsetl run` first")
        for attempt in range(retries):
            try:
                return duckdb.connect(str(self.catalog_path), read_only=True)
            except duckdb.IOException as exc:
                if attempt == retries - 1:
                    raise TransientError(f"cannot open {self.catalog_path}: {exc}") from exc
                time.sleep(0.1 * (attempt + 1))
        raise NewsetlError("unreachable")


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
