"""`newsetl sql` and `newsetl status` at work: run one checked statement within its limits, stream its result out."""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from flows.command.output import render_rows
from transforms.errors import NewsetlError

FETCH_ROWS = 2048  # rows fetched (and written) at a time: a large result is never held whole
ARROW_BATCH_ROWS = 100_000


@contextmanager
def time_limit(con, seconds: float):
    """Interrupt the connection's query after `seconds` (0: no limit), from a timer thread."""
    timer = threading.Timer(seconds, con.interrupt) if seconds > 0 else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.cancel()


def write_query(con, statement: str, fmt: str, out: Path | None, *, timeout: float = 0,
                memory_limit: str = "") -> None:
    """Run a checked statement and write its result; limits, DuckDB and file errors become one-line NewsetlErrors."""
    from flows.command.sqlguard import explain_error

    try:
        with time_limit(con, timeout):
            if fmt == "parquet":
                write_parquet(con.sql(statement), out)
            else:
                con.execute(statement)
                write_lines(render_rows(read_columns(con), fetch_chunks(con), fmt), out)
    except duckdb.InterruptException:
        raise NewsetlError(f"query stopped after {timeout:g} s: the limit is sql_timeout_seconds "
                           "(env NEWSETL_SQL_TIMEOUT_SECONDS; 0 = no limit)") from None
    except duckdb.OutOfMemoryException:
        raise NewsetlError(f"query stopped: it needs more memory than sql_memory_limit ({memory_limit}; env "
                           "NEWSETL_SQL_MEMORY_LIMIT); narrow it or raise the limit") from None
    except duckdb.Error as exc:
        raise NewsetlError(explain_error(exc, con, statement)) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise NewsetlError(f"cannot write {out}: {exc.strerror or exc}") from None


def read_columns(con) -> list[str]:
    """The column names of the connection's pending result."""
    if con.description is None:
        raise NewsetlError("the statement returned no result")
    return [d[0] for d in con.description]


def fetch_chunks(con):
    """The pending result's rows, a chunk at a time."""
    while rows := con.fetchmany(FETCH_ROWS):
        yield rows


def write_lines(lines, out: Path | None) -> None:
    """Write lines to `out`, or to standard output as they come."""
    if out is None:
        for line in lines:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
        return
    with open(out, "w") as fh:
        for line in lines:
            fh.write(line + "\n")


def write_parquet(relation, out: Path) -> None:
    """Write a relation to a Parquet file batch by batch (the query session itself cannot write)."""
    import pyarrow.parquet as pq

    if relation is None:
        raise NewsetlError("the statement returned no result")
    reader = relation.to_arrow_reader(ARROW_BATCH_ROWS)
    with pq.ParquetWriter(out, reader.schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch)


def fetch_runs(con, limit: int) -> tuple[list[str], list[tuple]]:
    """The status columns of the latest `limit` runs, newest first; DuckDB errors become one line."""
    from flows.command.sqlguard import explain_error

    query = ""
    try:
        query = render_runs_query(list_status_columns(con.sql("FROM runs").columns), limit)
        result = con.sql(query)
        return result.columns, result.fetchall()
    except duckdb.Error as exc:
        raise NewsetlError(explain_error(exc, con, query)) from None


STATUS_COLUMNS = ("run_id", "started_at", "status", "seconds")  # besides every n_* count the runs table declares


def list_status_columns(present: list[str]) -> list[str]:
    """The runs columns `newsetl status` shows, in declared order, among those the catalog's view has."""
    import pyarrow as pa

    from schemas.tables import TABLES

    shown = [c.name for c in TABLES["runs"].columns
             if c.name in STATUS_COLUMNS or (c.name.startswith("n_") and pa.types.is_integer(c.type))]
    return [name for name in shown if name in present]


def render_runs_query(columns: list[str], limit: int) -> str:
    """SELECT of the given runs columns, newest run first."""
    from schemas.views import quote_ident

    return (f"SELECT {', '.join(quote_ident(c) for c in columns)} FROM runs "
            f"ORDER BY started_at DESC NULLS LAST, run_id DESC LIMIT {int(limit)}")
