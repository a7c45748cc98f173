"""A run with nothing to do, recorded without starting Prefect (its temporary API server costs 6-11 s)."""

from __future__ import annotations

import time

import pyarrow.compute as pc

from flows.store.lookup import WarehouseLookup
from flows.store.manifest import Manifest
from flows.run.runs import RunSummary, run_row
from flows.settings import Settings
from flows.run.sources import SourceFile, scan_folder, unlisted_folders
from flows.store.warehouse import Warehouse
from transforms.ingest.incremental import RETRY_REASONS, RunPlan, SourceState, plan_run, select_retries
from transforms.load.tables import to_arrow


def load_sources(wh: Warehouse, manifest: Manifest) -> tuple[dict[str, SourceState], set[str]]:
    """The input folder as the last run saw it, and the paths whose rejection should be retried."""
    lookup = WarehouseLookup(wh.root, manifest)
    sources = lookup.latest_sources()
    rejects = lookup.scan("rejects", ["source_path", "content_sha256", "reason"],
                          pc.field("reason").isin(list(RETRY_REASONS)))
    rows = zip(*(rejects.column(c).to_pylist() for c in ("source_path", "content_sha256", "reason")), strict=True)
    return sources, select_retries(list(rows), sources)


def plan_scan(files: list[SourceFile], previous: dict[str, SourceState], retry: set[str]) -> RunPlan:
    """The plan of a run over scanned files."""
    scanned = [SourceState(f.source_path, f.size_bytes, f.mtime_ns) for f in files]
    return plan_run(scanned, previous, retry=retry, unlisted=unlisted_folders(files))


def find_changes(settings: Settings) -> RunPlan:
    """What a run would have to do: files to read and files gone, from sizes and modification times."""
    wh = Warehouse.of(settings)
    if not (wh.root / "manifest.json").exists():
        return RunPlan(to_read=["(new warehouse)"])
    previous, retry = load_sources(wh, wh.read_manifest())
    return plan_scan(scan_folder(settings.input, skip=[settings.warehouse]), previous, retry)


def record_unchanged_run(settings: Settings, plan: RunPlan, run_id: str, started_at) -> RunSummary:
    """Publish the runs row of a run that found every file unchanged."""
    started = time.monotonic()
    summary = RunSummary(run_id, status="completed", n_seen=len(plan.unchanged), n_unchanged=len(plan.unchanged))
    wh = Warehouse.of(settings)
    with wh.lock(settings.lock_wait_seconds):
        summary.seconds = round(time.monotonic() - started, 3)
        summary.stage_seconds["check"] = summary.seconds
        rel = wh.stage(run_id, "runs", to_arrow("runs", [run_row(summary, settings, started_at)]), 0)
        wh.publish(run_id, {"runs": [rel]})
    return summary
