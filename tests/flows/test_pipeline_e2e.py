"""End to end: the real Prefect flow on the seed into a temporary warehouse, checked through DuckDB."""

import shutil
from datetime import date, datetime

import pytest

from flows.command.cli import main
from tests.conftest import SEED

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def warehouse(seed_warehouse):
    """The session's seed warehouse (tests/conftest.py): the flow runs once for every test module."""
    return seed_warehouse


def rows(con, sql):
    return con.sql(sql).fetchall()


def test_run_summaries(warehouse):
    _, first, second, _ = warehouse
    assert (first.n_seen, first.n_new, first.n_documents, first.n_rejected, first.status) == (4, 4, 1, 3, "completed")
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
WHERE e.confidence >= 0.5
"""


@pytest.mark.parametrize("expected", [
    ("REQUEST", "Armenia", "Collective Security Treaty Organization", None, None, "asserted"),
    ("CONSULT", "Imangali Tasmagambetov", "Aleksandr Lukashenko", date(2024, 11, 20), "day", "asserted"),
    ("REJECT", "Nikol Pashinyan", "*", date(2022, 11, 1), "month", "asserted"),  # "*": any target
])
def test_events(warehouse, expected):
    *_, con = warehouse
    found = [row if expected[2] != "*" else (*row[:2], "*", *row[3:]) for row in rows(con, EVENTS)]
    assert expected in found


def test_planned_meetings(warehouse):
    *_, con = warehouse
    planned = rows(con, "SELECT DISTINCT event_date FROM event_timeline WHERE type = 'CONSULT' AND mode = 'planned' "
                        "ORDER BY 1")
    assert planned == [(date(2024, 11, 22),), (date(2024, 11, 23),)]


def test_event_timeline_keeps_confident_events_only(warehouse):
    *_, con = warehouse
    shown = rows(con, "SELECT count(*), min(confidence) FROM event_timeline")[0]
    confident = rows(con, "SELECT count(*) FROM events WHERE confidence >= 0.5")[0][0]
    assert shown[0] == confident > 0 and shown[1] >= 0.5


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


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, prefect_server):
    """A messy folder of every format, encoding, duplicates and garbage; run, re-run, then one more copy."""
    import duckdb

    from flows.run.pipeline import run_pipeline
    from flows.settings import Settings
    from tests.samples import FRENCH, META_PAGE, RUSSIAN, make_gzip, make_json, make_jsonl

    root = tmp_path_factory.mktemp("mixed")
    inputs = root / "input"
    story = SEED.read_text()
    files = {
        "archive/seed.txt": SEED.read_bytes(),
        "copies/seed.txt.gz": make_gzip(story.encode("utf-16")),
        "copies/seed.json": make_json({"headline": "Armenia asks CSTO", "articleBody": story.split("\n", 6)[-1]}),
        "pages/talks.html": META_PAGE.encode(),
        "fr/article.txt": f"Négociations\n\n{FRENCH}".encode("cp1252"),
        "ru/article.txt": f"Переговоры\n\n{RUSSIAN}".encode("cp1251"),
        "feed.jsonl": make_jsonl({"title": "One", "text": "lucknow: The state government said on Monday that "
                                                           "schools would reopen next week."}) + b"{oops\n"
                      + make_jsonl({"title": "Two", "text": "This story is from March 10, 2002\n\nThe city council "
                                                            "met on Sunday and approved the budget."}),
        "bad.json": b'{"title": "x", "text": ',
        "broken.txt.gz": make_gzip(story.encode())[:-8],
        "big.txt": b"word " * 12_000,
        "empty.md": b"",
        "image.png": b"\x89PNG\r\n\x1a\n\x00\x00",
        "noise": bytes(range(256)) * 4,
    }
    for name, data in files.items():
        (inputs / name).parent.mkdir(parents=True, exist_ok=True)
        (inputs / name).write_bytes(data)
    settings = Settings(input=inputs, warehouse=root / "wh", max_file_bytes=50_000).resolved()
    first = run_pipeline(settings)
    second = run_pipeline(settings)
    (inputs / "later").mkdir()
    (inputs / "later" / "again.txt").write_text(story.replace("13:53,23-12-2024", "08:00,24-12-2024"))
    third = run_pipeline(settings)
    from flows.store.catalog import reader_config

    con = duckdb.connect(str(settings.warehouse / "newsetl.duckdb"), read_only=True,
                         config=reader_config(settings.warehouse))
    yield first, second, third, con
    con.close()


def test_mixed_folder_summaries(mixed):
    first, second, third, _ = mixed
    assert (first.n_seen, first.n_new, first.n_documents, first.n_rejected) == (13, 13, 8, 7)
    assert first.rejects_by_reason == {"binary": 1, "corrupt_gzip": 1, "empty": 1, "malformed_json": 2,
                                       "too_large": 1, "unsupported": 1}
    assert (second.n_new, second.n_rejected, second.n_unchanged) == (0, 0, 13)
    assert (third.n_seen, third.n_new, third.n_unchanged) == (14, 1, 13)
    assert first.contract_failures == second.contract_failures == third.contract_failures == []


def test_mixed_folder_documents(mixed):
    *_, con = mixed
    got = rows(con, "SELECT source_path, source_record, source_format, encoding, language, analyzed, dateline_place, "
                    "published_at FROM documents ORDER BY source_path, source_record")
    assert got == [
        ("archive/seed.txt", None, "text", "utf-8", "en", True, None, datetime(2024, 12, 23, 13, 53)),
        ("copies/seed.json", None, "json", "utf-8", "en", False, None, None),
        ("copies/seed.txt.gz", None, "text", "utf-16", "en", False, None, datetime(2024, 12, 23, 13, 53)),
        ("feed.jsonl", 1, "jsonl", "utf-8", "en", True, "Lucknow", None),
        ("feed.jsonl", 3, "jsonl", "utf-8", "en", True, None, datetime(2002, 3, 10)),
        ("fr/article.txt", None, "text", "cp1252", "fr", False, None, None),
        ("later/again.txt", None, "text", "utf-8", "en", False, None, datetime(2024, 12, 24, 8, 0)),
        ("pages/talks.html", None, "html", "utf-8", "en", True, None, datetime(2025, 3, 5, 9, 10)),
        ("ru/article.txt", None, "text", "cp1251", "ru", False, None, None),
    ]


def test_mixed_folder_duplicates_point_to_the_first_copy_across_runs(mixed):
    *_, con = mixed
    dups = rows(con, "SELECT d.source_path, o.source_path, d.run_id <> o.run_id FROM documents d "
                     "JOIN documents o ON o.doc_id = d.duplicate_of ORDER BY 1")
    assert dups == [("copies/seed.json", "archive/seed.txt", False), ("copies/seed.txt.gz", "archive/seed.txt", False),
                    ("later/again.txt", "archive/seed.txt", True)]
    notes = dict(rows(con, "SELECT source_path, notes[1] FROM documents WHERE NOT analyzed"))
    assert notes["copies/seed.txt.gz"].startswith("not analyzed: an exact copy of ")
    assert notes["copies/seed.json"].startswith("not analyzed: a near-duplicate")
    assert notes["fr/article.txt"].startswith("not analyzed: language is 'fr'")


def test_mixed_folder_counts_each_story_once(mixed):
    *_, con = mixed
    analyzed = rows(con, "SELECT DISTINCT d.source_path FROM sentences JOIN documents d USING (doc_id) ORDER BY 1")
    assert analyzed == [("archive/seed.txt",), ("feed.jsonl",), ("pages/talks.html",)]
    (n,), = rows(con, "SELECT count(*) FROM mentions m JOIN entities e USING (entity_id) WHERE e.name = 'Armenia'")
    (one,), = rows(con, "SELECT count(*) FROM mentions m JOIN entities e USING (entity_id) JOIN documents d "
                        "USING (doc_id) WHERE e.name = 'Armenia' AND d.source_path = 'archive/seed.txt'")
    assert n == one > 0


def test_mixed_folder_rejects(mixed):
    *_, con = mixed
    assert rows(con, "SELECT source_path, source_record, reason FROM rejects ORDER BY 1, 2") == [
        ("bad.json", None, "malformed_json"), ("big.txt", None, "too_large"), ("broken.txt.gz", None, "corrupt_gzip"),
        ("empty.md", None, "empty"), ("feed.jsonl", 2, "malformed_json"), ("image.png", None, "unsupported"),
        ("noise", None, "binary")]
    assert rows(con, "SELECT count(*) FROM rejects WHERE detail IS NULL OR detail = ''") == [(0,)]
