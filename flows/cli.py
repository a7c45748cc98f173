"""The `newsetl` command: run the flow, query the warehouse safely, list its runs, describe its tables, report."""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from flows.settings import load_settings
from transforms.errors import NewsetlError

SUMMARY_QUERY = """
SELECT e.name, e.type, count(*) AS mentions
FROM mentions m JOIN entities e USING (entity_id)
GROUP BY ALL ORDER BY mentions DESC, e.name LIMIT 5
"""
TEXT_FORMATS = ("table", "csv", "json")
FORMATS = (*TEXT_FORMATS, "parquet")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    parser = argparse.ArgumentParser(prog="newsetl", description="Raw news articles to queryable facts.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest the input folder into the warehouse")
    run.add_argument("--input", type=Path, help="folder of news files (default ./seeds; env NEWSETL_INPUT)")
    run.add_argument("--warehouse", type=Path, help="output folder (default ./warehouse; env NEWSETL_WAREHOUSE)")
    run.add_argument("--model", help="spaCy model package (env NEWSETL_MODEL)")
    run.add_argument("--quiet", action="store_true", help="print only the summary line (no progress)")
    run.add_argument("--workers", type=int, help="parse/extract processes; 0 = one per core (env NEWSETL_N_PROCESS)")
    run.add_argument("--runner", choices=("local", "dask"), help="where batches run (env NEWSETL_RUNNER)")
    run.add_argument("--dask-address", help="Dask scheduler, e.g. tcp://host:8786 (default: a local cluster)")
    run.add_argument("--always-flow", action="store_true",
                     help="start the Prefect flow even when no file changed (by default such a run is recorded "
                          "without starting Prefect)")
    serve = sub.add_parser("serve", help="serve the flow as a Prefect deployment on a schedule")
    serve.add_argument("--input", type=Path, help="folder of news files (default ./seeds)")
    serve.add_argument("--warehouse", type=Path, help="output folder (default ./warehouse)")
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", help='a cron schedule, e.g. "*/15 * * * *"')
    when.add_argument("--interval", type=float, help="seconds between runs")
    serve.add_argument("--name", default="scheduled", help="deployment name (default: scheduled)")
    compact = sub.add_parser("compact", help="merge many small runs' Parquet files into few (same query results)")
    compact.add_argument("--warehouse", type=Path, help="warehouse folder (default ./warehouse)")
    sql = sub.add_parser("sql", help="run one read-only SQL query against the warehouse")
    sql.add_argument("query", nargs="?", help="the SQL query (or use --file)")
    sql.add_argument("--file", "-f", type=Path, help="read the query from a .sql file (e.g. queries/who_met_whom.sql)")
    sql.add_argument("--warehouse", type=Path, help="warehouse folder (default ./warehouse)")
    sql.add_argument("--format", choices=FORMATS, default="table", help="output format (parquet needs --out)")
    sql.add_argument("--out", type=Path, help="write the result to this file instead of standard output")
    status = sub.add_parser("status", help="list the most recent runs, newest first")
    status.add_argument("--warehouse", type=Path, help="warehouse folder (default ./warehouse)")
    status.add_argument("--limit", type=int, default=10, help="how many runs to show (default 10)")
    status.add_argument("--format", choices=TEXT_FORMATS, default="table", help="output format")
    tables = sub.add_parser("tables", help="list the tables and views with their columns and descriptions")
    tables.add_argument("names", nargs="*", help="only these tables or views")
    report = sub.add_parser("report", help="write a self-contained HTML report of the warehouse")
    report.add_argument("--warehouse", type=Path, help="warehouse folder (default ./warehouse)")
    report.add_argument("--out", type=Path, default=Path("report.html"), help="HTML file (default report.html)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    commands = {"run": command_run, "sql": command_sql, "status": command_status, "tables": command_tables,
                "report": command_report, "serve": command_serve, "compact": command_compact}
    try:
        return commands[args.command](args)
    except NewsetlError as exc:
        print(f"newsetl: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsetl: interrupted", file=sys.stderr)
        return 130


# --- newsetl run ------------------------------------------------------------------------------------------


def command_run(args) -> int:
    """`newsetl run`: validate the folders, run the flow with a progress display, print a summary."""
    settings = load_settings({"input": args.input, "warehouse": args.warehouse, "model": args.model,
                              "n_process": args.workers, "runner": args.runner,
                              "dask_address": args.dask_address}).resolved()
    if not settings.input.is_dir():
        raise NewsetlError(f"input folder {settings.input} does not exist or is not a folder")
    from flows.warehouse import Warehouse

    wh = Warehouse.of(settings)
    wh.ensure_writable()
    wh.read_manifest()  # a corrupt manifest stops the run here, before anything moves
    if not args.always_flow and run_if_unchanged(settings):
        return 0
    from flows.prefect_env import configure_prefect

    configure_prefect()
    from flows.pipeline import run_pipeline

    with show_progress(sys.stderr, enabled=not args.quiet) as on_progress:
        summary = run_pipeline(settings, on_progress=on_progress)
    c = summary.counts
    print(f"newsetl run {summary.run_id}: {summary.n_seen} files seen: {summary.n_new} new, "
          f"{summary.n_changed} changed, {summary.n_deleted} deleted, {summary.n_unchanged} unchanged; "
          f"{summary.n_documents} new documents, {summary.n_rejected} rejected; "
          f"{c.get('mentions', 0)} mentions, {c.get('events', 0)} events, {c.get('quotes', 0)} quotes, "
          f"{c.get('amounts', 0)} amounts in {summary.seconds:.1f} s")
    if summary.rejects_by_reason:
        print("rejects by reason: " + ", ".join(f"{k}={v}" for k, v in sorted(summary.rejects_by_reason.items())))
    for failure in summary.contract_failures:
        print(f"warning: data contract broken: {failure}", file=sys.stderr)
    if args.quiet:
        return 0
    con = Warehouse.of(settings).connect()
    try:
        totals = con.sql("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM entities), "
                         "(SELECT count(*) FROM events), (SELECT count(*) FROM quotes), "
                         "(SELECT count(*) FROM rejects)").fetchall()[0]
        print("warehouse %s: %d documents, %d entities, %d events, %d quotes, %d rejects" % (
            settings.warehouse, *totals))
        print("\nmost mentioned entities:")
        result = con.sql(SUMMARY_QUERY)
        print(format_rows(result.columns, result.fetchall(), "table"))
    finally:
        con.close()
    return 0


def run_if_unchanged(settings) -> bool:
    """Record the run without starting Prefect when no file changed; False when there is work to do."""
    from flows.quickcheck import find_changes, record_unchanged_run
    from flows.runs import make_run_id, utcnow

    started_at = utcnow()
    plan = find_changes(settings)
    if plan.to_read or plan.deleted:
        return False
    run_id = make_run_id(started_at) + "-noop"
    summary = record_unchanged_run(settings, plan, run_id, started_at)
    print(f"newsetl run {run_id}: {summary.n_seen} files seen, all unchanged; nothing to do "
          f"(recorded without starting Prefect; --always-flow runs the flow anyway)")
    return True


def command_serve(args) -> int:
    """`newsetl serve`: serve the flow as a Prefect deployment with a cron or interval schedule."""
    settings = load_settings({"input": args.input, "warehouse": args.warehouse}).resolved()
    if not settings.input.is_dir():
        raise NewsetlError(f"input folder {settings.input} does not exist or is not a folder")
    from flows.prefect_env import configure_prefect

    configure_prefect()
    from flows.pipeline import serve_pipeline

    serve_pipeline(settings, name=args.name, cron=args.cron, interval=args.interval)
    return 0


def command_compact(args) -> int:
    """`newsetl compact`: merge each table's Parquet files into one, atomically, under the run lock."""
    from datetime import timezone

    from flows.warehouse import Warehouse

    settings = load_settings({"warehouse": args.warehouse}).resolved()
    wh = Warehouse.of(settings)
    if not (wh.root / "manifest.json").exists():
        raise NewsetlError(f"no warehouse at {wh.root}: run `newsetl run` first")
    run_id = "compact-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    with wh.lock(settings.lock_wait_seconds):
        counts = wh.compact(run_id)
    if not counts:
        print("newsetl compact: nothing to merge (every table has at most one file)")
    for name, (before, after) in sorted(counts.items()):
        print(f"{name}: {before} files -> {after}")
    return 0


def format_duration(seconds: float | None) -> str:
    """A short human duration: '42 s', '3 min 05 s', '2 h 07 min'; '?' when unknown."""
    if seconds is None:
        return "?"
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def format_speed(done: int, total: int, seconds: float) -> str:
    """Documents per second so far and the time left at that pace."""
    rate = done / seconds if seconds > 0 else 0.0
    eta = (total - done) / rate if rate > 0 else None
    return f"{rate:.1f} documents/s, ETA {format_duration(eta)}"


def format_progress(done: int, total: int, seconds: float) -> str:
    """One plain progress line: count, percentage, documents per second and the time left."""
    percent = 100 * done // total if total else 100
    return f"progress: {done}/{total} documents ({percent}%), {format_speed(done, total, seconds)}"


@contextmanager
def show_progress(stream, enabled: bool = True):
    """A progress callback (done, total) for run_pipeline: a rich bar on a terminal, plain lines otherwise."""
    if not enabled:
        yield None
    elif stream.isatty():
        with rich_progress(stream) as update:
            yield update
    else:
        clock = start_clock()

        def update(done: int, total: int) -> None:
            seconds = clock()
            if done:
                print(format_progress(done, total, seconds), file=stream, flush=True)

        yield update


def start_clock():
    """A function returning seconds since its first call."""
    started: list[float] = []

    def seconds() -> float:
        now = time.monotonic()
        started[:] = started or [now]
        return now - started[0]

    return seconds


@contextmanager
def rich_progress(stream):
    """A rich bar with documents/s and ETA, shown from the first (done, total) call; Prefect's logs print above it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.theme import Theme

    clock = start_clock()
    console = find_log_console(stream) or Console(file=stream)
    console.push_theme(Theme())  # rich's default styles for the bar, over the log handler's own theme
    progress = Progress(TextColumn("documents"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[rate]}"), console=console)
    task = progress.add_task("documents", total=None, rate="", start=False)

    def update(done: int, total: int) -> None:
        speed = format_speed(done, total, clock())
        progress.update(task, completed=done, total=total, rate=speed)
        if not progress.live.is_started:
            progress.start_task(task)
            progress.start()

    try:
        yield update
    finally:
        progress.stop()
        console.pop_theme()


def find_log_console(stream):
    """The rich Console a logging handler (Prefect's) prints to `stream` with, so its lines go above the bar."""
    loggers = [logging.getLogger(), *(v for v in list(logging.Logger.manager.loggerDict.values())
                                      if isinstance(v, logging.Logger))]
    consoles = (getattr(h, "console", None) for logger in loggers for h in logger.handlers)
    return next((c for c in consoles if c is not None and getattr(c, "file", None) is stream), None)


# --- newsetl sql, newsetl status --------------------------------------------------------------------------

STATUS_COLUMNS = ("run_id", "started_at", "status", "seconds")  # besides every n_* count the runs table declares


def command_sql(args) -> int:
    """`newsetl sql`: one checked read-only query, printed or written as a table, CSV, JSON or Parquet."""
    from flows.sqlguard import check_query, open_session

    query = read_query(args.query, args.file)
    if args.format == "parquet" and not args.out:
        raise NewsetlError("--format parquet needs --out FILE")
    root = resolve_warehouse(args.warehouse)
    refuse_output_inside(args.out, root)
    con = open_session(root)
    try:
        write_query(con, check_query(query, root), args.format, args.out)
    finally:
        con.close()
    return 0


def command_status(args) -> int:
    """`newsetl status`: the most recent runs from the `runs` view, newest first."""
    from flows.sqlguard import open_session

    if args.limit < 1:
        raise NewsetlError(f"--limit must be 1 or more (got {args.limit})")
    root = resolve_warehouse(args.warehouse)
    con = open_session(root)
    try:
        columns, rows = fetch_runs(con, args.limit)
    finally:
        con.close()
    if not rows:
        print(f"newsetl status: no runs yet in {root}", file=sys.stderr)
        return 0
    print(format_rows(columns, rows, args.format))
    return 0


def resolve_warehouse(flag: Path | None) -> Path:
    """The warehouse folder from the flag, the environment, newsetl.toml or the default."""
    return load_settings({"warehouse": flag}).resolved().warehouse


def refuse_output_inside(out: Path | None, root: Path) -> None:
    """Refuse an output file inside the warehouse folder: it could overwrite the manifest, catalog or tables."""
    if out is None:
        return
    target, warehouse = out.resolve(), root.resolve()
    if target == warehouse or warehouse in target.parents:
        raise NewsetlError(f"refused: --out {out} is inside the warehouse {root}; write results elsewhere")


def read_query(query: str | None, file: Path | None) -> str:
    """The query text from the argument or the --file."""
    if (query is None) == (file is None):
        raise NewsetlError("give either a query or --file FILE")
    if file is None:
        return query
    try:
        return file.read_text()
    except OSError as exc:
        raise NewsetlError(f"cannot read {file}: {exc.strerror or exc}") from None


def write_query(con, statement: str, fmt: str, out: Path | None) -> None:
    """Run a checked statement and write its result; DuckDB and file errors become one-line NewsetlErrors."""
    import duckdb

    from flows.sqlguard import explain_error

    try:
        write_result(con.sql(statement), fmt, out)
    except duckdb.Error as exc:
        raise NewsetlError(explain_error(exc, con, statement)) from None
    except OSError as exc:
        raise NewsetlError(f"cannot write {out}: {exc.strerror or exc}") from None


def fetch_runs(con, limit: int) -> tuple[list[str], list[tuple]]:
    """The status columns of the latest `limit` runs, newest first; DuckDB errors become one line."""
    import duckdb

    from flows.sqlguard import explain_error

    query = ""
    try:
        query = render_runs_query(list_status_columns(con.sql("FROM runs").columns), limit)
        result = con.sql(query)
        return result.columns, result.fetchall()
    except duckdb.Error as exc:
        raise NewsetlError(explain_error(exc, con, query)) from None


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


def write_result(result, fmt: str, out: Path | None) -> None:
    """Print the result, or write it to `out` (Parquet via Arrow; the query session itself cannot write)."""
    if result is None:
        raise NewsetlError("the statement returned no result")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(result.to_arrow_table(), out, compression="zstd")
        return
    text = format_rows(result.columns, result.fetchall(), fmt)
    if out is None:
        print(text)
    else:
        out.write_text(text + "\n")


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return value


def format_rows(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Rows as an aligned text table, CSV or JSON lines."""
    if fmt == "json":
        return "\n".join(json.dumps({c: _plain(v) for c, v in zip(columns, r)}, default=str) for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    cells = [[str(c) for c in columns]] + [["" if v is None else str(_plain(v)) for v in r] for r in rows]
    widths = [min(60, max(len(row[i]) for row in cells)) for i in range(len(columns))]
    lines = [" | ".join(v[:60].ljust(w) for v, w in zip(row, widths)) for row in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines + [f"({len(rows)} rows)"])


# --- newsetl tables, newsetl report -----------------------------------------------------------------------


def command_tables(args) -> int:
    """`newsetl tables`: every table and view with its columns, types and one-line descriptions."""
    print(describe_tables(args.names))
    return 0


def describe_tables(names: list[str] | None = None) -> str:
    """The declared tables and analyst views (all, or the named ones) as indented text."""
    from schemas.analyst import VIEWS
    from schemas.tables import TABLES
    from schemas.views import duckdb_type

    declared = {**TABLES, **VIEWS}
    if unknown := [n for n in names or [] if n not in declared]:
        raise NewsetlError(f"no table {unknown[0]}; tables: {', '.join(declared)}")
    blocks = []
    for name in names or declared:
        item = declared[name]
        kind = "view" if name in VIEWS else "table"
        width = max(len(c.name) for c in item.columns)
        lines = [f"{name} ({kind}): {item.description}"]
        lines += [f"  {c.name.ljust(width)}  {duckdb_type(c.type).ljust(9)}  {c.description}" for c in item.columns]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def command_report(args) -> int:
    """`newsetl report`: write the self-contained HTML report."""
    from flows.report import write_report
    from flows.warehouse import Warehouse

    settings = load_settings({"warehouse": args.warehouse}).resolved()
    refuse_output_inside(args.out, settings.warehouse)
    con = Warehouse.of(settings).connect()
    try:
        size = write_report(con, args.out)
    except OSError as exc:
        raise NewsetlError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    finally:
        con.close()
    print(f"newsetl report: wrote {args.out} ({size / 1024:.0f} KiB); open it in any browser, no network needed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
