"""The `newsetl sql` guard on its own: statement checks, path checks and error translation, without a warehouse."""

import duckdb
import pytest

from flows.command.sqlguard import QueryRefused, check_query, explain_error, open_session
from transforms.errors import NewsetlError


@pytest.mark.parametrize("query", [
    "SELECT 1",
    "FROM entities",
    "SELECT * FROM read_parquet('{root}/tables/runs/*.parquet')",
    "SELECT * FROM range(3)",
    "EXPLAIN ANALYZE SELECT 1",
])
def test_check_query_returns_the_statement_to_run(tmp_path, query):
    assert check_query(query.format(root=tmp_path) + ";", tmp_path) == query.format(root=tmp_path) + ";"


@pytest.mark.parametrize("query,reason", [
    ("DROP VIEW entities", "DROP statements are not allowed"),
    ("SELECT 1; SELECT 2", "exactly one statement"),
    ("SELEC 1", "syntax error"),
    ("SELECT * FROM read_csv('{root}/../x.csv')", "outside the warehouse"),
    ("SELECT * FROM 'https://example.com/x.csv'", "not a local file"),
    ("SELECT * FROM read_csv(getenv('HOME'))", "literal file paths"),
    ("SELECT * FROM read_csv()", "needs a file path"),
    ("SELECT * FROM query_table('entities')", "query_table() is not allowed"),
    ("EXPLAIN (FORMAT json) SELECT 1", "only EXPLAIN [ANALYZE] SELECT"),
])
def test_check_query_refuses_in_one_line(tmp_path, query, reason):
    with pytest.raises(QueryRefused) as caught:
        check_query(query.format(root=tmp_path), tmp_path)
    assert reason in str(caught.value) and "\n" not in str(caught.value)
    assert isinstance(caught.value, NewsetlError)


@pytest.fixture
def con():
    """A session with two small views, standing in for the attached catalog (whose tables are all views)."""
    con = duckdb.connect(":memory:")
    con.execute("CREATE VIEW entities AS SELECT 'e1' AS entity_id, 'Minsk' AS name")
    con.execute("CREATE VIEW mentions AS SELECT 'd1' AS doc_id, 'e1' AS entity_id")
    yield con
    con.close()


@pytest.mark.parametrize("statement,expected", [
    ("SELECT * FROM nope", "no table nope; tables: entities, mentions"),
    ("SELECT nope FROM entities", "no column nope in entities: entities has entity_id, name"),
    ("SELECT e.nope FROM entities e", "no column nope in entities: entities has entity_id, name"),
    ("SELECT 1 +", "syntax error"),
])
def test_explain_error_names_what_exists(con, statement, expected):
    with pytest.raises(duckdb.Error) as caught:
        con.sql(statement).fetchall()
    message = explain_error(caught.value, con, statement)
    assert expected in message and "\n" not in message


def test_open_session_needs_a_catalog(tmp_path):
    with pytest.raises(NewsetlError, match="run `newsetl run` first"):
        open_session(tmp_path)
