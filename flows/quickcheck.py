"""A run with nothing to do, recorded without starting Prefect (its temporary API server costs 6-11 s)."""

from __future__ import annotations

import json
import time

from flows import __version__
from flows.settings import Settings
from flows.sources import scan_folder
from flows.warehouse import Warehouse
from transforms.incremental import RunPlan, SourceState, plan_run
from transforms.tables import to_arrow


def find_changes(settings: Settings) -> RunPlan:
    """What a run would have to do: files to read and files gone, from sizes and modification times."""
    wh = Warehouse(settings.warehouse)
    if not (wh.root / "manifest.json").exists():
        return RunPlan(to_read=["(new warehouse)"])
    previous = {r["source_path"]: SourceState(**r) for r in wh.read_table("sources").to_pylist()}
    scanned = [SourceState(f.source_path, f.size_bytes, f.mtime_ns) for f in scan_folder(settings.input)]
    return plan_run(scanned, previous)


def record_unchanged_run(settings: Settings, plan: RunPlan, run_id: str, started_at) -> dict:
    """Publish a runs row for a run that found every file unchanged; returns the row."""
    started = time.monotonic()
    wh = Warehouse(settings.warehouse)
    with wh.lock(settings.lock_wait_seconds):
        seconds = round(time.monotonic() - started, 3)
        row = {
            "run_id": run_id, "started_at": started_at, "finished_at": started_at, "status": "completed",
            "input_dir": str(settings.input), "n_seen": len(plan.unchanged), "n_new": 0, "n_changed": 0,
            "n_deleted": 0, "n_unchanged": len(plan.unchanged), "n_rejected": 0, "n_documents": 0,
            "seconds": seconds, "stage_seconds": json.dumps({"check": seconds}), "pipeline_version": __version__,
        }
        rel = wh.stage(run_id, "runs", to_arrow("runs", [row]), 0)
        wh.publish(run_id, {"runs": [rel]})
    return row
