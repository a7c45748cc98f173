"""A run's summary and its `runs` row, shared by the flow and by runs recorded without it."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

from flows import __version__
from flows.settings import Settings


@dataclass
class RunSummary:
    """What a run did."""

    run_id: str
    status: str = "running"
    n_seen: int = 0
    n_new: int = 0
    n_changed: int = 0
    n_deleted: int = 0
    n_unchanged: int = 0
    n_rejected: int = 0
    n_documents: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    contract_failures: list[str] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the wall time of the block to a stage's total."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + time.perf_counter() - started


def make_run_id(now: datetime) -> str:
    """Sortable, unique run id."""
    return now.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def utcnow() -> datetime:
    """Naive UTC now, as the tables store it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def run_row(summary: RunSummary, settings: Settings, started_at: datetime) -> dict:
    """The runs table row of a run."""
    return {
        "run_id": summary.run_id, "started_at": started_at, "finished_at": utcnow(), "status": summary.status,
        "input_dir": str(settings.input), "n_seen": summary.n_seen, "n_new": summary.n_new,
        "n_changed": summary.n_changed, "n_deleted": summary.n_deleted, "n_unchanged": summary.n_unchanged,
        "n_rejected": summary.n_rejected, "n_documents": summary.n_documents, "seconds": summary.seconds,
        "stage_seconds": json.dumps({k: round(v, 3) for k, v in summary.stage_seconds.items()}),
        "pipeline_version": __version__,
    }
