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


# Reject reasons that can pass without the file changing (permissions, a file or folder that came back):
# such files are read again every run. Other reasons depend only on the bytes, read again when they change.
RETRY_REASONS = ("unreadable",)


def plan_run(scanned: list[SourceState], previous: dict[str, SourceState], *, retry: set[str] | None = None,
             unlisted: list[str] | None = None) -> RunPlan:
    """A file with the size and modification time it had last run is unchanged; every other one is read.

    Paths in `retry` (rejected for a reason that may pass) are read even when unchanged; files under an
    `unlisted` folder (the scan could not list it, path ending in "/") are kept as unchanged, not deleted.
    """
    plan = RunPlan()
    seen = set()
    retry = retry or set()
    for s in scanned:
        seen.add(s.source_path)
        before = previous.get(s.source_path)
        if (before is not None and (before.size_bytes, before.mtime_ns) == (s.size_bytes, s.mtime_ns)
                and s.source_path not in retry):
            plan.unchanged.append(s.source_path)
        else:
            plan.to_read.append(s.source_path)
    hidden = tuple(unlisted or ())
    kept = sorted(p for p in set(previous) - seen if hidden and p.startswith(hidden))
    plan.unchanged += kept
    plan.deleted = sorted(set(previous) - seen - set(kept))
    return plan


def select_retries(rejects: list[tuple[str, str | None, str]], previous: dict[str, SourceState]) -> set[str]:
    """Paths whose current version was rejected for a reason that may pass: (path, content_sha256, reason) rows."""
    return {path for path, sha, reason in rejects
            if reason in RETRY_REASONS and path in previous and previous[path].content_sha256 == sha}


def classify_read(path: str, sha: str | None, previous: dict[str, SourceState],
                  history: set[tuple[str, str | None]]) -> str:
    """'new', 'changed', 'same' (content already ingested: nothing to extract) for a file that was read."""
    if (path, sha) in history:
        return "same"
    return "changed" if path in previous else "new"


def find_orphans(current: dict[str, tuple[str, str | None]], gone: set[str]) -> dict[str, set[str]]:
    """Duplicates whose original leaves the current state while they stay: {source_path: doc_ids}.

    `current` maps each current document to (source_path, duplicate_of); `gone` holds the paths deleted or
    changed by this run. A clean build would not see the original, so these documents must be decided again.
    """
    path_of = {doc_id: path for doc_id, (path, _) in current.items()}
    orphans: dict[str, set[str]] = {}
    for doc_id, (path, original) in current.items():
        if original is None or path in gone:
            continue
        if original not in path_of or path_of[original] in gone:
            orphans.setdefault(path, set()).add(doc_id)
    return orphans
