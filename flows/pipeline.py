"""The newsetl Prefect flow: scan, read, extract, stage, publish, check. It only calls the stages."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.settings import temporary_settings

from flows import __version__
from flows.settings import Settings
from flows.sources import SourceFile, read_source, scan_folder
from flows.warehouse import Warehouse
from transforms.batch import BatchResult, RawInput, analyze_batch, build_tables
from transforms.dedup import DedupIndex
from transforms.errors import InputRejected
from transforms.nlp import load_nlp
from transforms.resolve import EntityIndex
from transforms.tables import to_arrow

IO = {"retries": 2, "retry_delay_seconds": 1, "cache_policy": NO_CACHE}
COMPUTE = {"cache_policy": NO_CACHE}


@dataclass
class RunSummary:
    """What a run did."""

    run_id: str
    status: str = "running"
    n_seen: int = 0
    n_new: int = 0
    n_unchanged: int = 0
    n_rejected: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    contract_failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class WarehouseState:
    """What the warehouse already holds."""

    known: set[tuple[str, str | None]]
    entities: EntityIndex
    dedup: DedupIndex = field(default_factory=DedupIndex)


@task(name="scan-inputs", **IO)
def scan_inputs(settings: Settings) -> list[SourceFile]:
    """List the input folder."""
    return scan_folder(settings.input)


@task(name="open-warehouse", **IO)
def open_warehouse(settings: Settings) -> WarehouseState:
    """Drop unpublished leftovers; load which files, entities and document texts the warehouse already has."""
    wh = Warehouse(settings.warehouse)
    wh.clean_staging()
    manifest = wh.read_manifest()
    known = set()
    for name in ("documents", "rejects"):
        t = wh.read_table(name, ["source_path", "content_sha256"], manifest)
        known |= set(zip(t.column("source_path").to_pylist(), t.column("content_sha256").to_pylist()))
    entities = wh.read_table("entities", manifest=manifest)
    texts = wh.read_table("documents", ["doc_id", "text_sha256", "minhash", "duplicate_of"], manifest)
    return WarehouseState(known, EntityIndex.from_table(entities), DedupIndex.from_table(texts))


@task(name="read-batch", **IO)
def read_batch(files: list[SourceFile], settings: Settings) -> tuple[list[RawInput], list[tuple[RawInput, InputRejected]]]:
    """Read a batch of files; files that cannot become text inputs are returned as rejects."""
    inputs, rejects = [], []
    for f in files:
        try:
            inputs.append(read_source(f, max_bytes=settings.max_file_bytes))
        except InputRejected as exc:
            rejects.append((RawInput(f.source_path, "", f.size_bytes, b""), exc))
    return inputs, rejects


@task(name="extract-batch", **COMPUTE)
def extract_batch(inputs: list[RawInput], settings: Settings, dedup: DedupIndex) -> BatchResult:
    """Parse, decode, normalize, mark duplicates (adding first copies to dedup) and extract a batch."""
    nlp = load_nlp(settings.model)
    return analyze_batch(inputs, nlp, max_bytes=settings.max_file_bytes, dedup=dedup,
                         batch_size=settings.nlp_batch_size, n_process=settings.n_process)


@task(name="stage-tables", **IO)
def stage_tables(settings: Settings, run_id: str, tables: dict, part: int) -> dict[str, str]:
    """Write a batch's tables to the run's staging folder."""
    wh = Warehouse(settings.warehouse)
    return {name: rel for name, t in tables.items() if (rel := wh.stage(run_id, name, t, part))}


@task(name="publish-warehouse", **IO)
def publish_warehouse(settings: Settings, run_id: str, staged: dict[str, list[str]]) -> list[str]:
    """Make the run's files visible at once and check the data contracts."""
    wh = Warehouse(settings.warehouse)
    wh.publish(run_id, staged)
    return wh.check_contracts()


def select_new(inputs: list[RawInput], known: set) -> list[RawInput]:
    """Inputs whose (path, content) the warehouse does not hold yet."""
    return [i for i in inputs if (i.source_path, i.content_sha256) not in known]


def batched(items: list, size: int):
    """Consecutive chunks of at most size items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def make_run_id(now: datetime) -> str:
    """Sortable, unique run id."""
    return now.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


@flow(name="newsetl", log_prints=False, validate_parameters=False)
def newsetl_flow(settings: Settings, on_progress: Callable[[int, int], None] | None = None) -> RunSummary:
    """Ingest the input folder into the warehouse: scan, read, extract, stage, publish, check."""
    started = time.monotonic()
    started_at = datetime.now(timezone.utc).replace(tzinfo=None)
    summary = RunSummary(make_run_id(started_at))
    log = get_run_logger()
    files = scan_inputs(settings)
    state = open_warehouse(settings)
    summary.n_seen = len(files)
    if on_progress:
        on_progress(0, len(files))
    staged: dict[str, list[str]] = {}
    for part, chunk in enumerate(batched(files, settings.batch_docs)):
        inputs, unreadable = read_batch(chunk, settings)
        unreadable = [(r, e) for r, e in unreadable if (r.source_path, None) not in state.known]
        todo = select_new(inputs, state.known)
        summary.n_unchanged += len(inputs) - len(todo) + (len(chunk) - len(inputs) - len(unreadable))
        result = extract_batch(todo, settings, state.dedup) if todo else BatchResult()
        result.rejects += unreadable
        tables = build_tables(result, state.entities, run_id=summary.run_id, now=started_at)
        for name, rel in stage_tables(settings, summary.run_id, tables, part).items():
            staged.setdefault(name, []).append(rel)
        summary.n_new += len(result.prepared)
        summary.n_rejected += len(result.rejects)
        for _, exc in result.rejects:
            summary.rejects_by_reason[exc.reason] = summary.rejects_by_reason.get(exc.reason, 0) + 1
        for name, t in tables.items():
            summary.counts[name] = summary.counts.get(name, 0) + t.num_rows
        log.info("batch %d: %d new, %d rejected", part, len(result.prepared), len(result.rejects))
        if on_progress:
            on_progress(part * settings.batch_docs + len(chunk), len(files))
    summary.status = "completed"
    summary.seconds = round(time.monotonic() - started, 3)
    finals = {
        "entities": state.entities.to_table(),
        "runs": to_arrow("runs", [{
            "run_id": summary.run_id, "started_at": started_at,
            "finished_at": datetime.now(timezone.utc).replace(tzinfo=None), "status": summary.status,
            "input_dir": str(settings.input), "n_seen": summary.n_seen, "n_new": summary.n_new,
            "n_unchanged": summary.n_unchanged, "n_rejected": summary.n_rejected,
            "seconds": summary.seconds, "pipeline_version": __version__,
        }]),
    }
    for name, rel in stage_tables(settings, summary.run_id, finals, 99999).items():
        staged.setdefault(name, []).append(rel)
    summary.contract_failures = publish_warehouse(settings, summary.run_id, staged)
    for failure in summary.contract_failures:
        log.warning("data contract broken: %s", failure)
    log.info("run %s: %d seen, %d new, %d unchanged, %d rejected in %.1f s", summary.run_id, summary.n_seen,
             summary.n_new, summary.n_unchanged, summary.n_rejected, summary.seconds)
    return summary


def run_pipeline(settings: Settings, on_progress: Callable[[int, int], None] | None = None) -> RunSummary:
    """Run the flow under the warehouse lock without heartbeat waits, calling on_progress(done, total) per batch."""
    wh = Warehouse(settings.warehouse)
    wh.ensure_writable()
    with wh.lock(settings.lock_wait_seconds), temporary_settings(updates={"flows.heartbeat_frequency": None}):
        return newsetl_flow(settings, on_progress)
