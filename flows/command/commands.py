"""What each `newsetl` subcommand does, given its parsed arguments; each returns the exit code."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from flows.command.output import format_rows, render_run_summary, say
from flows.settings import Settings, load_settings
from transforms.errors import NewsetlError

SUMMARY_QUERY = """
SELECT e.name, e.type, count(*) AS mentions
FROM mentions m JOIN entities e USING (entity_id)
GROUP BY ALL ORDER BY mentions DESC, e.name LIMIT 5
"""


# --- newsetl run ------------------------------------------------------------------------------------------


def command_run(args) -> int:
    """`newsetl run`: Ctrl-C aborts it cleanly from the start (before any thread or child process exists)."""
    from flows.command.interrupt import abort_on_interrupt

    with abort_on_interrupt():
        return run_checked(args)


def run_checked(args) -> int:
    """Check everything that can fail early, then run the flow with a progress display and print a summary."""
    settings = load_settings({"input": args.input, "warehouse": args.warehouse, "model": args.model,
                              "n_process": args.workers, "runner": args.runner,
                              "dask_address": args.dask_address}).resolved()
    if not settings.input.is_dir():
        raise NewsetlError(f"input folder {settings.input} does not exist or is not a folder")
    from flows.store.warehouse import Warehouse

    wh = Warehouse.of(settings)
    wh.ensure_writable()
    wh.read_manifest()  # a corrupt manifest stops the run here, before anything moves
    with wh.lock(settings.lock_wait_seconds):  # another run holds it: one line now, not after Prefect starts
        pass
    hint_if_empty(settings)
    if not args.always_flow and run_if_unchanged(settings):
        return 0
    if not args.quiet:
        say(f"newsetl run: reading {settings.input} into {settings.warehouse}; starting Prefect", sys.stderr)
    server = start_prefect(args)  # its boot (4-10 s) is the longest wait: before Prefect and the flow import
    from flows.run.headstart import start_loading_workers

    loading = start_loading_workers(settings)
    from flows.run.pipeline import run_pipeline
    from flows.command.progress import show_progress

    with show_progress(sys.stderr, enabled=not args.quiet) as on_progress:
        summary = run_pipeline(settings, on_progress=on_progress, server=server, loading=loading)
    lines = render_run_summary(summary)
    for line in lines[: 1 if args.quiet else None]:
        say(line)
    for failure in summary.contract_failures:
        say(f"warning: data contract broken: {failure}", sys.stderr)
    if not args.quiet:
        print_totals(settings)
    return 0


def start_prefect(args):
    """Prefect's offline defaults, and its temporary server booting (a flow without an API would start it)."""
    from flows.run.prefect_env import TemporaryServer, configure_prefect
    from flows.run.reaper import start_reaper

    configure_prefect(verbose=args.verbose)
    start_reaper()  # before the first child: the server dies with this process, even on kill -9
    return TemporaryServer().start()


def hint_if_empty(settings: Settings) -> None:
    """Say so when the input folder holds no file newsetl reads (the run still records the empty folder)."""
    from flows.run.sources import SUPPORTED, scan_folder
    from transforms.ingest.formats import is_supported_name

    if not any(is_supported_name(Path(f.source_path).name) for f in scan_folder(settings.input,
                                                                                 skip=[settings.warehouse])):
        say(f"newsetl: no documents found in {settings.input}; supported formats: {SUPPORTED}", sys.stderr)


def print_totals(settings: Settings) -> None:
    """The warehouse's totals and its most mentioned entities."""
    from flows.store.warehouse import Warehouse

    con = Warehouse.of(settings).connect()
    try:
        totals = con.sql("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM entities), "
                         "(SELECT count(*) FROM events), (SELECT count(*) FROM quotes), "
                         "(SELECT count(*) FROM rejects)").fetchall()[0]
        say("warehouse %s: %d documents, %d entities, %d events, %d quotes, %d rejects" % (
            settings.warehouse, *totals))
        say("\nmost mentioned entities:")
        result = con.sql(SUMMARY_QUERY)
        say(format_rows(result.columns, result.fetchall(), "table"))
    finally:
        con.close()


def run_if_unchanged(settings: Settings) -> bool:
    """Record the run without starting Prefect when no file changed; False when there is work to do."""
    from flows.run.quickcheck import find_changes, record_unchanged_run
    from flows.run.runs import make_run_id, utcnow

    started_at = utcnow()
    plan = find_changes(settings)
    if plan.to_read or plan.deleted:
        return False
    run_id = make_run_id(started_at) + "-noop"
    summary = record_unchanged_run(settings, plan, run_id, started_at)
    say(f"newsetl run {run_id}: {summary.n_seen} files seen, all unchanged; nothing to do "
        f"(recorded without starting Prefect; --always-flow runs the flow anyway)")
    return True


# --- newsetl serve, newsetl compact -----------------------------------------------------------------------


def command_serve(args) -> int:
    """`newsetl serve`: check the schedule and the Prefect server, then serve the flow on the schedule."""
    settings = load_settings({"input": args.input, "warehouse": args.warehouse}).resolved()
    if not settings.input.is_dir():
        raise NewsetlError(f"input folder {settings.input} does not exist or is not a folder")
    if args.interval is not None and args.interval <= 0:
        raise NewsetlError(f"--interval must be a positive number of seconds (got {args.interval:g})")
    from flows.run.prefect_env import check_cron, configure_prefect, find_api_url

    configure_prefect(verbose=True)  # serving is Prefect's own business: its lines are the output
    if args.cron is not None:
        check_cron(args.cron)
    find_api_url()
    from flows.run.pipeline import serve_pipeline

    serve_pipeline(settings, name=args.name, cron=args.cron, interval=args.interval)
    return 0


def command_compact(args) -> int:
    """`newsetl compact`: merge each table's Parquet files into one, atomically, under the run lock."""
    from flows.store.warehouse import Warehouse

    settings = load_settings({"warehouse": args.warehouse}).resolved()
    wh = Warehouse.of(settings)
    if not (wh.root / "manifest.json").exists():
        raise NewsetlError(f"no warehouse at {wh.root}: run `newsetl run` first")
    wh.ensure_writable()
    run_id = "compact-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    with wh.lock(settings.lock_wait_seconds):
        counts = wh.compact(run_id)
    if not counts:
        print("newsetl compact: nothing to merge (every table has at most one file)")
    for name, (before, after) in sorted(counts.items()):
        print(f"{name}: {before} files -> {after}")
    return 0


# --- newsetl sql, newsetl status --------------------------------------------------------------------------


def command_sql(args) -> int:
    """`newsetl sql`: one checked read-only query within its time and memory limits, in the chosen format."""
    from flows.command.query import write_query
    from flows.command.sqlguard import check_query, open_session

    query = read_query(args.query, args.file)
    if args.format == "parquet" and not args.out:
        raise NewsetlError("--format parquet needs --out FILE")
    settings = load_settings({"warehouse": args.warehouse}).resolved()
    root = settings.warehouse
    refuse_output_inside(args.out, root)
    memory = settings.sql_memory()
    con = open_session(root, memory_limit=memory)
    try:
        write_query(con, check_query(query, root), args.format, args.out,
                    timeout=settings.sql_timeout_seconds, memory_limit=memory)
    finally:
        con.close()
    return 0


def command_status(args) -> int:
    """`newsetl status`: the most recent runs from the `runs` view, newest first."""
    from flows.command.query import fetch_runs
    from flows.command.sqlguard import open_session

    if args.limit < 1:
        raise NewsetlError(f"--limit must be 1 or more (got {args.limit})")
    root = load_settings({"warehouse": args.warehouse}).resolved().warehouse
    con = open_session(root)
    try:
        columns, rows = fetch_runs(con, args.limit)
    finally:
        con.close()
    if not rows:
        say(f"newsetl status: no runs yet in {root}", sys.stderr)
        return 0
    print(format_rows(columns, rows, args.format))
    return 0


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
    from flows.report.report import write_report
    from flows.store.warehouse import Warehouse

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
