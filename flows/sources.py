"""Find input files and read their bytes."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from transforms.errors import InputRejected, TransientError
from transforms.formats import SUFFIX_FORMATS, is_supported_name
from transforms.prepare import RawInput

SUPPORTED = ", ".join(sorted(SUFFIX_FORMATS)) + ", the same with .gz, or no extension"


@dataclass(frozen=True)
class SourceFile:
    """An input file found by the scan."""

    path: Path
    source_path: str  # relative to the input folder, POSIX separators
    size_bytes: int
    mtime_ns: int = 0


def scan_folder(root: Path) -> list[SourceFile]:
    """Every regular file under root, sorted by relative path; hidden files and folders are skipped."""
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        stat = path.stat()
        found.append(SourceFile(path, display_path(rel), stat.st_size, stat.st_mtime_ns))
    return sorted(found, key=lambda f: f.source_path)


def display_path(rel: Path) -> str:
    """A relative path as valid text: bytes of names that are not UTF-8 shown as \\xNN escapes."""
    return os.fsencode(rel.as_posix()).decode("utf-8", "backslashreplace")


def read_source(file: SourceFile, *, max_bytes: int) -> RawInput:
    """Read one file; raise InputRejected for unsupported or oversized files, TransientError on I/O failure."""
    if not is_supported_name(file.source_path):
        suffix = PurePosixPath(file.source_path).suffix
        raise InputRejected("unsupported", f"'{suffix}' files are not ingested; supported: {SUPPORTED}")
    if file.size_bytes > max_bytes:
        raise InputRejected("too_large", f"{file.size_bytes:,} bytes is over the {max_bytes:,}-byte limit")
    try:
        data = file.path.read_bytes()
    except FileNotFoundError:
        raise InputRejected("unreadable", "the file disappeared before it could be read") from None
    except PermissionError as exc:
        raise InputRejected("unreadable", f"permission denied: {exc.strerror}") from None
    except OSError as exc:
        raise TransientError(f"{file.source_path}: {exc}") from exc
    return RawInput(file.source_path, hashlib.sha256(data).hexdigest(), len(data), data, file.mtime_ns)
