"""The `newsetl` command: run the flow, query the warehouse."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date, datetime
from pathlib import Path

from flows.settings import load_settings
from transforms.errors import NewsetlError

SUMMARY_QUERY = """
SELECT e.name, e.type, count(*) AS mentions
FROM mentions m JOIN entities e USING (entity_id)
GROUP BY ALL ORDER BY mentions DESC, e.name LIMIT 5
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    parser = argparse.ArgumentParser(prog="newsetl", description="Raw news articles to queryable facts.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest the input folder into the warehouse")
    run.add_argument("--input", type=Path, help="folder of news files (default ./seeds; env NEWSETL_INPUT)")
    run.add_argument("--warehouse", type=Path, help="output folder (default ./warehouse; env NEWSETL_WAREHOUSE)")
    run.add_argument("--model", help="spaCy model package (env NEWSETL_MODEL)")
    run.add_argument("--quiet", action="store_true", help="print only the summary line")
    sql = sub.add_parser("sql", help="run one read-only SQL query against the warehouse")
    sql.add_argument("query")
    sql.add_argument("--warehouse", type=Path, help="warehouse folder (default ./warehouse)")
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return command_run(args)
        return command_sql(args)
    except NewsetlError as exc:
        print(f"newsetl: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsetl: interrupted", file=sys.stderr)
        return 130


def command_run(args) -> int:
    """`newsetl run`: validate the folders, run the flow, print a summary."""
    settings = load_settings({"input": args.input, "warehouse": args.warehouse, "model": args.model}).resolved()
    if not settings.input.is_dir():
        raise NewsetlError(f"input folder {settings.input} does not exist or is not a folder")
    from flows.prefect_env import configure_prefect

    configure_prefect()
    from flows.pipeline import run_pipeline
    from flows.warehouse import Warehouse

    summary = run_pipeline(settings)
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


def command_sql(args) -> int:
    """`newsetl sql`: one query, read-only, printed as a table, CSV or JSON."""
    import duckdb

    from flows.warehouse import Warehouse

    settings = load_settings({"warehouse": args.warehouse}).resolved()
    con = Warehouse(settings.warehouse).connect()
    try:
        result = con.sql(args.query)
        if result is None:
            raise NewsetlError("the statement returned no result")
        print(format_rows(result.columns, result.fetchall(), args.format))
    except duckdb.Error as exc:
        raise NewsetlError(str(exc).splitlines()[0]) from None
    finally:
        con.close()
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
