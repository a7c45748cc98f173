"""Issue 14 items 5 and 6: what ends a command is one line and an exit code; a closed pipe is a normal end."""

import errno

import duckdb
import pytest

from flows.command.failures import describe_failure
from flows.store.parquetio import ParquetCorrupt
from transforms.errors import NewsetlError


class ConnectError(Exception):
    """Stands for httpx.ConnectError (matched by module and name)."""


ConnectError.__module__ = "httpx"


@pytest.mark.parametrize("exc,line,code", [
    (BrokenPipeError(errno.EPIPE, "Broken pipe"), None, 0),
    (KeyboardInterrupt(), "interrupted", 130),
    (NewsetlError("no warehouse at /x"), "no warehouse at /x", 2),
    (ParquetCorrupt("/w/tables/a.parquet is corrupt"), "/w/tables/a.parquet is corrupt", 2),
    (OSError(errno.EROFS, "Read-only file system", "/w/.lock"), "cannot use /w/.lock: Read-only file system", 2),
    (PermissionError(errno.EACCES, "Permission denied", "/w/.staging/a", None, "/w/tables/a"),
     "cannot use /w/.staging/a -> /w/tables/a: Permission denied", 2),
    (OSError(errno.ENOSPC, "No space left on device"), "cannot use a file: No space left on device", 2),
    (RecursionError("maximum recursion depth exceeded"), "the input is nested too deeply to handle", 2),
    (duckdb.IOException("IO Error: Could not set lock on file\nmore"), "IO Error: Could not set lock on file", 2),
    (ConnectError("All connection attempts failed"), "cannot reach the Prefect API (All connection attempts failed): "
     "start one with `prefect server start`", 2),
])
def test_failures_are_one_line(exc, line, code):
    message, exit_code = describe_failure(exc)
    assert exit_code == code
    if line is None:
        assert message is None
    else:
        assert message.startswith(line) and "\n" not in message


@pytest.mark.parametrize("exc", [ValueError("a bug"), OSError("no errno, no file")])
def test_programming_errors_keep_their_traceback(exc):
    with pytest.raises(type(exc)):
        describe_failure(exc)
