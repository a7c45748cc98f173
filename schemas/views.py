"""DuckDB view SQL derived from the table declarations."""

from __future__ import annotations

import pyarrow as pa

from schemas.tables import RETIRED_DOCUMENTS, TABLES, Table

_SCALARS = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.date32(): "DATE",
    pa.timestamp("us"): "TIMESTAMP",
    pa.bool_(): "BOOLEAN",
}


def duckdb_type(arrow_type: pa.DataType) -> str:
    """DuckDB type name of an Arrow type used in the schemas."""
    if pa.types.is_list(arrow_type):
        return duckdb_type(arrow_type.value_type) + "[]"
    return _SCALARS[arrow_type]


def quote_literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    """A SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def render_casts(columns) -> str:
    """The select list casting each declared column to its DuckDB type."""
    return ", ".join(f"CAST({quote_ident(c.name)} AS {duckdb_type(c.type)}) AS {quote_ident(c.name)}" for c in columns)


def render_select(table: Table, files: list[str]) -> str:
    """SELECT of a table's declared columns over its Parquet files (typed and empty when none)."""
    cols = render_casts(table.columns)
    if not files:
        nulls = ", ".join(
            f"CAST(NULL AS {duckdb_type(c.type)}) AS {quote_ident(c.name)}" for c in table.columns
        )
        return f"SELECT {nulls} WHERE false"
    file_list = "[" + ", ".join(quote_literal(f) for f in files) + "]"
    return f"SELECT {cols} FROM read_parquet({file_list}, union_by_name = true)"


def history_name(table: Table) -> str:
    """Name of the view holding every version of a table's rows."""
    return f"{table.name}_history"


def render_order(table: Table, alias: str = "") -> str:
    """ORDER BY list of a table's declared file order (nulls last), columns prefixed with alias."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}{quote_ident(c)}{' DESC' if desc else ''} NULLS LAST" for c, desc in table.sort_keys)


def render_sorted(table: Table, sql: str) -> str:
    """A query's rows in the table's declared file order (the query itself when the table declares none)."""
    return f"SELECT * FROM ({sql}) ORDER BY {render_order(table)}" if table.order else sql


def render_latest(table: Table, files: list[str], select=render_select) -> str:
    """SELECT of a keep_latest table's current rows, its files in write order: each file's rows whose key no later
    file holds. The same rows as its declared rule (every file holds one row per key, a later file a later
    version), without aggregating the whole history at each query: the later files are the small ones.
    select(table, files) gives the SELECT of some of the files' rows."""
    keys = ", ".join(quote_ident(k) for k in table.keep_latest)
    parts = []
    for i, file in enumerate(files):
        part = f"SELECT * FROM ({select(table, [file])})"
        if later := files[i + 1:]:
            part += f" ANTI JOIN (SELECT {keys} FROM ({select(table, later)})) USING ({keys})"
        parts.append(part)
    return " UNION ALL ".join(parts)


def render_view(table: Table, files: list[str]) -> list[str]:
    """CREATE statements for one table: <name> (a view, or a table when declared materialized), and
    <name>_history when it keeps history."""
    select = render_select(table, files)
    if table.current is None:
        return [f"CREATE OR REPLACE VIEW {quote_ident(table.name)} AS {select}"]
    history = quote_ident(history_name(table))
    kind = "TABLE" if table.materialize else "VIEW"
    rule = table.current if table.current.startswith("ANTI JOIN ") else f"WHERE {table.current}"
    current = f"SELECT * FROM {history} {rule}"
    if table.keep_latest and files:
        current = render_latest(table, files)
    return [
        f"CREATE OR REPLACE VIEW {history} AS {select}",
        f"CREATE OR REPLACE {kind} {quote_ident(table.name)} AS {current}",
    ]


def _view_order(table: Table) -> int:
    # a current-state filter reads other views: plain tables and registries (their own history) first, then
    # documents and rejects (sources), then what hangs off documents or entities
    if table.current is None or history_name(table) in table.current:
        return 0
    return 1 if "FROM sources" in table.current else 2


def render_retired_documents() -> str:
    """CREATE TABLE statement of the document versions no longer current (the fact tables' rule reads it)."""
    return (f"CREATE OR REPLACE TABLE {RETIRED_DOCUMENTS} AS "
            "SELECT doc_id FROM documents_history EXCEPT SELECT doc_id FROM documents")


def render_views(files_by_table: dict[str, list[str]]) -> list[str]:
    """CREATE VIEW statements for every declared table, in dependency order."""
    statements = []
    for order in (0, 1, 2):
        if order == 2:  # after documents, before the facts whose rule reads it
            statements.append(render_retired_documents())
        statements += [sql for t in TABLES.values() if _view_order(t) == order
                       for sql in render_view(t, files_by_table.get(t.name, []))]
    return statements
