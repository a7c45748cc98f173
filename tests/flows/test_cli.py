"""The command line: safe read-only SQL, output formats, `newsetl status`, `newsetl tables`, progress display."""

import io
import json
import shutil

import pyarrow.parquet as pq
import pytest

from flows.cli import format_duration, format_progress, list_status_columns, main, show_progress
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
    ("INSTALL httpfs", "INSTALL and LOAD"),
    ("LOAD json", "INSTALL and LOAD"),
    ("SET threads = 1", "SET"),
    ("PRAGMA enable_profiling", "PRAGMA"),
    ("CALL checkpoint()", "CALL"),
    ("PIVOT entities ON type", "SELECT * FROM (PIVOT"),
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
    from flows.warehouse import Manifest, Warehouse

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


@pytest.mark.parametrize("seconds,expected", [
    (None, "?"), (0, "0 s"), (42.4, "42 s"), (185, "3 min 05 s"), (7620, "2 h 07 min"),
])
def test_format_duration(seconds, expected):
    assert format_duration(seconds) == expected


@pytest.mark.parametrize("done,total,seconds,expected", [
    (250, 1000, 10, "progress: 250/1000 documents (25%), 25.0 documents/s, ETA 30 s"),
    (0, 10, 0, "progress: 0/10 documents (0%), 0.0 documents/s, ETA ?"),
    (10, 10, 4, "progress: 10/10 documents (100%), 2.5 documents/s, ETA 0 s"),
    (0, 0, 1, "progress: 0/0 documents (100%), 0.0 documents/s, ETA ?"),
])
def test_format_progress(done, total, seconds, expected):
    assert format_progress(done, total, seconds) == expected


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("stream_type,expected", [
    (io.StringIO, ["progress: 2/4 documents (50%)", "progress: 4/4 documents (100%)"]),
    (Terminal, ["4/4", "documents/s, ETA"]),
])
def test_show_progress(stream_type, expected):
    stream = stream_type()
    with show_progress(stream) as update:
        for done in (0, 2, 4):
            update(done, 4)
    out = stream.getvalue()
    assert all(part in out for part in expected), out
    if stream_type is io.StringIO:
        assert out.count("\n") == 2  # plain lines: one per batch, none for the start


def test_show_progress_disabled():
    with show_progress(io.StringIO(), enabled=False) as update:
        assert update is None


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
