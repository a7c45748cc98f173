"""Staging and publishing: a run's Parquet files go to .staging/, then become visible all at once.

The manifest swap is the commit point. `publish` is idempotent: called again after it failed part-way (files
moved, or manifest swapped but no catalog), it finishes the same publish instead of redoing it.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pyarrow as pa

from flows.store.catalog import write_catalog
from flows.store.manifest import Manifest, read_manifest, write_manifest
from flows.store.parquetio import hash_file, verify_pages, write_parquet
from schemas.analyst import DEFAULT_MIN_EVENT_CONFIDENCE
from schemas.tables import TABLES

STAGING = ".staging"
# Files a publish takes out of the tables stay on disk this long: a reader holding the previous catalog
# may still be scanning them.
RETIRED_GRACE_SECONDS = 600


def staging_path(root: Path, run_id: str, rel: str) -> Path:
    """Where a run stages the file it will publish at rel."""
    return root / STAGING / run_id / rel


def stage_table(root: Path, run_id: str, name: str, table: pa.Table, part: int) -> str | None:
    """Write one table's rows to the run's staging folder; returns the path it will be published at."""
    if table.num_rows == 0:
        return None
    rel = f"tables/{name}/{run_id}-{part:05d}.parquet"
    path = staging_path(root, run_id, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_parquet(sort_rows(table.cast(TABLES[name].arrow_schema), name), path)
    return rel


def sort_rows(table: pa.Table, name: str) -> pa.Table:
    """Rows in the table's declared file order (unchanged when it declares none)."""
    keys = TABLES[name].sort_keys
    return table.sort_by([(c, "descending" if desc else "ascending", "at_end") for c, desc in keys]) if keys else table


def is_published(manifest: Manifest, staged: dict[str, list[str]]) -> bool:
    """Whether a manifest already holds every staged file (an earlier attempt of this publish committed)."""
    files = [rel for rels in staged.values() for rel in rels]
    live = set(manifest.live())
    return bool(files) and all(rel in live for rel in files)


def move_staged(root: Path, run_id: str, staged: dict[str, list[str]]) -> dict[str, str]:
    """Check and hash each staged file, then move it into tables/; {rel: sha256}. Files already moved stay."""
    hashes = {}
    for rel in (rel for rels in staged.values() for rel in rels):
        source, target = staging_path(root, run_id, rel), root / rel
        current = source if source.exists() else target  # target: moved by an earlier attempt
        verify_pages(current)
        hashes[rel] = hash_file(current)
        if current is source:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    return hashes


def update_manifest(manifest: Manifest, staged: dict[str, list[str]], replaced: dict[str, list[str]],
                    hashes: dict[str, str], now: float) -> Manifest:
    """The manifest with the staged files added, replaced ones retired and long-retired ones forgotten."""
    retire = {name: list(files) for name, files in replaced.items()}
    for name, files in staged.items():
        if TABLES[name].mode == "replace" and files:
            retire.setdefault(name, []).extend(manifest.tables.get(name, []))
    for name, files in retire.items():
        gone = set(files)
        manifest.tables[name] = [f for f in manifest.tables.get(name, []) if f not in gone]
        manifest.retired.update({f: now for f in gone})
    for name, files in staged.items():
        manifest.tables[name] = manifest.tables.get(name, []) + list(files)
    for f in [f for f, at in manifest.retired.items() if now - at > RETIRED_GRACE_SECONDS]:
        del manifest.retired[f]
    manifest.sha256.update(hashes)
    referenced = manifest.referenced()
    manifest.sha256 = {f: h for f, h in manifest.sha256.items() if f in referenced}
    return manifest


def publish(root: Path, run_id: str, staged: dict[str, list[str]],
            replaced: dict[str, list[str]] | None = None,
            event_min_confidence: float = DEFAULT_MIN_EVENT_CONFIDENCE) -> Manifest:
    """Move the run's files into place, then swap in the new manifest and catalog: readers see all or nothing.

    Replace-mode tables swap their files; `replaced` names other files the new ones supersede (compaction).
    """
    manifest = read_manifest(root)
    if not is_published(manifest, staged):
        hashes = move_staged(root, run_id, staged)
        manifest = update_manifest(manifest, staged, replaced or {}, hashes, time.time())
        write_manifest(root, manifest)
    write_catalog(root, manifest, root / STAGING, event_min_confidence)
    clean_staging(root, manifest)
    return manifest


def clean_staging(root: Path, manifest: Manifest | None = None) -> None:
    """Remove what an interrupted run left unpublished (staging, files no manifest names)."""
    referenced = (manifest or read_manifest(root)).referenced()  # first: a corrupt manifest touches nothing
    shutil.rmtree(root / STAGING, ignore_errors=True)
    tables_dir = root / "tables"
    if tables_dir.exists():
        for path in tables_dir.rglob("*.parquet"):
            if path.relative_to(root).as_posix() not in referenced:
                path.unlink()
