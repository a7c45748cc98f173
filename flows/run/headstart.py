"""What a run starts before its flow, so it is ready when the flow begins: the workers, loading the model."""

from __future__ import annotations

import threading
from functools import partial

from flows.run.parallel import count_run_workers, discard_prestarted, prestart
from flows.run.quickcheck import load_sources, plan_scan
from flows.run.sources import scan_folder
from flows.settings import Settings
from flows.store.warehouse import Warehouse


def start_loading_workers(settings: Settings) -> threading.Thread | None:
    """Start the run's worker processes from a thread (each loads the model for seconds); None under Dask."""
    if settings.runner == "dask":
        return None
    thread = threading.Thread(target=prestart, args=(settings.model, partial(count_workers, settings)), daemon=True)
    thread.start()
    return thread


def stop_unused_workers(loading: threading.Thread | None) -> None:
    """After the flow: wait for the start to finish, then stop workers no pool adopted."""
    if loading is not None:
        loading.join()
    discard_prestarted()


def count_workers(settings: Settings) -> int:
    """Worker processes the run will start, judged before the flow from the files' sizes and times."""
    try:
        wh = Warehouse.of(settings)
        files = scan_folder(settings.input, skip=[settings.warehouse])
        if (wh.root / "manifest.json").exists():
            files = plan_scan(files, *load_sources(wh, wh.read_manifest())).to_read
    except Exception:  # noqa: BLE001 - only for a head start: the flow itself reports what is wrong
        return 0
    return count_run_workers(settings.n_process, len(files))
