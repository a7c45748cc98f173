"""Records to Arrow tables shaped by the declared schemas."""

from __future__ import annotations

import dataclasses

import pyarrow as pa

from schemas.tables import TABLES


def to_arrow(table_name: str, rows: list[dict]) -> pa.Table:
    """An Arrow table of the declared schema; unknown keys are an error, missing ones null."""
    schema = TABLES[table_name].arrow_schema
    names = set(schema.names)
    for row in rows[:1]:
        extra = set(row) - names
        if extra:
            raise KeyError(f"{table_name}: columns not in the schema: {sorted(extra)}")
    return pa.Table.from_pylist(rows, schema=schema)


def record_rows(records, **extra) -> list[dict]:
    """Dataclass records to row dicts, with extra columns added to each."""
    return [{**dataclasses.asdict(r), **extra} for r in records]
