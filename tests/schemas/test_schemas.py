from datetime import datetime

import duckdb
import pyarrow as pa
import pytest

from schemas import TABLES
from schemas.contracts import render_contracts
from schemas.views import duckdb_type, render_view, render_views
from schemas.vocab import EVENT_TYPES

REQUIRED = {
    "documents": ["doc_id", "source_path", "content_sha256", "title", "published_at", "language", "text",
                  "n_words", "run_id", "ingested_at"],
    "sentences": ["doc_id", "sentence_idx", "paragraph_idx", "start_char", "end_char", "text"],
    "entities": ["entity_id", "name", "type", "country_code", "aliases"],
    "mentions": ["doc_id", "entity_id", "sentence_idx", "start_char", "end_char", "text", "type"],
    "quotes": ["doc_id", "quote_id", "sentence_idx", "start_char", "end_char", "text", "speaker_entity_id",
               "speaker_text"],
    "events": ["doc_id", "event_id", "sentence_idx", "type", "trigger", "actor_entity_id", "actor_text",
               "target_entity_id", "target_text", "location_entity_id", "date_text", "event_date",
               "date_precision", "mode"],
    "amounts": ["doc_id", "sentence_idx", "value", "total", "object", "text"],
    "rejects": ["source_path", "reason", "detail", "run_id", "rejected_at"],
    "runs": ["run_id", "started_at", "finished_at", "status", "n_seen", "n_new", "n_unchanged", "n_rejected",
             "pipeline_version"],
}


@pytest.mark.parametrize("name,columns", REQUIRED.items())
def test_tables_declare_required_columns(name, columns):
    assert set(columns) <= set(TABLES[name].column_names)


@pytest.mark.parametrize("arrow_type,sql", [
    (pa.string(), "VARCHAR"), (pa.int32(), "INTEGER"), (pa.list_(pa.string()), "VARCHAR[]"),
    (pa.timestamp("us"), "TIMESTAMP"), (pa.date32(), "DATE"), (pa.float64(), "DOUBLE"),
])
def test_duckdb_type(arrow_type, sql):
    assert duckdb_type(arrow_type) == sql


def test_empty_views_are_typed_and_contracts_run():
    con = duckdb.connect()
    for statement in render_views({}):
        con.execute(statement)
    described = {row[0]: row[1] for row in con.sql("DESCRIBE events").fetchall()}
    assert described["event_date"] == "DATE" and described["sentence_idx"] == "INTEGER"
    for contract in render_contracts():
        assert con.sql(contract.sql).fetchall()[0][0] == 0, contract.name


def test_view_over_parquet_and_accepted_values_contract(tmp_path):
    import pyarrow.parquet as pq

    table = TABLES["events"]
    rows = [{"doc_id": "d", "event_id": "e1", "sentence_idx": 0, "type": "MEET", "trigger": "meet",
             "mode": "asserted", "confidence": 0.8}]
    path = tmp_path / "events.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=table.arrow_schema), path)
    con = duckdb.connect()
    for statement in render_views({}):
        con.execute(statement)
    for statement in render_view(table, [str(path)]):
        con.execute(statement)
    broken = {c.name for c in render_contracts() if c.table == "events" and con.sql(c.sql).fetchall()[0][0]}
    assert "accepted_values(type)" in broken
    assert "MEET" not in EVENT_TYPES


def pair(a, b, sentences, month):
    return {"entity_id_a": a, "entity_id_b": b, "sentences": sentences, "documents": 1,
            "recorded_at": datetime(2025, month, 1)}


@pytest.mark.parametrize("files", [
    [],
    [[pair("E1", "E2", 3, 1), pair("E1", "E3", 1, 1)]],
    # each file one row per key, later files later versions: (E1, E2) as of file 3, (E1, E3) as of file 2,
    # (E2, E3) as of file 1; a pair whose sentences went to zero keeps its zero row
    [[pair("E1", "E2", 3, 1), pair("E1", "E3", 1, 1), pair("E2", "E3", 5, 1)],
     [pair("E1", "E2", 4, 2), pair("E1", "E3", 0, 2)],
     [pair("E1", "E2", 6, 3), pair("E3", "E4", 1, 3)]],
])
def test_current_rows_of_a_keep_latest_table_are_its_declared_rule(tmp_path, files):
    import pyarrow.parquet as pq

    table = TABLES["pair_totals"]
    paths = []
    for n, rows in enumerate(files):
        paths.append(str(tmp_path / f"{n}.parquet"))
        pq.write_table(pa.Table.from_pylist(rows, schema=table.arrow_schema), paths[-1])
    con = duckdb.connect()
    for statement in render_view(table, paths):
        con.execute(statement)
    assert table.keep_latest and (len(paths) < 2 or "GROUP BY" not in con.sql(
        "SELECT sql FROM duckdb_views() WHERE view_name = 'pair_totals'").fetchall()[0][0])
    declared = con.sql(f"SELECT * FROM pair_totals_history WHERE {table.current} ORDER BY ALL").fetchall()
    assert con.sql("SELECT * FROM pair_totals ORDER BY ALL").fetchall() == declared
    assert len(declared) == len({(r[0], r[1]) for f in files for r in [tuple(x.values()) for x in f]})
