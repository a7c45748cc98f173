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


def new_name(table: str) -> str:
    """The relation of the rows a run is adding to a table (checked before they are published)."""
    return quote_ident(f"new_{table}")


def all_name(table: str) -> str:
    """The relation of every row of a table once the run's rows are added."""
    return quote_ident(f"all_{table}")


def is_document_scoped(table: str) -> bool:
    """Whether a table's rows belong to a document (written with it, in the same run)."""
    return any(c.references == "documents.doc_id" for c in TABLES[table].columns) and table != "documents"


def render_new_row_contracts(tables: list[str]) -> list[Contract]:
    """The contracts restricted to the rows a run adds, so a run's check costs what it adds, not what is stored.

    Not-null, accepted values and references are checked on the new rows (a document's facts must reference a
    document the run writes). Keys: a document's facts are written with it and documents.doc_id is checked
    unique against every stored document, so a document-scoped table's key need only be unique among the new
    rows; other tables' new keys are checked against every row.
    """
    out: list[Contract] = []
    for name in tables:
        t, new = TABLES[name], new_name(name)
        if t.key:
            key = ", ".join(quote_ident(k) for k in t.key)
            source = new
            if not is_document_scoped(name):
                match = " AND ".join(f"a.{quote_ident(k)} IS NOT DISTINCT FROM n.{quote_ident(k)}" for k in t.key)
                source = f"(SELECT * FROM {all_name(name)} a WHERE EXISTS (SELECT 1 FROM {new} n WHERE {match}))"
            out.append(Contract(name, f"unique({', '.join(t.key)})",
                                f"SELECT count(*) FROM (SELECT {key} FROM {source} GROUP BY ALL HAVING count(*) > 1)"))
        for c in t.columns:
            col = quote_ident(c.name)
            if not c.nullable:
                out.append(Contract(name, f"not_null({c.name})", f"SELECT count(*) FROM {new} WHERE {col} IS NULL"))
            if c.accepted:
                values = ", ".join(quote_literal(v) for v in c.accepted)
                out.append(Contract(name, f"accepted_values({c.name})",
                                    f"SELECT count(*) FROM {new} WHERE {col} IS NOT NULL AND {col} NOT IN ({values})"))
            if c.references:
                ref_table, ref_col = c.references.split(".")
                target = new_name(ref_table) if is_document_scoped(name) and ref_table == "documents" \
                    else all_name(ref_table)
                out.append(Contract(
                    name, f"references({c.name} -> {c.references})",
                    f"SELECT count(*) FROM {new} WHERE {col} IS NOT NULL AND {col} NOT IN "
                    f"(SELECT {quote_ident(ref_col)} FROM {target})",
                ))
    return out
