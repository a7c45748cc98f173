"""What a run starts before its flow, so it is ready when the flow begins: the workers loading the model, and
the extraction of the first batches the flow will most likely read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from itertools import islice

from flows.run.parallel import count_run_workers, discard_prestarted, extract_ahead, first_batch_size, prestart
from flows.run.quickcheck import load_sources, plan_scan
from flows.run.sources import SourceFile, batched, by_age, read_source, scan_folder
from flows.settings import Settings
from flows.store.warehouse import Warehouse
from transforms.batch import analyzable_articles, prepare_batch, warm_up
from transforms.errors import NewsetlError
from transforms.ingest.dedup import NoDedupIndex
from transforms.records import Article

# Batches extracted ahead: the first (a chunk a worker) and the second (twice that) are about 3 s of the
# workers' time, which the wait for Prefect's server leaves them (its boot uses one core).
AHEAD_BATCHES = 2


def start_loading_workers(settings: Settings) -> threading.Thread | None:
    """Start the run's worker processes from a thread (each loads the model for seconds) and queue the likely
    first batches on them; None under Dask."""
    if settings.runner == "dask":
        return None
    thread = threading.Thread(target=start_ahead, args=(settings,), daemon=True)
    thread.start()
    return thread


def start_ahead(settings: Settings) -> None:
    """Start the workers, then queue on them the articles of the flow's likely first batches."""
    files = find_files_to_read(settings)
    workers = count_run_workers(settings.n_process, len(files))
    prestart(settings.model, lambda: workers)
    warm_up()  # here, not also in the flow's thread: two threads loading the same tables load them twice
    if workers > 1:
        for articles in guess_first_articles(settings, files, workers):
            extract_ahead(settings.model, workers, articles, settings.nlp_batch_size)


def stop_unused_workers(loading: threading.Thread | None) -> None:
    """After the flow: wait for the start to finish, then stop workers no pool adopted."""
    if loading is not None:
        loading.join()
    discard_prestarted()


def find_files_to_read(settings: Settings) -> list[SourceFile]:
    """The input files the flow will read (new or changed), oldest first; none when that cannot be judged."""
    try:
        wh = Warehouse.of(settings)
        files = scan_folder(settings.input, skip=[settings.warehouse])
        if (wh.root / "manifest.json").exists():
            by_path = {f.source_path: f for f in files}
            files = [by_path[p] for p in plan_scan(files, *load_sources(wh, wh.read_manifest())).to_read]
    except Exception:  # noqa: BLE001 - only for a head start: the flow itself reports what is wrong
        return []
    return sorted(files, key=by_age)


def guess_first_articles(settings: Settings, files: list[SourceFile], workers: int) -> Iterator[list[Article]]:
    """The articles each of the flow's first AHEAD_BATCHES batches will send to the workers, unless the warehouse
    knows their text already or finds them duplicates (the flow then parses its own)."""
    batches = batched(files, settings.batch_docs, settings.batch_bytes, first_batch_size(workers))
    for batch in islice(batches, AHEAD_BATCHES):
        inputs = []
        for file in batch:
            try:
                inputs.append(read_source(file, max_bytes=settings.max_file_bytes, root=settings.input))
            except NewsetlError:  # a reject in the flow as well: no article
                continue
            except OSError:
                return
        result = prepare_batch(inputs, max_bytes=settings.max_file_bytes, dedup=NoDedupIndex(),
                               max_chars=settings.max_analyze_chars)
        yield analyzable_articles(result)
