"""The command line: safe read-only SQL, output formats, limits, `newsetl status`, `newsetl tables`, one-line errors."""

import errno
import json
import shutil
import socket
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from flows.command.cli import main
from flows.command.query import list_status_columns
from schemas.analyst import VIEWS
from schemas.tables import TABLES
from tests.conftest import SEED


@pytest.fixture(scope="module")
def wh(seed_warehouse):
    """The seed warehouse folder."""
    return seed_warehouse[0].warehouse


def sql(wh, query, *extra):
    return main(["sql", query.format(wh=wh), "--warehouse", str(wh), *extra])


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("newsetl: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("query,reason", [
    ("CREATE TABLE x (a INT)", "read-only"),
    ("CREATE VIEW v AS SELECT 1", "read-only"),
    ("INSERT INTO runs (run_id) VALUES ('x')", "read-only"),
    ("UPDATE entities SET name = 'x'", "read-only"),
    ("DELETE FROM entities", "read-only"),
    ("DROP VIEW entities", "read-only"),
    ("COPY (SELECT 1) TO '{wh}/x.csv'", "--out FILE"),
    ("COPY entities FROM '/etc/hosts'", "COPY"),
    ("EXPORT DATABASE '{wh}/export'", "EXPORT DATABASE"),
    ("ATTACH '{wh}/other.duckdb' AS other", "ATTACH"),
    ("DETACH newsetl", "DETACH"),
    ("INSTALL httpfs", "INSTALL statements"),
    ("LOAD json", "LOAD statements"),
    ("SET threads = 1", "SET statements"),
    ("PRAGMA enable_profiling", "PRAGMA statements"),
    ("CALL checkpoint()", "CALL statements"),
    ("ANALYZE", "ANALYZE statements"),
    ("VACUUM", "VACUUM statements"),
    ("CHECKPOINT", "CHECKPOINT statements"),
    ("FORCE CHECKPOINT", "FORCE CHECKPOINT statements"),
    ("/* note */ EXPORT DATABASE '{wh}/export'", "EXPORT DATABASE statements"),
    ("PIVOT entities ON type", "PIVOT t ON col IN ('a', 'b')"),
    ("SELECT * FROM (PIVOT entities ON type USING count(*))", "PIVOT t ON col IN ('a', 'b')"),
    ("SELECT 1; SELECT 2", "exactly one statement"),
    ("SELECT * FROM read_csv('/etc/passwd')", "outside the warehouse"),
    ("SELECT * FROM '/etc/passwd'", "outside the warehouse"),
    ("SELECT * FROM glob('/etc/*')", "outside the warehouse"),
    ("FROM read_text('{wh}/../../secret.txt')", "outside the warehouse"),
    ("SELECT * FROM read_parquet(['{wh}/tables/runs/*.parquet', '/tmp/x.parquet'])", "outside the warehouse"),
    ("WITH x AS (SELECT * FROM read_text('/etc/hostname')) SELECT * FROM x", "outside the warehouse"),
    ("SELECT (SELECT count(*) FROM read_blob('/etc/hostname')) AS n", "outside the warehouse"),
    ("EXPLAIN ANALYZE SELECT * FROM read_text('/etc/hostname')", "outside the warehouse"),
    ("SELECT * FROM read_json('https://example.com/x.json')", "not a local file"),
    ("SELECT * FROM read_csv('/e' || 'tc/passwd')", "literal file paths"),
    ("SELECT * FROM query('SELECT 1')", "query() is not allowed"),
    ("SELECT * FROM enable_profiling()", "enable_profiling() is not allowed"),
])
def test_sql_refuses_anything_but_reading_the_warehouse(wh, capsys, query, reason):
    assert sql(wh, query) == 2
    err = one_line_error(capsys)
    assert "refused" in err and reason in err
    assert not (wh / "x.csv").exists() and not (wh / "export").exists() and not (wh / "other.duckdb").exists()


@pytest.mark.parametrize("query,expected", [
    ("SELECT count(*) AS n FROM documents", "1"),
    ("WITH d AS (FROM documents) SELECT count(*) AS n FROM d", "1"),
    ("SELECT count(*) AS n FROM read_parquet('{wh}/tables/documents/*.parquet')", "1"),
    ("SELECT count(*) AS n FROM entity_summary WHERE name = 'Armenia'", "1"),
    ("DESCRIBE entities", "country_code"),
    ("SHOW TABLES", "quotes_by_speaker"),
    ("SUMMARIZE entities", "entity_id"),
    ("EXPLAIN SELECT * FROM entities", "physical_plan"),
    ("-- a comment\nSELECT 'ok' AS n;", "ok"),
])
def test_sql_allows_reads(wh, capsys, query, expected):
    assert sql(wh, query, "--format", "csv") == 0
    assert expected in capsys.readouterr().out


@pytest.mark.parametrize("query,expected", [
    ("SELECT * FROM nope", ["no table nope; tables: ", "documents", "entity_summary", "runs"]),
    ("SELECT nope FROM entities", ["no column nope in entities: entities has entity_id, name, type"]),
    ("SELECT e.nope FROM entities e JOIN mentions m USING (entity_id)", ["no column nope in entities: "]),
    ("SELECT nope FROM entities JOIN mentions USING (entity_id)", ["in entities or mentions", "mentions has doc_id"]),
    ("SELECT bogus FROM entity_summary", ["entity_summary has entity_id, name, type, country_code, mentions"]),
    ("SELEC 1", ["syntax error"]),
])
def test_sql_errors_name_what_exists(wh, capsys, query, expected):
    assert sql(wh, query) == 2
    err = one_line_error(capsys)
    assert all(part in err for part in expected), err
    if "JOIN mentions m" in query:
        assert "mentions has" not in err


QUERY = "SELECT name FROM entities WHERE name = 'Minsk'"


@pytest.mark.parametrize("fmt,expected", [
    ("table", "name \n-----\nMinsk\n(1 rows)\n"),
    ("csv", "name\nMinsk\n"),
    ("json", '{"name": "Minsk"}\n'),
])
def test_sql_text_formats(wh, capsys, tmp_path, fmt, expected):
    assert sql(wh, QUERY, "--format", fmt) == 0
    assert capsys.readouterr().out == expected
    assert sql(wh, QUERY, "--format", fmt, "--out", str(tmp_path / "out")) == 0
    assert (tmp_path / "out").read_text() == expected


def test_sql_parquet_needs_out_and_writes_a_file(wh, capsys, tmp_path):
    assert sql(wh, QUERY, "--format", "parquet") == 2
    assert "--out" in one_line_error(capsys)
    assert sql(wh, QUERY, "--format", "parquet", "--out", str(tmp_path / "x.parquet")) == 0
    assert pq.read_table(tmp_path / "x.parquet").to_pylist() == [{"name": "Minsk"}]


@pytest.mark.parametrize("argv,reason", [
    (["sql"], "either a query or --file"),
    (["sql", "SELECT 1", "--file", "queries/who_met_whom.sql"], "either a query or --file"),
    (["sql", "--file", "/nonexistent.sql"], "cannot read"),
])
def test_sql_argument_errors(capsys, argv, reason):
    assert main(argv) == 2
    assert reason in one_line_error(capsys)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_sql_unwritable_out_is_one_line(wh, capsys, tmp_path, fmt):
    assert sql(wh, QUERY, "--format", fmt, "--out", str(tmp_path / "missing" / "x")) == 2
    assert "cannot write" in one_line_error(capsys)


def test_sql_without_warehouse(tmp_path, capsys):
    assert main(["sql", "SELECT 1", "--warehouse", str(tmp_path)]) == 2
    assert "newsetl run" in one_line_error(capsys)


STATUS_COLUMNS = ["run_id", "started_at", "status",
                  *(c.name for c in TABLES["runs"].columns if c.name.startswith("n_")), "seconds"]


def status(wh, *extra):
    return main(["status", "--warehouse", str(wh), *extra])


def test_status_lists_runs_newest_first_with_every_count(seed_warehouse, capsys):
    settings, first, second, _ = seed_warehouse
    assert status(settings.warehouse, "--format", "json") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["run_id"] for r in rows] == [second.run_id, first.run_id]
    assert all(list(r) == STATUS_COLUMNS for r in rows)
    assert [r["status"] for r in rows] == ["completed", "completed"]
    for row, summary in zip(rows, (second, first)):
        assert (row["n_seen"], row["n_new"], row["n_unchanged"], row["n_rejected"]) == (
            summary.n_seen, summary.n_new, summary.n_unchanged, summary.n_rejected)


def test_status_limit_and_formats(seed_warehouse, capsys):
    settings, _, second, _ = seed_warehouse
    assert status(settings.warehouse, "--limit", "1", "--format", "csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0] == ",".join(STATUS_COLUMNS) and lines[1].startswith(f"{second.run_id},")
    assert status(settings.warehouse) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [c.strip() for c in lines[0].split(" | ")] == STATUS_COLUMNS and lines[2].startswith(second.run_id)
    assert lines[-1] == "(2 rows)"


def test_status_shows_only_columns_the_catalog_has():
    assert list_status_columns(["seconds", "input_dir", "n_seen", "run_id"]) == ["run_id", "n_seen", "seconds"]


def test_status_on_a_warehouse_without_runs(tmp_path, capsys):
    from flows.store.warehouse import Manifest, Warehouse

    Warehouse(tmp_path).write_catalog(Manifest())
    assert status(tmp_path) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"newsetl status: no runs yet in {tmp_path}\n"


@pytest.mark.parametrize("extra,reason", [([], "newsetl run"), (["--limit", "0"], "--limit must be 1 or more")])
def test_status_errors_are_one_line(tmp_path, capsys, extra, reason):
    assert status(tmp_path / "missing", *extra) == 2
    assert reason in one_line_error(capsys)


@pytest.mark.parametrize("name", [*TABLES, *VIEWS])
def test_tables_lists_every_column_with_its_description(capsys, name):
    assert main(["tables"]) == 0
    out = capsys.readouterr().out
    item = {**TABLES, **VIEWS}[name]
    assert f"{name} ({'view' if name in VIEWS else 'table'}): {item.description}" in out
    lines = out.splitlines()
    for column in item.columns:
        assert any(line.split()[:1] == [column.name] and line.endswith(column.description) for line in lines)


def test_tables_filters_and_rejects_unknown_names(capsys):
    assert main(["tables", "entities"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("entities (table)") and "documents" not in out
    assert main(["tables", "nope"]) == 2
    assert "tables: documents" in one_line_error(capsys)


def test_run_prints_plain_progress_when_not_a_terminal(tmp_path, prefect_server, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    assert main(["run", "--input", str(inputs), "--warehouse", str(tmp_path / "wh"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "progress: 1/1 documents (100%)" not in captured.err  # --quiet: summary only
    assert main(["run", "--input", str(inputs), "--warehouse", str(tmp_path / "wh"), "--always-flow"]) == 0
    assert "progress: 1/1 documents (100%)" in capsys.readouterr().err


def test_unchanged_run_is_recorded_without_prefect(tmp_path, prefect_server, capsys):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh)]) == 0
    assert "all unchanged; nothing to do" in capsys.readouterr().out
    assert main(["status", "--warehouse", str(wh), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "-noop," in lines[1]
    (inputs / "a.txt").unlink()  # a deletion is work: the flow runs
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 0
    assert "1 deleted" in capsys.readouterr().out


def test_compact_command(tmp_path, prefect_server, capsys):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 0
    shutil.copy(SEED, inputs / "b.txt")
    (inputs / "b.txt").write_text(SEED.read_text().replace("Minsk", "Grodno"))
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["compact", "--warehouse", str(wh)]) == 0
    out = capsys.readouterr().out
    assert "documents: 2 files -> 1" in out and "runs: 2 files -> 1" in out
    assert main(["compact", "--warehouse", str(wh)]) == 0
    assert "nothing to merge" in capsys.readouterr().out


# --- issue 14: limits, one-line errors, a closed pipe, visible control characters, checks before Prefect --------


def test_sql_query_nested_too_deeply_is_refused_in_one_line(wh, capsys):
    assert sql(wh, "SELECT " + "[" * 900 + "1" + "]" * 900) == 2
    assert "nested too deeply" in one_line_error(capsys)


def test_sql_timeout_stops_a_query_in_one_line(wh, capsys, monkeypatch):
    monkeypatch.setenv("NEWSETL_SQL_TIMEOUT_SECONDS", "0.5")
    assert sql(wh, "SELECT count(*) FROM range(10000000000000)") == 2
    assert "query stopped after 0.5 s: the limit is sql_timeout_seconds" in one_line_error(capsys)


def test_sql_memory_limit_stops_a_query_in_one_line(wh, capsys, monkeypatch):
    monkeypatch.setenv("NEWSETL_SQL_MEMORY_LIMIT", "64MB")
    assert sql(wh, "SELECT list(range) FROM range(100000000)") == 2
    assert "more memory than sql_memory_limit (64MB" in one_line_error(capsys)


def test_sql_prints_control_characters_visibly(wh, capsys):
    assert sql(wh, "SELECT 'a' || chr(27) || '[2J' || chr(27) || ']0;title' || chr(7) AS x") == 0
    out = capsys.readouterr().out
    assert "a\\x1b[2J\\x1b]0;title\\x07" in out and "\x1b" not in out and "\x07" not in out


def test_sql_into_a_closed_pipe_is_a_normal_end(wh):
    proc = subprocess.Popen([sys.executable, "-m", "flows.command.cli", "sql", "SELECT * FROM range(3000000)",
                             "--warehouse", str(wh), "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"range\n"
    proc.stdout.close()  # what `| head -1` does
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""


def test_workers_must_not_be_negative(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--workers", "-3"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --workers: must be 0 (one per core) or more (got -3)" in err and "n_process" not in err


def test_serve_with_a_bad_cron_is_one_line_before_anything_starts(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("flows.run.pipeline.serve_pipeline", fail_if_called, raising=False)
    assert main(["serve", "--input", str(tmp_path), "--warehouse", str(tmp_path / "wh"), "--cron", "bogus cron"]) == 2
    assert "--cron 'bogus cron' is not a valid cron schedule" in one_line_error(capsys)
    assert not (tmp_path / "wh").exists()


def test_serve_without_a_reachable_server_says_how_to_start_one(tmp_path, capsys, prefect_server):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once the socket is closed
    with temporary_settings({PREFECT_API_URL: f"http://127.0.0.1:{port}/api"}):
        assert main(["serve", "--input", str(tmp_path), "--warehouse", str(tmp_path / "wh"), "--interval", "60"]) == 2
    err = one_line_error(capsys)
    assert f"no Prefect server answers at http://127.0.0.1:{port}/api" in err and "prefect server start" in err


def fail_if_called(*args, **kwargs):
    raise AssertionError("must not be reached")


def test_a_run_on_a_locked_warehouse_fails_before_prefect_starts(tmp_path, capsys, monkeypatch):
    from flows.store.warehouse import Warehouse

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    monkeypatch.setattr("flows.run.prefect_env.configure_prefect", fail_if_called)
    with Warehouse(tmp_path / "wh").lock():
        assert main(["run", "--input", str(inputs), "--warehouse", str(tmp_path / "wh")]) == 2
    assert "another newsetl run holds" in one_line_error(capsys)


def test_an_empty_input_folder_gets_a_hint(tmp_path, capsys, prefect_server):
    (tmp_path / "in").mkdir()
    assert main(["run", "--input", str(tmp_path / "in"), "--warehouse", str(tmp_path / "wh"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"newsetl: no documents found in {tmp_path / 'in'}; supported formats: " in err and ".txt" in err


@pytest.fixture
def quiet_prefect_console(prefect_server):
    """Prefect's console handler silenced as `newsetl run` silences it (in a process that imported Prefect earlier)."""
    import logging

    from prefect.logging.handlers import PrefectConsoleHandler

    handlers = [h for h in logging.getLogger().handlers if isinstance(h, PrefectConsoleHandler)]
    levels = [h.level for h in handlers]
    for h in handlers:
        h.setLevel(logging.CRITICAL)
    yield
    for h, level in zip(handlers, levels):
        h.setLevel(level)


def test_run_and_compact_failures_are_one_line(tmp_path, capsys, quiet_prefect_console, monkeypatch):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 0
    (inputs / "b.txt").write_text(SEED.read_text().replace("Minsk", "Grodno"))
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 0
    capsys.readouterr()

    def read_only(source, target):
        raise OSError(errno.EROFS, "Read-only file system", str(source), None, str(target))

    monkeypatch.setattr("flows.store.publish.os.replace", read_only)  # the warehouse's tables/ became read-only
    assert main(["compact", "--warehouse", str(wh)]) == 2
    assert "Read-only file system" in one_line_error(capsys)
    (inputs / "c.txt").write_text(SEED.read_text().replace("Minsk", "Brest"))
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 2
    assert "Read-only file system" in one_line_error(capsys)
    monkeypatch.undo()
    from flows.store.manifest import read_manifest

    entities = wh / read_manifest(wh).tables["entities"][0]
    entities.write_bytes(entities.read_bytes()[:100])  # truncated
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 2
    assert "is corrupt" in one_line_error(capsys)
