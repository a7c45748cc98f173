"""Errors that end a command, as one line and an exit code: no traceback for anything a user can cause."""

from __future__ import annotations

import errno

from transforms.errors import NewsetlError

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 2, 130
NO_SERVER_HINT = ("start one with `prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api "
                  "(or `prefect config set PREFECT_API_URL=…`)")
WRITE_ERRORS = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT}


def describe_failure(exc: BaseException) -> tuple[str | None, int]:
    """The line to print (None: nothing) and the exit code for an exception; re-raises a programming error."""
    if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): a normal end
        return None, EXIT_OK
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", EXIT_INTERRUPTED
    if isinstance(exc, NewsetlError):
        return str(exc), EXIT_ERROR
    if isinstance(exc, OSError) and (line := describe_os_error(exc)):
        return line, EXIT_ERROR
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to handle", EXIT_ERROR
    if is_connect_error(exc):
        return f"cannot reach the Prefect API ({first_line(exc)}): {NO_SERVER_HINT}", EXIT_ERROR
    if type(exc).__module__.startswith(("duckdb", "_duckdb")):
        return first_line(exc), EXIT_ERROR
    raise exc


def describe_os_error(exc: OSError) -> str | None:
    """A file system error in one line, naming the file; None for errors that are not about a file."""
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    if not names and exc.errno not in WRITE_ERRORS:
        return None
    what = " -> ".join(names) or "a file"
    return f"cannot use {what}: {exc.strerror or exc}"


def is_connect_error(exc: BaseException) -> bool:
    """Whether an exception is an HTTP client's failure to connect (httpx, as Prefect's client uses)."""
    return any(c.__name__ in ("ConnectError", "ConnectTimeout") and c.__module__.startswith("httpx")
               for c in type(exc).__mro__)


def first_line(exc: BaseException) -> str:
    """An exception's message, first non-empty line only."""
    return next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
