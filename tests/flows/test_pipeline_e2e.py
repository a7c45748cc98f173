"""End to end: the real Prefect flow on the seed into a temporary warehouse, checked through DuckDB."""

import shutil
from datetime import date, datetime

import duckdb
import pytest

from flows.cli import main
from flows.settings import Settings
from tests.conftest import SEED

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_server):
    from flows.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("e2e")
    inputs = root / "input"
    (inputs / "wire").mkdir(parents=True)
    shutil.copy(SEED, inputs / "wire" / SEED.name)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    settings = Settings(input=inputs, warehouse=root / "wh").resolved()
    first = run_pipeline(settings)
    second = run_pipeline(settings)
    con = duckdb.connect(str(settings.warehouse / "newsetl.duckdb"), read_only=True)
    yield settings, first, second, con
    con.close()


def rows(con, sql):
    return con.sql(sql).fetchall()


def test_run_summaries(warehouse):
    _, first, second, _ = warehouse
    assert (first.n_seen, first.n_new, first.n_rejected, first.status) == (4, 1, 3, "completed")
    assert (second.n_seen, second.n_new, second.n_unchanged, second.n_rejected) == (4, 0, 4, 0)
    assert first.contract_failures == [] and second.contract_failures == []


def test_document(warehouse):
    *_, con = warehouse
    (doc,) = rows(con, "SELECT title, published_at, source_path, caption, position('Armenia asks' IN text) "
                       "FROM documents")
    assert doc == ("Armenia asks CSTO to remove country assistance document from agenda",
                   datetime(2024, 12, 23, 13, 53), f"wire/{SEED.name}", "Imangali Tasmagambetov", 0)


def test_rejects_have_reasons_and_rerun_adds_nothing(warehouse):
    *_, con = warehouse
    assert rows(con, "SELECT source_path, reason FROM rejects ORDER BY 1") == [
        ("binary.txt", "binary"), ("empty.txt", "empty"), ("photo.png", "unsupported")]
    assert rows(con, "SELECT count(*) FROM runs") == [(2,)]
    (total, distinct), = rows(con, "SELECT count(*), count(DISTINCT (doc_id, start_char)) FROM mentions")
    assert total == distinct > 0
    assert rows(con, "SELECT count(*) FROM documents") == [(1,)]


@pytest.mark.parametrize("name,type_", [
    ("Imangali Tasmagambetov", "PERSON"), ("Aleksandr Lukashenko", "PERSON"), ("Nikol Pashinyan", "PERSON"),
    ("Stanislav Zas", "PERSON"), ("Collective Security Treaty Organization", "ORG"), ("Armenia", "GPE"),
    ("Belarus", "GPE"), ("Minsk", "GPE"), ("Yerevan", "GPE"),
])
def test_entities(warehouse, name, type_):
    *_, con = warehouse
    assert rows(con, f"SELECT type FROM entities WHERE name = '{name}'") == [(type_,)]


def test_acronym_alias(warehouse):
    *_, con = warehouse
    assert rows(con, "SELECT list_contains(aliases, 'CSTO') FROM entities "
                     "WHERE name = 'Collective Security Treaty Organization'") == [(True,)]


EVENTS = """
SELECT e.type, a.name, t.name, e.event_date, e.date_precision, e.mode
FROM events e LEFT JOIN entities a ON a.entity_id = e.actor_entity_id
LEFT JOIN entities t ON t.entity_id = e.target_entity_id
"""


@pytest.mark.parametrize("expected", [
    ("REQUEST", "Armenia", "Collective Security Treaty Organization", None, None, "asserted"),
    ("CONSULT", "Imangali Tasmagambetov", "Aleksandr Lukashenko", date(2024, 11, 20), "day", "asserted"),
    ("REJECT", "Nikol Pashinyan", None, date(2022, 11, 1), "month", "asserted"),
])
def test_events(warehouse, expected):
    *_, con = warehouse
    assert expected in rows(con, EVENTS)


def test_planned_meetings(warehouse):
    *_, con = warehouse
    planned = rows(con, "SELECT event_date FROM events WHERE type = 'CONSULT' AND mode = 'planned' ORDER BY 1")
    assert planned == [(date(2024, 11, 22),), (date(2024, 11, 23),)]


def test_quote_speaker_and_amount(warehouse):
    *_, con = warehouse
    quotes = rows(con, "SELECT e.name FROM quotes q JOIN entities e ON e.entity_id = q.speaker_entity_id "
                       "WHERE q.text LIKE '%32 out of 34 measures%'")
    assert quotes == [("Imangali Tasmagambetov",)]
    assert (32.0, 34.0, "measures") in rows(con, "SELECT value, total, object FROM amounts")


def test_offsets_point_into_text(warehouse):
    *_, con = warehouse
    bad = rows(con, "SELECT count(*) FROM mentions m JOIN documents d USING (doc_id) "
                    "WHERE substr(d.text, m.start_char + 1, m.end_char - m.start_char) <> m.text")
    assert bad == [(0,)]


def test_cli_sql_formats(warehouse, capsys):
    settings, *_ = warehouse
    assert main(["sql", "SELECT name FROM entities WHERE name = 'Minsk'", "--warehouse",
                 str(settings.warehouse), "--format", "csv"]) == 0
    assert capsys.readouterr().out == "name\nMinsk\n"
    assert main(["sql", "SELECT 1 AS n", "--warehouse", str(settings.warehouse), "--format", "json"]) == 0
    assert capsys.readouterr().out == '{"n": 1}\n'


def test_cli_sql_error_is_one_line(warehouse, capsys):
    settings, *_ = warehouse
    assert main(["sql", "SELECT * FROM nope", "--warehouse", str(settings.warehouse)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsetl: ") and err.count("\n") == 1


def test_cli_sql_is_read_only(warehouse, capsys):
    settings, *_ = warehouse
    assert main(["sql", "CREATE TABLE x (a INT)", "--warehouse", str(settings.warehouse)]) == 2
    assert "read-only" in capsys.readouterr().err.lower()


def test_cli_run_prints_summary(tmp_path, prefect_server, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    assert main(["run", "--input", str(inputs), "--warehouse", str(tmp_path / "wh")]) == 0
    out = capsys.readouterr().out
    assert "1 new documents" in out and "most mentioned entities" in out


def test_cli_run_missing_input(tmp_path, capsys):
    assert main(["run", "--input", str(tmp_path / "missing"), "--warehouse", str(tmp_path / "wh")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and err.count("\n") == 1


def test_cli_run_unwritable_warehouse(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["run", "--input", str(tmp_path), "--warehouse", str(blocker / "wh")]) == 2
    assert "not writable" in capsys.readouterr().err
