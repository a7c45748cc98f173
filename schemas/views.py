"""DuckDB view SQL derived from the table declarations."""

from __future__ import annotations

import pyarrow as pa

from schemas.tables import TABLES, Table

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


def render_select(table: Table, files: list[str]) -> str:
    """SELECT of a table's declared columns over its Parquet files (typed and empty when none)."""
    cols = ", ".join(
        f"CAST({quote_ident(c.name)} AS {duckdb_type(c.type)}) AS {quote_ident(c.name)}" for c in table.columns
    )
    if not files:
        nulls = ", ".join(
            f"CAST(NULL AS {duckdb_type(c.type)}) AS {quote_ident(c.name)}" for c in table.columns
        )
        return f"SELECT {nulls} WHERE false"
    file_list = "[" + ", ".join(quote_literal(f) for f in files) + "]"
    return f"SELECT {cols} FROM read_parquet({file_list}, union_by_name = true)"


def render_view(table: Table, files: list[str]) -> str:
    """CREATE VIEW statement for one table."""
    return f"CREATE OR REPLACE VIEW {quote_ident(table.name)} AS {render_select(table, files)}"


def render_views(files_by_table: dict[str, list[str]]) -> list[str]:
    """CREATE VIEW statements for every declared table."""
    return [render_view(t, files_by_table.get(name, [])) for name, t in TABLES.items()]
