"""Records to Arrow tables shaped by the declared schemas."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

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
    """Flat dataclass records to row dicts, with extra columns added to each (values as they are:
    dataclasses.asdict's deep copy was a fifth of the cost of building a batch's tables)."""
    return [{**{name: getattr(r, name) for name in field_names(type(r))}, **extra} for r in records]


@lru_cache(maxsize=None)
def field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, in order."""
    return tuple(f.name for f in dataclasses.fields(cls))
