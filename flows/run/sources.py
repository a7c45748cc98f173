"""Find input files and read their bytes."""

from __future__ import annotations

import errno
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK
from pathlib import Path, PurePosixPath

from transforms.errors import InputRejected, TerminalError, TransientError
from transforms.ingest.formats import SUFFIX_FORMATS, is_supported_name
from transforms.records import RawInput

SUPPORTED = ", ".join(sorted(SUFFIX_FORMATS)) + ", the same with .gz, or no extension"


@dataclass(frozen=True)
class SourceFile:
    """An input file found by the scan (or a folder it could not list, a link or special file it will not read,
    with `problem` saying why)."""

    path: Path
    source_path: str  # relative to the input folder, POSIX separators; a folder's ends with "/"
    size_bytes: int
    mtime_ns: int = 0
    problem: tuple[str, str] | None = None  # (reject reason, detail) when the scan already knows it cannot be read


def scan_folder(root: Path, *, skip: Iterable[Path] = ()) -> list[SourceFile]:
    """Every file under root, sorted by relative path; hidden names and the `skip` folders (the warehouse) left out.

    Symlinks are followed only to files inside root; a link leading outside, a link loop, a FIFO, a device and a
    folder that cannot be listed are listed too, with the reason they are not read (never silently skipped).
    """
    real_root = os.path.realpath(root)
    skipped = {os.path.realpath(p) for p in skip}
    found: list[SourceFile] = []
    folders = [Path(root)]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if folder == Path(root):
                raise TerminalError(f"input folder {root} cannot be listed: {exc.strerror or exc}") from None
            found.append(SourceFile(folder, display_path(folder.relative_to(root)) + "/", 0, 0,
                                    ("unreadable", f"the folder cannot be listed ({exc.strerror or exc}); its "
                                     "files are kept as they were last read")))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            item = _scan_entry(root, real_root, skipped, Path(entry.path), entry.is_symlink())
            if isinstance(item, Path):
                folders.append(item)
            elif item is not None:
                found.append(item)
    return sorted(found, key=lambda f: f.source_path)


def _scan_entry(root: Path, real_root: str, skipped: set[str], path: Path, is_link: bool) -> SourceFile | Path | None:
    """A file to read, a folder to walk, a file with a problem, or None (a folder the scan leaves out)."""
    real = os.path.realpath(path) if is_link else str(path)
    if is_link and not _inside(real, real_root, skipped):
        return _problem(root, path, "outside_input", f"a symbolic link to {display_path(Path(real))}, outside the "
                        "input folder: not followed")
    try:
        stat = path.stat()
    except OSError as exc:
        what = "a symbolic link loop" if exc.errno == errno.ELOOP else f"cannot be inspected: {exc.strerror}"
        return _problem(root, path, "unreadable", what)
    if S_ISDIR(stat.st_mode):
        real = os.path.realpath(path)
        if real in skipped:
            return None
        if is_link:
            if _under(os.path.realpath(path.parent), real):
                return _problem(root, path, "unreadable", "a symbolic link loop: the link points to a folder "
                                "that holds it")
            return None  # a link to a folder inside the input: its files are read under their own path
        return path
    if not S_ISREG(stat.st_mode):
        return _problem(root, path, "special_file", f"{_kind(stat.st_mode)}, not a regular file: not read")
    return SourceFile(path, display_path(path.relative_to(root)), stat.st_size, stat.st_mtime_ns)


def _under(path: str, folder: str) -> bool:
    """Whether a resolved path is folder or lies below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _inside(real: str, real_root: str, skipped: set[str]) -> bool:
    """Whether a resolved path lies inside the input folder and outside the skipped folders."""
    return _under(real, real_root) and not any(_under(real, s) for s in skipped)


def _problem(root: Path, path: Path, reason: str, detail: str) -> SourceFile:
    """A scanned entry that cannot be read, with why."""
    try:
        mtime = path.lstat().st_mtime_ns
    except OSError:
        mtime = 0
    return SourceFile(path, display_path(path.relative_to(root)), 0, mtime, (reason, detail))


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    kinds = ((S_ISFIFO, "a named pipe (FIFO)"), (S_ISCHR, "a character device"), (S_ISBLK, "a block device"),
             (S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def unlisted_folders(files: list[SourceFile]) -> list[str]:
    """Source paths (ending in "/") of the folders the scan could not list."""
    return [f.source_path for f in files if f.problem is not None and f.source_path.endswith("/")]


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


def read_source(file: SourceFile, *, max_bytes: int, root: Path | None = None) -> RawInput:
    """Read one file, never more than max_bytes + 1 bytes of it and never blocking on a pipe or device.

    Raise InputRejected for unsupported, oversized, special or escaping files, TransientError on I/O failure.
    """
    if file.problem is not None:
        raise InputRejected(*file.problem)
    if not is_supported_name(file.source_path):
        suffix = PurePosixPath(file.source_path).suffix
        raise InputRejected("unsupported", f"'{suffix}' files are not ingested; supported: {SUPPORTED}")
    if file.size_bytes > max_bytes:
        raise InputRejected("too_large", f"{file.size_bytes:,} bytes is over the {max_bytes:,}-byte limit")
    try:
        fd = os.open(file.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputRejected("unreadable", "the file disappeared before it could be read") from None
    except PermissionError as exc:
        raise InputRejected("unreadable", f"permission denied: {exc.strerror}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputRejected("unreadable", "a symbolic link loop") from None
        raise TransientError(f"{file.source_path}: {exc}") from exc
    with os.fdopen(fd, "rb") as fh:
        check_opened(fd, root)
        try:
            data = fh.read(max_bytes + 1)  # the limit holds even if the file grew after the scan
        except OSError as exc:
            raise TransientError(f"{file.source_path}: {exc}") from exc
    if len(data) > max_bytes:
        raise InputRejected("too_large", f"grew past the {max_bytes:,}-byte limit after the scan")
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


def check_opened(fd: int, root: Path | None) -> None:
    """Raise InputRejected unless the open file is a regular file (inside root, where the OS tells the path)."""
    stat = os.fstat(fd)
    if not S_ISREG(stat.st_mode):
        raise InputRejected("special_file", f"{_kind(stat.st_mode)}, not a regular file: not read")
    link = Path(f"/proc/self/fd/{fd}")
    if root is not None and link.exists():
        real = os.readlink(link)
        if not _inside(real, os.path.realpath(root), set()):
            raise InputRejected("outside_input", f"resolves to {display_path(Path(real))}, outside the input "
                                "folder: not read")


def by_age(file: SourceFile) -> tuple[int, str]:
    """Oldest file first: of two copies in one run, the older is the original."""
    return file.mtime_ns, file.source_path


def batched(files: list[SourceFile], size: int, max_bytes: int,
            first: int | None = None) -> Iterator[list[SourceFile]]:
    """Consecutive chunks of at most size files whose sizes add up to at most max_bytes (a bigger file alone);
    with `first`, the first chunks hold first, 2 x first, ... files up to size."""
    chunk: list[SourceFile] = []
    total = 0
    limit = min(first or size, size)
    for f in files:
        if chunk and (len(chunk) >= limit or total + f.size_bytes > max_bytes):
            yield chunk
            chunk, total, limit = [], 0, min(2 * limit, size)
        chunk.append(f)
        total += f.size_bytes
    if chunk:
        yield chunk
