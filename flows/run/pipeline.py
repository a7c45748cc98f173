"""The newsetl Prefect flow: scan, plan, read, prepare, extract, stage, publish, check. It only calls the stages."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote
from prefect.settings import temporary_settings

from flows.store.backfill import backfill_counts, backfill_pairs, backfill_totals
from flows.store.context import backfill_context
from flows.store.lookup import WarehouseDedup, WarehouseLookup, backfill_keys
from flows.store.totals import total_run_entities, total_run_pairs
from flows.run.headstart import start_loading_workers, stop_unused_workers
from flows.run.parallel import ExtractPool, Progress, count_run_workers, first_batch_size, resolve_workers
from flows.run.quickcheck import load_sources, plan_scan
from flows.run.prefect_env import TemporaryServer
from flows.run.reaper import start_reaper
from flows.run.runs import RunSummary, make_run_id, run_row, utcnow
from flows.settings import Settings, coerce_settings
from flows.run.sources import SourceFile, batched, by_age, hash_source, read_source, scan_folder
from flows.store.warehouse import Warehouse
from transforms.batch import (
    BatchResult, RawInput, analyzable_articles, attach_facts, build_tables, extract_facts, prepare_batch, warm_up,
)
from transforms.ingest.dedup import DedupIndex, NoDedupIndex
from transforms.errors import InputRejected, TerminalError, TransientError
from transforms.ingest.incremental import RunPlan, SourceState, classify_read, find_orphans
from transforms.extract.nlp import load_nlp
from transforms.records import Article, DocumentFacts
from transforms.load.resolve import EntityIndex, lookup_keys
from transforms.load.tables import to_arrow


def is_transient(task, task_run, state) -> bool:
    """Retry condition of I/O tasks: a terminal error (bad input, corrupt manifest) is not retried."""
    try:
        state.result()
    except TerminalError:
        return False
    except Exception:  # noqa: BLE001 - anything else may pass on a second try
        return True
    return True


IO = {"retries": 2, "retry_delay_seconds": 1, "retry_condition_fn": is_transient, "cache_policy": NO_CACHE}
COMPUTE = {"cache_policy": NO_CACHE}
FINAL_PART = 99999  # staging part number of the per-run tables (entities, sources, runs)
REWRITE_PART = 70000  # first staging part of documents files rewritten without rebuilt rows


@dataclass
class WarehouseState:
    """What the run knows of the warehouse: the input folder's last state, and what it looked up so far."""

    sources: dict[str, SourceState]
    history: set[tuple[str, str | None]]
    entities: EntityIndex
    dedup: DedupIndex = field(default_factory=DedupIndex)
    retry: set[str] = field(default_factory=set)
    # doc_id: (source_path, duplicate_of) of the current duplicates and their originals
    current: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    lookup: WarehouseLookup | None = None
    entity_keys: set[str] = field(default_factory=set)  # keys already looked up in the warehouse
    versions: set[str] = field(default_factory=set)  # paths whose ingested versions were looked up

    def look_up_versions(self, paths: list[str]) -> None:
        """Add the stored versions of these paths to `history`."""
        todo = sorted(set(paths) - self.versions)
        if self.lookup is not None and todo:
            self.history |= self.lookup.ingested_versions(todo)
        self.versions.update(todo)

    def look_up_entities(self, facts: list[DocumentFacts]) -> None:
        """Load the stored entities the batch's entities may resolve to."""
        keys = {k for f in facts for e in f.entities for k in lookup_keys(e)} - self.entity_keys
        if self.lookup is not None and keys:
            self.entities.load(*self.lookup.entities_for(keys))
        self.entity_keys |= keys


@task(name="scan-inputs", **IO)
def scan_inputs(settings: Settings) -> list[SourceFile]:
    """List the input folder with sizes and modification times."""
    return scan_folder(settings.input, skip=[settings.warehouse])


@task(name="open-warehouse", **IO)
def open_warehouse(settings: Settings) -> WarehouseState:
    """Drop unpublished leftovers; load the input folder's last state and the current duplicates; the rest
    (ingested versions, duplicate keys, entities) is looked up batch by batch."""
    wh = Warehouse.of(settings)
    wh.clean_staging()
    manifest = backfill_context(wh, f"{make_run_id(utcnow())}-context", wh.read_manifest())
    manifest = backfill_keys(wh, f"{make_run_id(utcnow())}-keys", manifest)
    manifest = backfill_counts(wh, f"{make_run_id(utcnow())}-counts", manifest)
    manifest = backfill_totals(wh, f"{make_run_id(utcnow())}-totals", manifest, utcnow())
    manifest = backfill_pairs(wh, f"{make_run_id(utcnow())}-pairs", manifest, utcnow())
    lookup = WarehouseLookup(wh.root, manifest)
    sources, retry = load_sources(wh, manifest)
    dedup = WarehouseDedup(lookup, sources) if settings.detect_duplicates else NoDedupIndex()
    return WarehouseState(sources, set(), EntityIndex(), dedup, retry, lookup.current_duplicates(sources), lookup)


@task(name="read-batch", **IO)
def read_batch(files: list[SourceFile], settings: Settings) -> tuple[list[RawInput], list[tuple[RawInput, InputRejected]]]:
    """Read a batch of files; files that cannot become text inputs are returned as rejects."""
    inputs, rejects = [], []
    for f in files:
        try:
            inputs.append(read_source(f, max_bytes=settings.max_file_bytes, root=settings.input))
        except InputRejected as exc:
            rejects.append((RawInput(f.source_path, "", f.size_bytes, b"", f.mtime_ns), exc))
        except TransientError as exc:  # one file's I/O error must not stop the run: a reject, retried next run
            rejects.append((RawInput(f.source_path, "", f.size_bytes, b"", f.mtime_ns),
                            InputRejected("unreadable", f"read failed: {exc}")))
    return inputs, rejects


@task(name="extract-batch", **COMPUTE)
def extract_batch(articles: list[Article], settings: Settings, pool: ExtractPool | None = None,
                  on_chunk: Callable[[int], None] | None = None) -> list[DocumentFacts]:
    """Parse and extract a batch of articles (the heavy stage): on the local pool, or where the task runs."""
    if pool is not None:
        return pool.extract(articles, on_chunk)
    return extract_facts(articles, load_nlp(settings.model), batch_size=settings.nlp_batch_size)


@task(name="stage-tables", **IO)
def stage_tables(settings: Settings, run_id: str, tables: dict, part: int) -> dict[str, str]:
    """Write a batch's tables to the run's staging folder."""
    wh = Warehouse.of(settings)
    return {name: rel for name, t in tables.items() if (rel := wh.stage(run_id, name, t, part))}


@task(name="total-facts", **IO)
def total_facts(settings: Settings, state: WarehouseState, run_id: str, staged: dict[str, list[str]],
                sources, now: datetime) -> dict:
    """The run's entity_totals and pair_totals rows: the keys its facts or its retired file versions change."""
    root, lookup, previous = settings.warehouse, state.lookup, state.sources
    return {"entity_totals": total_run_entities(root, lookup, previous, run_id, staged.get("entity_counts", []),
                                                sources, now),
            "pair_totals": total_run_pairs(root, lookup, previous, run_id, staged, sources, now)}


@task(name="drop-superseded-documents", **IO)
def drop_superseded_documents(settings: Settings, run_id: str, doc_ids: set[str]) -> tuple[dict, dict]:
    """Stage copies of the documents files without the rows of documents this run rebuilt."""
    return Warehouse.of(settings).rewrite_without(run_id, "documents", "doc_id", doc_ids, REWRITE_PART)


@task(name="publish-warehouse", **IO)
def publish_warehouse(settings: Settings, run_id: str, staged: dict[str, list[str]],
                      replaced: dict[str, list[str]] | None = None) -> list[str]:
    """Check the data contracts on the run's new rows, then make the run's files visible at once."""
    wh = Warehouse.of(settings)
    failures = wh.check_new_rows(run_id, staged, replaced)
    wh.publish(run_id, staged, replaced)
    return failures


@task(name="report-run", **IO)
def report_run(summary: RunSummary) -> None:
    """Publish the run's counts, rejects and stage timings as a Prefect markdown artifact."""
    create_markdown_artifact(key="newsetl-run", markdown=render_report(summary),
                             description=f"newsetl run {summary.run_id}")


def render_report(summary: RunSummary) -> str:
    """Markdown of a run summary."""
    rows = [("files seen", summary.n_seen), ("new", summary.n_new), ("changed", summary.n_changed),
            ("deleted", summary.n_deleted), ("unchanged", summary.n_unchanged), ("rejected", summary.n_rejected),
            ("documents written", summary.n_documents)]
    rows += [(f"{name} rows", n) for name, n in sorted(summary.counts.items())]
    lines = [f"# newsetl run {summary.run_id}: {summary.status}", "", "| count | value |", "| --- | ---: |"]
    lines += [f"| {k} | {v:,} |" for k, v in rows]
    lines += ["", "| rejects by reason | files |", "| --- | ---: |"]
    lines += [f"| {k} | {v} |" for k, v in sorted(summary.rejects_by_reason.items())] or ["| (none) | 0 |"]
    lines += ["", "| stage | seconds |", "| --- | ---: |"]
    lines += [f"| {k} | {v:.2f} |" for k, v in summary.stage_seconds.items()]
    lines += ["", f"total {summary.seconds:.2f} s"]
    if summary.contract_failures:
        lines += ["", "Broken data contracts:"] + [f"- {c}" for c in summary.contract_failures]
    return "\n".join(lines)


class SourceLedger:
    """The `sources` table being rebuilt by a run: unchanged files keep their row, read files get a new one."""

    def __init__(self, previous: dict[str, SourceState], plan: RunPlan, run_id: str):
        self.previous, self.run_id, self.deleted = previous, run_id, list(plan.deleted)
        self.rows = {p: previous[p] for p in plan.unchanged}

    def record(self, raw: RawInput, n_documents: int, *, new_content: bool) -> None:
        """Note the version of a file this run read."""
        before = self.previous.get(raw.source_path)
        self.rows[raw.source_path] = SourceState(
            raw.source_path, raw.size_bytes, raw.mtime_ns or 0, raw.content_sha256 or None, n_documents,
            before.first_run_id if before else self.run_id,
            self.run_id if new_content or before is None else before.last_run_id,
        )

    def to_table(self, now: datetime):
        """The rows a run appends to `sources`: files whose state changed, and tombstones of deleted files."""
        rows = [dict(vars(s), deleted=False, recorded_at=now) for p, s in sorted(self.rows.items())
                if s != self.previous.get(p)]
        rows += [dict(vars(self.previous[p]), deleted=True, recorded_at=now) for p in self.deleted]
        return to_arrow("sources", sorted(rows, key=lambda r: r["source_path"]))


def select_new(inputs: list[RawInput], rejects: list[tuple[RawInput, InputRejected]], state: WarehouseState,
               summary: RunSummary, ledger: SourceLedger) -> tuple[list[RawInput], list[tuple[RawInput, InputRejected]]]:
    """Inputs and read-rejects whose version the warehouse lacks; versions it holds only move `sources`."""
    todo, new_rejects = [], []
    for raw, exc in [(i, None) for i in inputs] + rejects:
        kind = classify_read(raw.source_path, raw.content_sha256 or None, state.sources, state.history)
        if raw.content_sha256 != ledger.previous.get(raw.source_path, SourceState("", 0, 0)).content_sha256:
            state.dedup.discard_path(raw.source_path)  # its earlier version is no longer anyone's original
        if kind == "same":
            summary.n_unchanged += 1
            ledger.record(raw, ledger.previous.get(raw.source_path, SourceState("", 0, 0)).n_documents,
                          new_content=False)
            continue
        summary.n_new += kind == "new"
        summary.n_changed += kind == "changed"
        if exc is None:
            todo.append(raw)
        else:
            new_rejects.append((raw, exc))
            ledger.record(raw, 0, new_content=True)
    return todo, new_rejects


def finish_batch(summary: RunSummary, ledger: SourceLedger, result: BatchResult, tables: dict,
                 known: set[str] = frozenset()) -> None:
    """Count a finished batch and note its files' versions (except the `known` ones, rebuilt as they were)."""
    per_file: dict[str, int] = {}
    for p in result.prepared:
        per_file[p.raw.source_path] = per_file.get(p.raw.source_path, 0) + 1
    seen = {p.raw.source_path: p.raw for p in result.prepared} | {r.source_path: r for r, _ in result.rejects}
    for path, raw in seen.items():
        if path not in known:
            ledger.record(raw, per_file.get(path, 0), new_content=True)
    summary.n_documents += len(result.prepared)
    summary.n_rejected += len(result.rejects)
    for _, exc in result.rejects:
        summary.rejects_by_reason[exc.reason] = summary.rejects_by_reason.get(exc.reason, 0) + 1
    for name, t in tables.items():
        summary.counts[name] = summary.counts.get(name, 0) + t.num_rows


@flow(name="newsetl", log_prints=False, validate_parameters=False)
def newsetl_flow(settings: Any, on_progress: Callable[[int, int], None] | None = None) -> RunSummary:
    """Ingest the input folder into the warehouse: scan, plan, read, prepare, extract, stage, publish, check."""
    settings = coerce_settings(settings)
    started, started_at = time.monotonic(), utcnow()
    summary = RunSummary(make_run_id(started_at))
    log = get_run_logger()
    wh = Warehouse.of(settings)
    wh.ensure_writable()
    with wh.lock(settings.lock_wait_seconds):
        with summary.timed("scan"):
            files = scan_inputs(settings)
        with summary.timed("open"):
            state = open_warehouse(settings)
        plan = plan_scan(files, state.sources, state.retry)
        summary.n_seen, summary.n_unchanged, summary.n_deleted = len(files), len(plan.unchanged), len(plan.deleted)
        log.info("plan: %d files, %d to read, %d unchanged, %d deleted", len(files), len(plan.to_read),
                 len(plan.unchanged), len(plan.deleted))
        ledger = SourceLedger(state.sources, plan, summary.run_id)
        for path in plan.deleted:
            state.dedup.discard_path(path)
        by_path = {f.source_path: f for f in files}
        rebuild = find_rebuilds(state, plan, by_path)
        files_in_order = sorted([by_path[p] for p in plan.to_read] + [by_path[p] for p in rebuild], key=by_age)
        staged, built = process_files(files_in_order, settings, state, summary, ledger, on_progress, rebuild=rebuild)
        replaced = drop_rebuilt(settings, summary.run_id, built & {d for ids in rebuild.values() for d in ids},
                                staged)
        summary.status = "completed"
        summary.seconds = round(time.monotonic() - started, 3)
        now = utcnow()
        entities = state.entities.to_table(now, only_changed=True)
        sources = ledger.to_table(now)
        with summary.timed("totals"):
            # quote: Prefect would otherwise walk every object of the run's state to record the task's inputs
            totals = total_facts(settings, quote(state), summary.run_id, staged, sources, now)
        finals = {"entities": entities, "entity_keys": state.entities.keys_table(entities.to_pylist(), now),
                  "sources": sources, **totals,
                  "runs": to_arrow("runs", [run_row(summary, settings, started_at)])}
        for name, rel in stage_tables(settings, summary.run_id, finals, FINAL_PART).items():
            staged.setdefault(name, []).append(rel)
        with summary.timed("publish"):
            summary.contract_failures = publish_warehouse(settings, summary.run_id, staged, replaced)
    for failure in summary.contract_failures:
        log.warning("data contract broken: %s", failure)
    summary.seconds = round(time.monotonic() - started, 3)
    log.info("run %s: %d seen, %d new, %d changed, %d deleted, %d unchanged, %d rejected in %.1f s; stages %s",
             summary.run_id, summary.n_seen, summary.n_new, summary.n_changed, summary.n_deleted,
             summary.n_unchanged, summary.n_rejected, summary.seconds,
             ", ".join(f"{k} {v:.1f}" for k, v in summary.stage_seconds.items()))
    report_run(summary)
    return summary


def find_rebuilds(state: WarehouseState, plan: RunPlan, by_path: dict[str, SourceFile]) -> dict[str, set[str]]:
    """Duplicates whose original this run deletes or changes, to decide again as a clean build would.

    The files of such originals are hashed first (only they: usually none), and their old versions leave the
    duplicate index. Returns {source_path: doc_ids} of unchanged files whose documents must be rebuilt.
    """
    path_of = {doc_id: path for doc_id, (path, _) in state.current.items()}
    originals = {path_of.get(original) for _, original in state.current.values() if original is not None}
    candidates = originals & set(plan.to_read) & set(state.sources)
    gone = set(plan.deleted) | {p for p in candidates if hash_source(by_path[p]) != state.sources[p].content_sha256}
    for path in gone:
        state.dedup.discard_path(path)
    orphans = find_orphans(state.current, gone)
    return {p: ids for p, ids in orphans.items() if p in by_path and p not in plan.to_read}


def drop_rebuilt(settings: Settings, run_id: str, rebuilt: set[str], staged: dict[str, list[str]]) -> dict:
    """Stage the documents files without the old rows of rebuilt documents; returns the files they replace."""
    if not rebuilt:
        return {}
    get_run_logger().info("%d duplicates lost their original and were decided again", len(rebuilt))
    rewritten, replaced = drop_superseded_documents(settings, run_id, rebuilt)
    for name, rels in rewritten.items():
        staged.setdefault(name, []).extend(rels)
    return replaced


def process_files(files: list[SourceFile], settings: Settings, state: WarehouseState, summary: RunSummary,
                  ledger: SourceLedger, on_progress: Callable[[int, int], None] | None, *,
                  rebuild: dict[str, set[str]] | None = None) -> tuple[dict[str, list[str]], set[str]]:
    """Read, prepare and extract batch after batch, keeping a few extractions in flight; stage each batch.

    Files in `rebuild` are known versions of which just the named documents are built again. Returns the
    staged files and the ids of the documents built.
    """
    rebuild = rebuild or {}
    staged: dict[str, list[str]] = {}
    built: set[str] = set()
    dask = settings.runner == "dask"
    workers = count_run_workers(settings.n_process, len(files))
    in_flight: deque = deque()
    window = 2 * workers if dask else 2
    progress = Progress(on_progress, summary.n_seen - len(files), summary.n_seen)  # unchanged files are done
    progress.report()

    def drain_one() -> None:
        part, result, future = in_flight.popleft()
        with summary.timed("extract"):
            facts = future.result()
        with summary.timed("build"):
            attach_facts(result, facts)
            state.look_up_entities(result.facts)
            tables = build_tables(result, state.entities, run_id=summary.run_id, now=utcnow())
            finish_batch(summary, ledger, result, tables, known=set(rebuild))
            built.update(p.doc_id for p in result.prepared)
        with summary.timed("stage"):
            for name, rel in stage_tables(settings, summary.run_id, tables, part).items():
                staged.setdefault(name, []).append(rel)
        progress.finish(part)

    with ExtractPool(settings.model, 1 if dask else workers, settings.nlp_batch_size) as pool:
        first = first_batch_size(workers)  # small: the workers start parsing while the parent prepares the next
        for part, chunk in enumerate(batched(files, settings.batch_docs, settings.batch_bytes, first)):
            with summary.timed("read"):
                inputs, unreadable = read_batch(chunk, settings)
                state.look_up_versions([i.source_path for i in inputs] + [r.source_path for r, _ in unreadable])
            todo, rejects = select_new([i for i in inputs if i.source_path not in rebuild],
                                       [r for r in unreadable if r[0].source_path not in rebuild],
                                       state, summary, ledger)
            todo += [i for i in inputs if i.source_path in rebuild]
            with summary.timed("prepare"):
                result = prepare_batch(todo, max_bytes=settings.max_file_bytes, dedup=state.dedup, only=rebuild,
                                       max_chars=settings.max_analyze_chars)
                result.rejects += rejects
            articles = analyzable_articles(result)
            progress.start(part, len(chunk), len(articles))
            future = extract_batch.submit(articles, settings, None if dask else pool,
                                          None if dask else partial(progress.advance, part))
            in_flight.append((part, result, future))
            while len(in_flight) >= window:
                drain_one()
        while in_flight:
            drain_one()
        if pool.taken_ahead:
            get_run_logger().info("%d chunks of the first batches were extracted before the flow began",
                                  pool.taken_ahead)
    return staged, built


def make_task_runner(settings: Settings):
    """The Prefect task runner for the settings: threads locally, a Dask cluster for runner=dask."""
    if settings.runner != "dask":
        return None
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    workers = resolve_workers(settings.n_process)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})


def run_pipeline(settings: Settings, on_progress: Callable[[int, int], None] | None = None,
                 server: TemporaryServer | None = None, loading: threading.Thread | None = None) -> RunSummary:
    """Run the flow without Prefect's per-run heartbeat wait, calling on_progress(done, total) as files finish;
    against `server` and with the workers `loading` (both started early by the caller) when given."""
    start_reaper()  # the temporary Prefect server and the workers die with this process, even on kill -9
    runner = make_task_runner(settings)
    flow_ = newsetl_flow.with_options(task_runner=runner) if runner else newsetl_flow
    loading = loading or start_loading_workers(settings)  # they load the model while Prefect's server starts
    try:
        if server and loading is None:  # else the head start has loaded what the first batch's preparation reads
            warm_up()
        url = server.wait() if server else None
        with temporary_settings(updates={"flows.heartbeat_frequency": None} | ({"api.url": url} if url else {})):
            return flow_(settings, on_progress)
    finally:
        stop_unused_workers(loading)


def serve_pipeline(settings: Settings, *, name: str, cron: str | None = None, interval: float | None = None) -> None:
    """Serve the flow as a deployment on a schedule until interrupted (SIGTERM or Ctrl-C)."""
    start_reaper()
    parameters = {"settings": {k: str(v) for k, v in vars(settings).items()}}
    newsetl_flow.serve(name=name, cron=cron, interval=interval, parameters=parameters,
                       description="newsetl: ingest the input folder into the warehouse")
