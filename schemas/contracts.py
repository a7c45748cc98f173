"""Data contracts derived from the declarations: each is a SQL count of violating rows."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.tables import TABLES
from schemas.views import history_name, quote_ident, quote_literal


def _relation(name: str) -> str:
    """The view holding every row ever written for a table: contracts hold for history too."""
    table = TABLES[name]
    return quote_ident(history_name(table) if table.current else table.name)


@dataclass(frozen=True)
class Contract:
    """One check on one table; `sql` counts the rows that break it."""

    table: str
    name: str
    sql: str


def render_contracts() -> list[Contract]:
    """Every contract the declarations imply (keys unique, not-null, accepted values, references), over history."""
    out: list[Contract] = []
    for t in TABLES.values():
        q = _relation(t.name)
        if t.key:
            key = ", ".join(quote_ident(k) for k in t.key)
            out.append(Contract(t.name, f"unique({', '.join(t.key)})",
                                f"SELECT count(*) FROM (SELECT {key} FROM {q} GROUP BY ALL HAVING count(*) > 1)"))
        for c in t.columns:
            col = quote_ident(c.name)
            if not c.nullable:
                out.append(Contract(t.name, f"not_null({c.name})", f"SELECT count(*) FROM {q} WHERE {col} IS NULL"))
            if c.accepted:
                values = ", ".join(quote_literal(v) for v in c.accepted)
                out.append(Contract(t.name, f"accepted_values({c.name})",
                                    f"SELECT count(*) FROM {q} WHERE {col} IS NOT NULL AND {col} NOT IN ({values})"))
            if c.references:
                ref_table, ref_col = c.references.split(".")
                out.append(Contract(
                    t.name, f"references({c.name} -> {c.references})",
                    f"SELECT count(*) FROM {q} WHERE {col} IS NOT NULL AND {col} NOT IN "
                    f"(SELECT {quote_ident(ref_col)} FROM {_relation(ref_table)})",
                ))
    return out
