"""Table declarations, DuckDB views and data contracts: the single source of truth."""

from schemas.tables import TABLES, Column, Table

__all__ = ["TABLES", "Column", "Table"]
