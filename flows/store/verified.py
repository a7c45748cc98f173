"""Which published files a reader checked against their SHA-256 lately: a query re-hashes only what changed.

Hashing every file before each query costs ~9 s at 1M documents (2 GB). A file is hashed again when its size,
inode, modification or change time differ from when it was last found intact (any write changes the change time,
which no tool can set back), or when that check is older than MAX_AGE_SECONDS: damage without any write (the
disk's own bit rot) is caught by the first reader after that, and by every pyarrow read (page checksums).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

CACHE = ".verified.json"
MAX_AGE_SECONDS = 24 * 3600


def stat_key(path: Path) -> list[int] | None:
    """What a write to the file would change: size, inode, modification and change times (None if missing)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def read_verified(root: Path) -> dict[str, dict]:
    """The files found intact earlier, by relative path; empty when none were recorded or the record is unreadable."""
    try:
        entries = json.loads((root / CACHE).read_text())
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def select_unverified(root: Path, files: dict[str, str | None], verified: dict[str, dict],
                      now: float) -> list[str]:
    """The files (relative path: recorded SHA-256) to hash now: changed, never checked, or checked too long ago."""
    def fresh(rel: str, sha256: str | None) -> bool:
        entry = verified.get(rel)
        return (isinstance(entry, dict) and sha256 is not None and entry.get("sha256") == sha256
                and entry.get("stat") == stat_key(root / rel) and now - entry.get("at", 0) < MAX_AGE_SECONDS)
    return [rel for rel, sha256 in files.items() if not fresh(rel, sha256)]


def record_verified(root: Path, files: dict[str, str | None], checked: list[str], verified: dict[str, dict],
                    now: float) -> None:
    """Remember the files just found intact (and forget ones no longer published); silent on a read-only folder."""
    entries = {rel: verified[rel] for rel in files if rel in verified and rel not in checked}
    entries |= {rel: {"sha256": files[rel], "stat": stat_key(root / rel), "at": now}
                for rel in checked if files[rel] is not None}
    tmp = root / f"{CACHE}.{os.getpid()}"
    try:
        tmp.write_text(json.dumps(entries))
        os.replace(tmp, root / CACHE)
    except OSError:  # a read-only warehouse: the next reader hashes again
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def verify_changed(root: Path, files: dict[str, str | None], verify) -> None:
    """Run verify on {path: sha256} of the files that need it, then record them as intact."""
    now, verified = time.time(), read_verified(root)
    checked = select_unverified(root, files, verified, now)
    if checked:
        verify({root / rel: files[rel] for rel in checked})
    if checked or set(verified) - set(files):
        record_verified(root, files, checked, verified, now)
