"""Parse and extract on every core: a pool of worker processes, each loading the model once."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from flows.run.reaper import watch_parent
from transforms.batch import extract_facts, warm_up_extraction
from transforms.extract.nlp import load_nlp
from transforms.records import Article, DocumentFacts

_WORKER_MODEL: str | None = None
CHUNKS_PER_WORKER = 4
CHUNK_DOCS = 16  # articles per worker task at most: progress, and the last busy worker, move per chunk
MIN_CHUNK = 8
AHEAD_NICENESS = 19  # chunks extracted ahead of the flow run at the lowest priority
T = TypeVar("T")


def resolve_workers(n_process: int) -> int:
    """Worker count for a setting: 0 means every core."""
    return n_process or os.cpu_count() or 1


def count_run_workers(n_process: int, n_files: int) -> int:
    """Workers for a run reading n_files: starting processes (~3 s each, model included) pays off only for more
    than a few documents."""
    return resolve_workers(n_process) if n_files >= 2 * MIN_CHUNK else 1


def _init_worker(model: str) -> None:
    global _WORKER_MODEL
    watch_parent()  # a killed run must not leave 300 MB workers behind
    _WORKER_MODEL = model
    warm_up_extraction(load_nlp(model))  # place and first names load now, while the run waits for Prefect


def _is_ready() -> bool:
    return True


def _extract_chunk(articles: list[Article], batch_size: int) -> list[DocumentFacts]:
    return extract_facts(articles, load_nlp(_WORKER_MODEL), batch_size=batch_size)


def _extract_chunk_idly(articles: list[Article], batch_size: int) -> list[DocumentFacts]:
    """_extract_chunk at the lowest priority: ahead of the flow, the workers take only the CPU time Prefect's
    booting server leaves."""
    return run_idly(_extract_chunk, articles, batch_size)


def run_idly(fn: Callable[..., T], *args) -> T:
    """fn(*args) in a thread of lowest priority (niceness is per thread on Linux, and a thread may lower its own;
    elsewhere at normal priority)."""
    out: list = []

    def run() -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), AHEAD_NICENESS)
        except (AttributeError, OSError):
            pass
        try:
            out.append((True, fn(*args)))
        except BaseException as exc:  # noqa: BLE001 - raised again in the calling thread
            out.append((False, exc))

    thread = threading.Thread(target=run, name="newsetl-idle")
    thread.start()
    thread.join()
    ok, value = out[0]
    if not ok:
        raise value
    return value


def first_batch_size(workers: int) -> int:
    """Files in a run's first batch: a chunk a worker, so every worker starts parsing at once."""
    return workers * CHUNK_DOCS


def split(items: list, parts: int, most: int = CHUNK_DOCS) -> list[list]:
    """Items cut into consecutive chunks, in order: about `parts` of them, none longer than `most`."""
    size = max(1, min(most, -(-len(items) // max(parts, 1))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def start_workers(model: str, workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers start loading the model at once (not at the first chunk)."""
    # spawn, not fork: the parent runs Prefect's threads and event loop
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(model,))
    for _ in range(workers):
        pool.submit(_is_ready)
    return pool


@dataclass
class Prestarted:
    """Workers started before the flow, and the chunks queued on them ahead of it: {(batch size, chunk): future}."""

    pool: ProcessPoolExecutor
    ahead: dict[tuple[int, tuple[Article, ...]], Future] = field(default_factory=dict)


_prestarted: dict[tuple[str, int], Prestarted] = {}
_prestart_lock = threading.Lock()


def prestart(model: str, count_workers: Callable[[], int]) -> None:
    """Start count_workers() processes now, models loading while the parent waits for something else, for the
    next pool of that shape to adopt (a pool entered meanwhile waits for the decision, not starting its own)."""
    with _prestart_lock:
        workers = count_workers()
        if workers > 1 and (model, workers) not in _prestarted:
            _prestarted[(model, workers)] = Prestarted(start_workers(model, workers))


def extract_ahead(model: str, workers: int, articles: list[Article], batch_size: int) -> int:
    """Queue the chunks a pool of that shape will cut from these articles on its prestarted workers, unless a
    pool has adopted them already; returns the chunks queued. Extraction is a pure function of the chunk, so
    the flow takes a result only for an identical chunk (a batch with none of them cancels the rest: a guess that
    was wrong costs at most a chunk a worker)."""
    with _prestart_lock:
        started = _prestarted.get((model, workers))
        if started is None:
            return 0
        chunks = split(articles, workers * CHUNKS_PER_WORKER)
        for chunk in chunks:
            started.ahead[(batch_size, tuple(chunk))] = started.pool.submit(_extract_chunk_idly, chunk, batch_size)
        return len(chunks)


def adopt_prestarted(model: str, workers: int) -> Prestarted | None:
    """The prestarted workers of this shape and what was queued on them, if any (the pool is then the caller's
    to shut down)."""
    with _prestart_lock:
        return _prestarted.pop((model, workers), None)


def discard_prestarted() -> None:
    """Stop prestarted workers that no pool adopted."""
    with _prestart_lock:
        while _prestarted:
            _prestarted.popitem()[1].pool.shutdown(cancel_futures=True)


class ExtractPool:
    """Runs extract_facts over batches of articles: in-process for one worker, else in spawned processes."""

    def __init__(self, model: str, workers: int, batch_size: int = 64):
        self.model, self.workers, self.batch_size = model, workers, batch_size
        self._pool: ProcessPoolExecutor | None = None
        self._ahead: dict[tuple[int, tuple[Article, ...]], Future] = {}
        self.taken_ahead = 0  # chunks whose extraction was queued before the flow

    def __enter__(self) -> ExtractPool:
        if self.workers > 1:
            started = adopt_prestarted(self.model, self.workers)
            self._pool = started.pool if started else start_workers(self.model, self.workers)
            self._ahead = started.ahead if started else {}
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            # not waiting: the workers' exit (0.5 s) overlaps the run's last stages; the process joins them at exit
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def extract(self, articles: list[Article], on_chunk: Callable[[int], None] | None = None) -> list[DocumentFacts]:
        """Facts of each article, in order; on_chunk(n) as each chunk of n articles is done, in order."""
        chunks = split(articles, self.workers * CHUNKS_PER_WORKER)
        if self._pool is None:
            nlp = load_nlp(self.model)
            results = (extract_facts(chunk, nlp, batch_size=self.batch_size) for chunk in chunks)
        else:  # every chunk is queued at once: workers never wait for the parent between chunks
            taken = self.taken_ahead
            results = (f.result() for f in [self._submit(c) for c in chunks])
            if self.taken_ahead == taken:  # the guess went wrong or ran out: nothing queued ahead is wanted
                self._drop_ahead()
        out: list[DocumentFacts] = []
        for chunk, facts in zip(chunks, results):
            out += facts
            if on_chunk:
                on_chunk(len(chunk))
        return out

    def _submit(self, chunk: list[Article]) -> Future:
        ahead = self._ahead.pop((self.batch_size, tuple(chunk)), None)
        if ahead is not None:
            self.taken_ahead += 1
            return ahead
        return self._pool.submit(_extract_chunk, chunk, self.batch_size)

    def _drop_ahead(self) -> None:
        """Cancel what was queued ahead and not taken."""
        for future in self._ahead.values():
            future.cancel()
        self._ahead.clear()


class Progress:
    """Files done out of a run's total, moved as chunks of a batch's articles finish (from any thread)."""

    def __init__(self, on_progress: Callable[[int, int], None] | None, done: int, total: int):
        self._report, self._done, self.total = on_progress, done, total
        self._batches: dict[int, list[int]] = {}  # part: [files, articles, articles done]
        self._lock = threading.Lock()
        self._last = -1

    def start(self, part: int, n_files: int, n_articles: int) -> None:
        """A batch of n_files files, of which n_articles articles go to the workers, is in flight."""
        with self._lock:
            self._batches[part] = [n_files, n_articles, 0]

    def advance(self, part: int, n_articles: int) -> None:
        """n_articles more articles of a batch are done."""
        with self._lock:
            self._batches[part][2] += n_articles
            self._emit()

    def finish(self, part: int) -> None:
        """Every file of a batch is done (extracted and staged)."""
        with self._lock:
            self._done += self._batches.pop(part, [0])[0]
            self._emit()

    def report(self) -> None:
        """Report the current count."""
        with self._lock:
            self._emit()

    def _emit(self) -> None:
        done = self._done + sum(files * finished // articles for files, articles, finished in self._batches.values()
                                if articles)
        if self._report and done > self._last:
            self._last = done
            self._report(done, self.total)
