"""The `newsetl` command line: its arguments, and the dispatch to flows/commands.py with one-line errors."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flows.command import commands
from flows.command.exiting import exit_quickly_after
from flows.command.failures import describe_failure
from flows.command.output import visible

TEXT_FORMATS = ("table", "csv", "json")
FORMATS = (*TEXT_FORMATS, "parquet")


def count_of_workers(text: str) -> int:
    """The --workers value: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, 0 = one per core (got {text!r})") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (one per core) or more (got {value})")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    parser = argparse.ArgumentParser(prog="newsetl", description="Raw news articles to queryable facts.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest the input folder into the warehouse")
    run.add_argument("--input", type=Path, help="folder of news files (default ./seeds; env NEWSETL_INPUT)")
    run.add_argument("--warehouse", type=Path, help="output folder (default ./warehouse; env NEWSETL_WAREHOUSE)")
    run.add_argument("--model", help="spaCy model package (env NEWSETL_MODEL)")
    run.add_argument("--quiet", action="store_true", help="print only the summary line (no progress)")
    run.add_argument("--verbose", action="store_true",
                     help="also print Prefect's own log lines (task runs, server); they always reach the Prefect API")
    run.add_argument("--workers", type=count_of_workers,
                     help="parse/extract processes; 0 = one per core (env NEWSETL_N_PROCESS)")
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
    """Entry point: parse, dispatch, and turn any failure a user can cause into one line and an exit code."""
    args = build_parser().parse_args(argv)
    run = {"run": commands.command_run, "sql": commands.command_sql, "status": commands.command_status,
           "tables": commands.command_tables, "report": commands.command_report, "serve": commands.command_serve,
           "compact": commands.command_compact}[args.command]
    try:
        return run(args)
    except (Exception, KeyboardInterrupt) as exc:
        message, code = describe_failure(exc)
        if isinstance(exc, BrokenPipeError):
            silence_stdout()
    if message is not None:
        print(f"newsetl: {visible(message)}", file=sys.stderr)
    return code


def silence_stdout() -> None:
    """Point standard output at /dev/null, so the flush at exit does not fail again on the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run() -> int:
    """The `newsetl` program: main(), and an exit that does not tear down the heap the run built."""
    return exit_quickly_after(main)


if __name__ == "__main__":
    sys.exit(run())
