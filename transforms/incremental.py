"""What a run must do with each input file, from the previous state of the input folder."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceState:
    """A file as a run saw it: its identity, size and modification time, and the version's hash."""

    source_path: str
    size_bytes: int
    mtime_ns: int
    content_sha256: str | None = None
    n_documents: int = 0
    first_run_id: str | None = None
    last_run_id: str | None = None


@dataclass
class RunPlan:
    """Files to read, files unchanged since the last run (not even read), and files gone."""

    to_read: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def plan_run(scanned: list[SourceState], previous: dict[str, SourceState]) -> RunPlan:
    """A file with the size and modification time it had last run is unchanged; every other one is read."""
    plan = RunPlan()
    seen = set()
    for s in scanned:
        seen.add(s.source_path)
        before = previous.get(s.source_path)
        if before is not None and (before.size_bytes, before.mtime_ns) == (s.size_bytes, s.mtime_ns):
            plan.unchanged.append(s.source_path)
        else:
            plan.to_read.append(s.source_path)
    plan.deleted = sorted(set(previous) - seen)
    return plan


def classify_read(path: str, sha: str | None, previous: dict[str, SourceState],
                  history: set[tuple[str, str | None]]) -> str:
    """'new', 'changed', 'same' (content already ingested: nothing to extract) for a file that was read."""
    if (path, sha) in history:
        return "same"
    return "changed" if path in previous else "new"
