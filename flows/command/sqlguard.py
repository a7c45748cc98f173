"""The safety guard of `newsetl sql`: a locked-down read-only session, one checked statement, one-line errors.

Public surface: `open_session(root)`, `check_query(query, root)`, `explain_error(exc, con, statement)` and the
`QueryRefused` error. The check reads DuckDB's own parse tree (`extract_statements`, `json_serialize_sql`); the
session is the second wall: catalog attached read-only, external access off except for the warehouse folder.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import duckdb

from transforms.errors import NewsetlError, TerminalError

__all__ = ["QueryRefused", "open_session", "check_query", "explain_error"]

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
NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
EXPLAIN_PREFIX = re.compile(r"^(\s|--[^\n]*\n|/\*.*?\*/)*EXPLAIN(\s+ANALY[SZ]E)?\s+", re.IGNORECASE | re.DOTALL)
LEADING_WORDS = re.compile(r"^(?:\s|--[^\n]*\n|/\*.*?\*/|\()*([A-Za-z_]+)(?:\s+([A-Za-z_]+))?", re.DOTALL)
TWO_WORD_STATEMENTS = {"EXPORT", "IMPORT", "FORCE", "MERGE"}
URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class QueryRefused(TerminalError):
    """A query `newsetl sql` will not run: it does not parse, or it could write or reach outside the warehouse."""


# --- the session ------------------------------------------------------------------------------------------


def open_session(root: Path, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory session with the catalog attached read-only, file access locked to the warehouse, memory capped."""
    from flows.store.catalog import reader_config
    from flows.store.warehouse import CATALOG, Warehouse
    from schemas.views import quote_literal

    catalog = root / CATALOG
    if not catalog.exists():
        raise NewsetlError(f"no warehouse at {root}: run `newsetl run` first")
    Warehouse(root).verify()
    con = duckdb.connect(":memory:", config=NO_EXTENSIONS | reader_config(root))
    try:
        con.execute(f"ATTACH {quote_literal(str(catalog))} AS newsetl (READ_ONLY)")
        con.execute("USE newsetl")
        con.execute("SET python_enable_replacements = false")
        # the catalog's views name their files relative to the warehouse (found through file_search_path)
        con.execute(f"SET allowed_directories = [{quote_literal(str(root.resolve()) + os.sep)}, 'tables/']")
        con.execute("SET enable_external_access = false")
        if memory_limit:
            con.execute(f"SET memory_limit = {quote_literal(memory_limit)}")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise NewsetlError(f"cannot open {catalog}: {shorten_message(str(exc))}") from None
    return con


# --- the statement check ----------------------------------------------------------------------------------


def check_query(query: str, root: Path) -> str:
    """The query's single statement if it only reads the warehouse at `root`; else QueryRefused, one line."""
    statement = extract_single_statement(query)
    kind = statement.type.name
    if kind not in ALLOWED_STATEMENTS:
        raise QueryRefused(describe_refusal(kind, statement.query))
    select = strip_explain(statement.query) if kind == "EXPLAIN" else statement.query
    try:
        check_relations(parse_tree(select), root)
    except RecursionError:
        raise QueryRefused("refused: the query is nested too deeply to check; write it with fewer nested "
                           "brackets or subqueries") from None
    return statement.query


def extract_single_statement(query: str):
    """The one statement DuckDB's parser finds in the query; refuses none, several, or a syntax error."""
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise QueryRefused(shorten_message(str(exc))) from None
    if len(statements) != 1:
        raise QueryRefused(f"refused: give exactly one statement (found {len(statements)})")
    return statements[0]


def strip_explain(query: str) -> str:
    """The SELECT under an EXPLAIN [ANALYZE]; refuses EXPLAIN of anything else."""
    select = EXPLAIN_PREFIX.sub("", query)
    try:
        kinds = [s.type.name for s in duckdb.extract_statements(select)]
    except duckdb.Error:  # e.g. EXPLAIN (FORMAT json) SELECT …: options the check cannot see through
        kinds = []
    if kinds != ["SELECT"]:
        raise QueryRefused(f"refused: only EXPLAIN [ANALYZE] SELECT …; {READ_ONLY_HINT}")
    return select


def describe_refusal(kind: str, query: str) -> str:
    """The one-line reason a statement is refused, naming it by its own leading keywords."""
    if kind == "MULTI":  # a PIVOT whose values are not listed runs a query first to find them
        return ("refused: a PIVOT without an IN list runs more than one statement; list its values: "
                "PIVOT t ON col IN ('a', 'b') USING count(*)")
    hint = "; to save a result use --format csv|json|parquet --out FILE" if kind == "COPY" else ""
    return f"refused: {name_statement(query)} statements are not allowed: {READ_ONLY_HINT}{hint}"


def name_statement(query: str) -> str:
    """A statement's leading keyword, two for EXPORT DATABASE, FORCE CHECKPOINT and the like."""
    words = LEADING_WORDS.match(query)
    if not words:
        return "such"
    first, second = words.group(1).upper(), (words.group(2) or "").upper()
    return f"{first} {second}" if first in TWO_WORD_STATEMENTS and second else first


def parse_tree(select: str) -> dict:
    """DuckDB's own parse tree of a SELECT (json_serialize_sql), from a throwaway in-memory session."""
    con = duckdb.connect(":memory:", config=NO_EXTENSIONS)
    try:
        tree = serialize_sql(con, select)
    finally:
        con.close()
    if tree.get("error"):
        raise QueryRefused(f"refused: cannot check this query ({tree.get('error_message')}); "
                           "write it as a plain SELECT")
    return tree


def serialize_sql(con, sql: str) -> dict:
    """json_serialize_sql of a statement, as a dict."""
    return json.loads(con.sql("SELECT json_serialize_sql(?)", params=[sql]).fetchall()[0][0])


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
            check_table_function(node.get("function") or {}, root)
        elif node.get("type") == "BASE_TABLE" and not node.get("schema_name") and not node.get("catalog_name"):
            name = str(node.get("table_name", ""))
            if any(ch in name for ch in "/.*\\"):  # DuckDB reads `FROM 'file.csv'` as a file (replacement scan)
                check_path(name, root)


def check_table_function(function: dict, root: Path) -> None:
    """Allow a known-safe table function, or a file reader whose literal paths lie in the warehouse."""
    name = str(function.get("function_name", "")).lower()
    if name in FILE_FUNCTIONS:
        for path in find_literal_paths(name, function):
            check_path(path, root)
    elif name not in SAFE_FUNCTIONS and not name.startswith("duckdb_"):
        raise QueryRefused(f"refused: table function {name}() is not allowed: {READ_ONLY_HINT}")


def find_literal_paths(name: str, function: dict) -> list[str]:
    """The file paths a file-reading table function is given; refuses paths that are not literal strings."""
    arguments = function.get("arguments")
    if arguments is None:
        arguments = [{"expression": child} for child in function.get("children", [])]
    positional = [a.get("expression") or {} for a in arguments if not a.get("name")]
    if not positional:
        raise QueryRefused(f"refused: {name}() needs a file path")
    first = positional[0]
    items = [a.get("expression") or {} for a in first.get("arguments", [])] if (
        first.get("function_name") == "list_value") else [first]
    paths = []
    for item in items:
        literal = item.get("literal") or {}
        if item.get("class") != "CONSTANT" or not isinstance(literal.get("text"), str):
            raise QueryRefused(f"refused: {name}() must be given literal file paths")
        paths.append(literal["text"])
    return paths


def check_path(path: str, root: Path) -> None:
    """Refuse a file path (or glob) that is a URL or lies outside the warehouse folder."""
    if URL.match(path):
        raise QueryRefused(f"refused: {path} is not a local file: newsetl sql reads only files in the warehouse")
    real = os.path.realpath(os.path.expanduser(path))
    base = str(root.resolve())
    if real != base and not real.startswith(base + os.sep):
        raise QueryRefused(f"refused: {path} is outside the warehouse {base}: "
                           "newsetl sql reads only files in the warehouse")


# --- error translation ------------------------------------------------------------------------------------


def explain_error(exc: Exception, con, statement: str) -> str:
    """A one-line answer to a failed query: the tables for an unknown table, the columns for an unknown column."""
    message = str(exc)
    if m := re.search(r'Table with name (\S+) does not exist', message):
        return f"no table {m.group(1)}; tables: {', '.join(list_catalog_columns(con))}"
    column = re.search(r'Referenced column "([^"]+)" not found|(?:Values list|Table) "([^"]+)" does not have a '
                       r'column named "([^"]+)"', message)
    if column:
        columns = list_catalog_columns(con)
        tables = map_aliases(con, statement)
        if column.group(2):
            name, wanted = column.group(3), [tables.get(column.group(2), column.group(2))]
        else:
            name, wanted = column.group(1), sorted(set(tables.values()))
        known = [t for t in wanted if t in columns]
        if known:
            listing = "; ".join(f"{t} has {', '.join(columns[t])}" for t in known)
            return f"no column {name} in {' or '.join(known)}: {listing}"
    return shorten_message(message)


def list_catalog_columns(con) -> dict[str, list[str]]:
    """Each table and view of the attached catalog with its column names."""
    rows = con.sql("SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
                   "WHERE database_name = current_database() AND schema_name = 'main' "
                   "GROUP BY table_name ORDER BY table_name").fetchall()
    return dict(rows)


def map_aliases(con, statement: str) -> dict[str, str]:
    """Alias (or name) → table name for every base table a query reads."""
    try:
        tree = serialize_sql(con, statement)
    except Exception:  # only used to improve a message
        return {}
    return {(n.get("alias") or n["table_name"]): n["table_name"]
            for n in walk_nodes(tree) if n.get("type") == "BASE_TABLE" and n.get("table_name")}


def shorten_message(message: str) -> str:
    """DuckDB's message in one line: the first line, plus its 'Did you mean' / 'Candidate' hint."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if not lines:
        return "query failed"
    hint = next((line for line in lines[1:3] if line.startswith(("Did you mean", "Candidate"))), None)
    return f"{lines[0]} ({hint})" if hint else lines[0]
