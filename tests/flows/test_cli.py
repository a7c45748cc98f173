"""The command line: safe read-only SQL, output formats, `newsetl tables`, progress display."""

import io
import shutil

import pyarrow.parquet as pq
import pytest

from flows.cli import format_duration, format_progress, main, show_progress
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
    assert main(["run", "--input", str(inputs), "--warehouse", str(tmp_path / "wh")]) == 0
    assert "progress: 1/1 documents (100%)" in capsys.readouterr().err
