"""The `newsetl` command: run the flow, query the warehouse safely, describe its tables, write a report."""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import re
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
FORMATS = ("table", "csv", "json", "parquet")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    parser = argparse.ArgumentParser(prog="newsetl", description="Raw news articles to queryable facts.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest the input folder into the warehouse")
    run.add_argument("--input", type=Path, help="folder of news files (default ./seeds; env NEWSETL_INPUT)")
    run.add_argument("--warehouse", type=Path, help="output folder (default ./warehouse; env NEWSETL_WAREHOUSE)")
    run.add_argument("--model", help="spaCy model package (env NEWSETL_MODEL)")
    run.add_argument("--quiet", action="store_true", help="print only the summary line (no progress)")
    sql = sub.add_parser("sql", help="run one read-only SQL query against the warehouse")
    sql.add_argument("query", nargs="?", help="the SQL query (or use --file)")
    sql.add_argument("--file", "-f", type=Path, help="read the query from a .sql file (e.g. queries/who_met_whom.sql)")
    sql.add_argument("--warehouse", type=Path, help="warehouse folder (default ./warehouse)")
    sql.add_argument("--format", choices=FORMATS, default="table", help="output format (parquet needs --out)")
    sql.add_argument("--out", type=Path, help="write the result to this file instead of standard output")
    tables = sub.add_parser("tables", help="list the tables and views with their columns and descriptions")
    tables.add_argument("names", nargs="*", help="only these tables or views")
    report = sub.add_parser("report", help="write a self-contained HTML report of the warehouse")
    report.add_argument("--warehouse", type=Path, help="warehouse folder (default ./warehouse)")
    report.add_argument("--out", type=Path, default=Path("report.html"), help="HTML file (default report.html)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    commands = {"run": command_run, "sql": command_sql, "tables": command_tables, "report": command_report}
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
    settings = load_settings({"input": args.input, "warehouse": args.warehouse, "model": args.model}).resolved()
    if not settings.input.is_dir():
        raise NewsetlError(f"input folder {settings.input} does not exist or is not a folder")
    from flows.prefect_env import configure_prefect

    configure_prefect()
    from flows.pipeline import run_pipeline
    from flows.warehouse import Warehouse

    with show_progress(sys.stderr, enabled=not args.quiet) as on_progress:
        summary = run_pipeline(settings, on_progress=on_progress)
    c = summary.counts
    print(f"newsetl run {summary.run_id}: {summary.n_seen} files seen, {summary.n_new} new documents, "
          f"{summary.n_unchanged} unchanged, {summary.n_rejected} rejected; "
          f"{c.get('mentions', 0)} mentions, {c.get('events', 0)} events, {c.get('quotes', 0)} quotes, "
          f"{c.get('amounts', 0)} amounts in {summary.seconds:.1f} s")
    if summary.rejects_by_reason:
        print("rejects by reason: " + ", ".join(f"{k}={v}" for k, v in sorted(summary.rejects_by_reason.items())))
    for failure in summary.contract_failures:
        print(f"warning: data contract broken: {failure}", file=sys.stderr)
    if args.quiet:
        return 0
    con = Warehouse(settings.warehouse).connect()
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


# --- newsetl sql ------------------------------------------------------------------------------------------

ALLOWED_STATEMENTS = {"SELECT", "EXPLAIN"}
FILE_FUNCTIONS = {
    "read_parquet", "parquet_scan", "read_csv", "read_csv_auto", "sniff_csv", "read_json", "read_json_auto",
    "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
    "read_text", "read_blob", "glob", "parquet_metadata", "parquet_schema", "parquet_file_metadata",
    "parquet_kv_metadata", "parquet_full_metadata", "parquet_page_index", "parquet_bloom_probe", "read_duckdb",
    "read_single_csv_file", "read_single_json_file", "read_single_parquet_file",
}
SAFE_FUNCTIONS = {
    "range", "generate_series", "unnest", "repeat", "repeat_row", "json_each", "json_tree", "histogram",
    "histogram_values", "summary", "pg_timezone_names", "icu_calendar_names", "test_all_types",
    "pragma_table_info", "pragma_show", "pragma_version", "pragma_platform", "pragma_database_size",
    "pragma_storage_info", "pragma_metadata_info", "pragma_collations", "pragma_user_agent",
}
READ_ONLY_HINT = "newsetl sql is read-only (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)"


def command_sql(args) -> int:
    """`newsetl sql`: one checked read-only query, printed or written as a table, CSV, JSON or Parquet."""
    import duckdb

    query = read_query(args.query, args.file)
    if args.format == "parquet" and not args.out:
        raise NewsetlError("--format parquet needs --out FILE")
    root = load_settings({"warehouse": args.warehouse}).resolved().warehouse
    con = open_guarded(root)
    try:
        statement = check_query(con, query, root)
        try:
            write_result(con.sql(statement), args.format, args.out)
        except duckdb.Error as exc:
            raise NewsetlError(explain_error(con, exc, statement)) from None
        except OSError as exc:
            raise NewsetlError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    finally:
        con.close()
    return 0


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


def open_guarded(root: Path):
    """An in-memory session with the catalog attached read-only and file access locked to the warehouse."""
    import duckdb

    from flows.warehouse import CATALOG
    from schemas.views import quote_literal

    catalog = root / CATALOG
    if not catalog.exists():
        raise NewsetlError(f"no warehouse at {root}: run `newsetl run` first")
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    try:
        con.execute(f"ATTACH {quote_literal(str(catalog))} AS newsetl (READ_ONLY)")
        con.execute("USE newsetl")
        con.execute("SET python_enable_replacements = false")
        con.execute(f"SET allowed_directories = [{quote_literal(str(root.resolve()) + os.sep)}]")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise NewsetlError(f"cannot open {catalog}: {first_line(str(exc))}") from None
    return con


def check_query(con, query: str, root: Path) -> str:
    """The query's single statement if it only reads the warehouse; else NewsetlError with a one-line reason."""
    import duckdb

    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise NewsetlError(first_line(str(exc))) from None
    if len(statements) != 1:
        raise NewsetlError(f"refused: give exactly one statement (found {len(statements)})")
    statement = statements[0]
    kind = statement.type.name
    if kind not in ALLOWED_STATEMENTS:
        raise NewsetlError(refusal(kind))
    select = statement.query
    if kind == "EXPLAIN":
        select = re.sub(r"^(\s|--[^\n]*\n|/\*.*?\*/)*EXPLAIN(\s+ANALY[SZ]E)?\s+", "", select,
                        flags=re.IGNORECASE | re.DOTALL)
        if [s.type.name for s in duckdb.extract_statements(select)] != ["SELECT"]:
            raise NewsetlError(f"refused: only EXPLAIN [ANALYZE] SELECT …; {READ_ONLY_HINT}")
    check_relations(parse_tree(con, select), root)
    return statement.query


def refusal(kind: str) -> str:
    """The one-line reason a statement type is refused."""
    what = {"LOAD": "INSTALL and LOAD", "COPY": "COPY", "EXPORT": "EXPORT DATABASE", "MULTI": "top-level PIVOT"}
    hint = {"COPY": "; to save a result use --format csv|json|parquet --out FILE",
            "MULTI": "; wrap it: SELECT * FROM (PIVOT …)"}
    return f"refused: {what.get(kind, kind)} statements are not allowed: {READ_ONLY_HINT}{hint.get(kind, '')}"


def parse_tree(con, select: str) -> dict:
    """DuckDB's own parse tree of a SELECT (json_serialize_sql)."""
    tree = json.loads(con.sql("SELECT json_serialize_sql(?)", params=[select]).fetchall()[0][0])
    if tree.get("error"):
        raise NewsetlError(f"refused: cannot check this query ({tree.get('error_message')}); "
                           "write it as a plain SELECT")
    return tree


def walk_nodes(node):
    """Every JSON object in a parse tree, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk_nodes(value)


def check_relations(tree: dict, root: Path) -> None:
    """Refuse table functions that are not plain reads and file reads outside the warehouse."""
    for node in walk_nodes(tree):
        if node.get("type") == "TABLE_FUNCTION":
            function = node.get("function") or {}
            name = str(function.get("function_name", "")).lower()
            if name in FILE_FUNCTIONS:
                for path in literal_paths(name, function):
                    check_path(path, root)
            elif name not in SAFE_FUNCTIONS and not name.startswith("duckdb_"):
                raise NewsetlError(f"refused: table function {name}() is not allowed: {READ_ONLY_HINT}")
        elif node.get("type") == "BASE_TABLE" and not node.get("schema_name") and not node.get("catalog_name"):
            name = str(node.get("table_name", ""))
            if any(ch in name for ch in "/.*\\"):  # DuckDB reads `FROM 'file.csv'` as a file (replacement scan)
                check_path(name, root)


def literal_paths(name: str, function: dict) -> list[str]:
    """The file paths a file-reading table function is given; refuses paths that are not literal strings."""
    arguments = function.get("arguments")
    if arguments is None:
        arguments = [{"expression": child} for child in function.get("children", [])]
    positional = [a.get("expression") or {} for a in arguments if not a.get("name")]
    if not positional:
        raise NewsetlError(f"refused: {name}() needs a file path")
    first = positional[0]
    items = [a.get("expression") or {} for a in first.get("arguments", [])] if (
        first.get("function_name") == "list_value") else [first]
    paths = []
    for item in items:
        literal = item.get("literal") or {}
        if item.get("class") != "CONSTANT" or not isinstance(literal.get("text"), str):
            raise NewsetlError(f"refused: {name}() must be given literal file paths")
        paths.append(literal["text"])
    return paths


def check_path(path: str, root: Path) -> None:
    """Refuse a file path (or glob) that is a URL or lies outside the warehouse folder."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", path):
        raise NewsetlError(f"refused: {path} is not a local file: newsetl sql reads only files in the warehouse")
    real = os.path.realpath(os.path.expanduser(path))
    base = str(root.resolve())
    if real != base and not real.startswith(base + os.sep):
        raise NewsetlError(f"refused: {path} is outside the warehouse {base}: "
                           "newsetl sql reads only files in the warehouse")


def explain_error(con, exc: Exception, statement: str) -> str:
    """A one-line answer to a failed query: the tables for an unknown table, the columns for an unknown column."""
    message = str(exc)
    if m := re.search(r'Table with name (\S+) does not exist', message):
        return f"no table {m.group(1)}; tables: {', '.join(catalog_columns(con))}"
    column = re.search(r'Referenced column "([^"]+)" not found|Values list "([^"]+)" does not have a column named '
                       r'"([^"]+)"', message)
    if column:
        columns = catalog_columns(con)
        tables = aliased_tables(con, statement)
        if column.group(2):
            name, wanted = column.group(3), [tables.get(column.group(2), column.group(2))]
        else:
            name, wanted = column.group(1), sorted(set(tables.values()))
        known = [t for t in wanted if t in columns]
        if known:
            listing = "; ".join(f"{t} has {', '.join(columns[t])}" for t in known)
            return f"no column {name} in {' or '.join(known)}: {listing}"
    return first_line(message)


def catalog_columns(con) -> dict[str, list[str]]:
    """Each table and view of the attached catalog with its column names."""
    rows = con.sql("SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
                   "WHERE database_name = current_database() AND schema_name = 'main' "
                   "GROUP BY table_name ORDER BY table_name").fetchall()
    return dict(rows)


def aliased_tables(con, statement: str) -> dict[str, str]:
    """Alias (or name) → table name for every base table a query reads."""
    try:
        tree = json.loads(con.sql("SELECT json_serialize_sql(?)", params=[statement]).fetchall()[0][0])
    except Exception:  # only used to improve a message
        return {}
    return {(n.get("alias") or n["table_name"]): n["table_name"]
            for n in walk_nodes(tree) if n.get("type") == "BASE_TABLE" and n.get("table_name")}


def first_line(message: str) -> str:
    """DuckDB's message in one line: the first line, plus its 'Did you mean' / 'Candidate' hint."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if not lines:
        return "query failed"
    hint = next((line for line in lines[1:3] if line.startswith(("Did you mean", "Candidate"))), None)
    return f"{lines[0]} ({hint})" if hint else lines[0]


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
    con = Warehouse(settings.warehouse).connect()
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
