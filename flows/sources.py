"""Find input files and read their bytes."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from transforms.errors import InputRejected, TerminalError, TransientError
from transforms.formats import SUFFIX_FORMATS, is_supported_name
from transforms.prepare import RawInput

SUPPORTED = ", ".join(sorted(SUFFIX_FORMATS)) + ", the same with .gz, or no extension"


@dataclass(frozen=True)
class SourceFile:
    """An input file found by the scan (or a folder it could not list, with `unreadable` saying why)."""

    path: Path
    source_path: str  # relative to the input folder, POSIX separators; a folder's ends with "/"
    size_bytes: int
    mtime_ns: int = 0
    unreadable: str | None = None


def scan_folder(root: Path) -> list[SourceFile]:
    """Every regular file under root, and every folder that cannot be listed, sorted by relative path; hidden
    files and folders are skipped."""
    found = []

    def note_unlisted(exc: OSError) -> None:
        folder = Path(exc.filename)
        if folder == root:
            raise TerminalError(f"input folder {root} cannot be listed: {exc.strerror or exc}")
        found.append(SourceFile(folder, display_path(folder.relative_to(root)) + "/", 0, 0,
                                f"the folder cannot be listed ({exc.strerror or exc}); its files are kept as "
                                f"they were last read"))

    for folder, subfolders, names in os.walk(root, onerror=note_unlisted):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        for name in names:
            path = Path(folder) / name
            if name.startswith(".") or not path.is_file():
                continue
            stat = path.stat()
            found.append(SourceFile(path, display_path(path.relative_to(root)), stat.st_size, stat.st_mtime_ns))
    return sorted(found, key=lambda f: f.source_path)


def unlisted_folders(files: list[SourceFile]) -> list[str]:
    """Source paths (ending in "/") of the folders the scan could not list."""
    return [f.source_path for f in files if f.unreadable is not None]


def display_path(rel: Path) -> str:
    """A relative path as valid text, losslessly: see encode_path."""
    return encode_path(os.fsencode(rel.as_posix()))


def encode_path(raw: bytes) -> str:
    """File-name bytes as unique, reversible text: bytes that are not UTF-8 become \\xNN, a backslash \\\\.

    Two different names never give the same text (decode_path reverses it); UTF-8 names without a backslash
    are unchanged.
    """
    out = []
    for ch in raw.decode("utf-8", "surrogateescape"):
        if ch == "\\":
            out.append("\\\\")
        elif "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ch)
    return "".join(out)


def decode_path(text: str) -> bytes:
    """The file-name bytes encode_path turned into text."""
    def unescape(m: re.Match) -> str:
        return "\\" if m.group(1) == "\\" else chr(0xDC00 + int(m.group(1)[1:], 16))

    return _ESCAPE.sub(unescape, text).encode("utf-8", "surrogateescape")


_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2})")


def read_source(file: SourceFile, *, max_bytes: int) -> RawInput:
    """Read one file; raise InputRejected for unsupported or oversized files, TransientError on I/O failure."""
    if file.unreadable is not None:
        raise InputRejected("unreadable", file.unreadable)
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


def hash_source(file: SourceFile) -> str | None:
    """SHA-256 of a file's bytes, read in chunks; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(file.path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
