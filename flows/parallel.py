"""Parse and extract on every core: a pool of worker processes, each loading the model once."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

from flows.reaper import watch_parent
from transforms.batch import extract_facts
from transforms.extract.nlp import load_nlp
from transforms.records import Article, DocumentFacts

_WORKER_MODEL: str | None = None
CHUNKS_PER_WORKER = 4
MIN_CHUNK = 8


def resolve_workers(n_process: int) -> int:
    """Worker count for a setting: 0 means every core."""
    return n_process or os.cpu_count() or 1


def _init_worker(model: str) -> None:
    global _WORKER_MODEL
    watch_parent()  # a killed run must not leave 300 MB workers behind
    _WORKER_MODEL = model
    load_nlp(model)


def _extract_chunk(articles: list[Article], batch_size: int) -> list[DocumentFacts]:
    return extract_facts(articles, load_nlp(_WORKER_MODEL), batch_size=batch_size)


def split(items: list, parts: int) -> list[list]:
    """Items cut into at most `parts` consecutive chunks of nearly equal size, in order."""
    size = max(MIN_CHUNK, -(-len(items) // max(parts, 1)))
    return [items[i : i + size] for i in range(0, len(items), size)]


class ExtractPool:
    """Runs extract_facts over batches of articles: in-process for one worker, else in spawned processes."""

    def __init__(self, model: str, workers: int, batch_size: int = 64):
        self.model, self.workers, self.batch_size = model, workers, batch_size
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ExtractPool:
        if self.workers > 1:
            # spawn, not fork: the parent runs Prefect's threads and event loop
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(self.model,))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def extract(self, articles: list[Article]) -> list[DocumentFacts]:
        """Facts of each article, in order."""
        if not articles:
            return []
        if self._pool is None:
            return extract_facts(articles, load_nlp(self.model), batch_size=self.batch_size)
        chunks = split(articles, self.workers * CHUNKS_PER_WORKER)
        results = self._pool.map(_extract_chunk, chunks, repeat(self.batch_size))
        return [facts for chunk in results for facts in chunk]
