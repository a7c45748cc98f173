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
