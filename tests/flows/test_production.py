"""Production behaviour of runs: incremental change and delete, crash safety, locking, compaction."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.store.catalog import reader_config
from flows.command.cli import main
from flows.settings import Settings
from flows.store.warehouse import Warehouse
from tests.conftest import SEED
from tests.schemas.test_analyst import QUOTES_FROM_FACTS
from transforms.ingest.dedup import DedupIndex, make_fingerprint

pytestmark = pytest.mark.e2e

STORY = ("Portugal asked Spain to reopen the border on {day} March, Foreign Minister Ana Lima of Portugal said in "
         "Lisbon.\n\n\"We will not accept these terms from anyone,\" Ana Lima told reporters on {day} March.\n")
# Columns that name the run that wrote a row or when: the same facts from two runs differ only in these.
RUN_COLUMNS = {"run_id", "ingested_at", "rejected_at", "first_run_id", "last_run_id", "started_at", "finished_at",
               "mtime_ns", "recorded_at"}


def write_stories(folder, days):
    folder.mkdir(parents=True, exist_ok=True)
    for day in days:
        (folder / f"story-{day:02d}.txt").write_text(f"Story {day}\n\n" + STORY.format(day=day))


def run(inputs, warehouse, **kw):
    from flows.run.pipeline import run_pipeline

    return run_pipeline(Settings(input=inputs, warehouse=warehouse, n_process=1, **kw).resolved())


def connect(warehouse):
    return duckdb.connect(str(warehouse / "newsetl.duckdb"), read_only=True, config=reader_config(warehouse))


def query(warehouse, sql):
    con = connect(warehouse)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


def snapshot(warehouse) -> dict[str, list]:
    """Every current table's rows, sorted, without the columns that name the writing run."""
    con = connect(warehouse)
    out = {}
    for name in ("documents", "sentences", "entities", "mentions", "quotes", "events", "amounts", "rejects",
                 "sources"):
        cols = [c for c, *_ in con.sql(f"DESCRIBE {name}").fetchall() if c not in RUN_COLUMNS]
        out[name] = sorted(con.sql(f"SELECT {', '.join(cols)} FROM {name}").fetchall(), key=repr)
    con.close()
    return out


def test_change_and_delete(tmp_path, prefect_server):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    write_stories(inputs, [1, 2, 3])
    run(inputs, wh)
    (inputs / "story-01.txt").write_text("Story 1\n\n" + STORY.format(day=9))
    (inputs / "story-02.txt").unlink()
    summary = run(inputs, wh)
    assert (summary.n_seen, summary.n_new, summary.n_changed, summary.n_deleted, summary.n_unchanged) == (2, 0, 1, 1, 1)
    assert query(wh, "SELECT source_path FROM documents ORDER BY 1") == [("story-01.txt",), ("story-03.txt",)]
    assert query(wh, "SELECT count(*) FROM documents_history") == [(4,)]
    assert query(wh, "SELECT count(DISTINCT doc_id) FROM mentions") == [(2,)]
    dates = query(wh, "SELECT DISTINCT date_text FROM events JOIN documents USING (doc_id) "
                      "WHERE source_path = 'story-01.txt' AND date_text IS NOT NULL")
    assert dates == [("9 March",)]
    assert query(wh, "SELECT n_changed, n_deleted FROM runs ORDER BY started_at DESC LIMIT 1") == [(1, 1)]


def test_rerun_adds_nothing_and_touch_is_not_a_change(tmp_path, prefect_server):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    write_stories(inputs, [1, 2])
    run(inputs, wh)
    before = snapshot(wh)
    os.utime(inputs / "story-01.txt", ns=(1, 1))  # new mtime, same bytes: read again, nothing new
    summary = run(inputs, wh)
    assert (summary.n_new, summary.n_changed, summary.n_unchanged, summary.n_documents) == (0, 0, 2, 0)
    assert snapshot(wh) == before


def test_reverting_a_file_restores_its_first_version(tmp_path, prefect_server):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    write_stories(inputs, [1])
    run(inputs, wh)
    original = (inputs / "story-01.txt").read_text()
    (inputs / "story-01.txt").write_text("Story 1\n\n" + STORY.format(day=7))
    run(inputs, wh)
    (inputs / "story-01.txt").write_text(original)
    run(inputs, wh)
    assert query(wh, "SELECT count(*) FROM documents_history") == [(2,)]
    assert query(wh, "SELECT position('on 1 March' IN text) > 0 FROM documents") == [(True,)]


def test_killed_run_leaves_previous_state_and_next_run_completes_once(tmp_path, prefect_server):
    inputs, wh, reference = tmp_path / "in", tmp_path / "wh", tmp_path / "ref"
    write_stories(inputs, [1])
    run(inputs, wh)
    before = snapshot(wh)
    write_stories(inputs, range(2, 26))
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "NEWSETL_N_PROCESS": "1",
           "NEWSETL_BATCH_DOCS": "4"}
    proc = subprocess.Popen([sys.executable, "-m", "flows.command.cli", "run", "--input", str(inputs), "--warehouse", str(wh),
                             "--quiet"], env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while not any((wh / ".staging").rglob("*.parquet")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed mid-write"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert snapshot(wh) == before  # the previous state, fully queryable
    run(inputs, wh, batch_docs=4)
    run(inputs, reference, batch_docs=4)
    assert snapshot(wh) == snapshot(reference)
    assert query(wh, "SELECT count(*) FROM documents") == [(25,)]


def test_second_run_waits_or_fails_clearly(tmp_path, prefect_server, capsys):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    write_stories(inputs, [1])
    with Warehouse(wh).lock():
        assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 2
    assert "another newsetl run" in capsys.readouterr().err
    assert run(inputs, wh, lock_wait_seconds=5).status == "completed"


def test_compaction_keeps_query_results(tmp_path, prefect_server):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    for day in (1, 2, 3):
        write_stories(inputs, [day])
        run(inputs, wh)
    before = snapshot(wh)
    files_before = len(list((wh / "tables" / "mentions").glob("*.parquet")))
    counts = Warehouse(wh).compact("compact-test")
    assert counts["mentions"] == (3, 1) and files_before == 3
    assert snapshot(wh) == before
    assert Warehouse(wh).check_contracts() == []
    summary = run(inputs, wh)  # runs go on after compaction
    assert summary.n_unchanged == 3 and snapshot(wh) == before


def test_catalog_opens_from_another_directory(tmp_path, prefect_server):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    write_stories(inputs, [1])
    run(inputs, wh)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SEED, elsewhere / "x.txt")
    code = (f"import duckdb; print(duckdb.connect({str(wh / 'newsetl.duckdb')!r}, read_only=True, "
            f"config={{'file_search_path': {str(wh)!r}}}).sql('SELECT count(*) FROM documents').fetchall()[0][0])")
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


PEOPLE = [("Maria Vossberg", "Norway", "Oslo", "fisheries"), ("Tomas Reiland", "Chile", "Santiago", "copper"),
          ("Ines Okafor", "Ghana", "Accra", "cocoa"), ("Pavel Dunmore", "Canada", "Ottawa", "timber"),
          ("Lena Hartwig", "Kenya", "Nairobi", "tea"), ("Omar Castellan", "Peru", "Lima", "silver"),
          ("Ruth Engstrom", "Japan", "Tokyo", "rice"), ("Felix Amadi", "Brazil", "Brasilia", "coffee"),
          ("Nora Lindqvist", "India", "Delhi", "cotton"), ("Jonas Kettering", "Egypt", "Cairo", "wheat")]
EXTRA = ["Officials in {city} said a further statement on the {good} talks would follow within days.",
         "Traders in {city} expect prices for {good} to stay high until the end of the season.",
         "Opposition members in {city} asked for the full text of the {good} agreement to be published."]


def article(i: int) -> str:
    """A distinct made-up article (no two are near-duplicates)."""
    name, country, city, good = PEOPLE[i]
    return (f"{country} signs {good} deal\n\n"
            f"{name}, the trade minister of {country}, met exporters in {city} on {i + 3} May to discuss {good} "
            f"quotas for the coming year, the ministry said in a statement.\n\n"
            f"\"We will protect the {good} growers of {country} and keep our promises to them,\" {name} told "
            f"reporters after the meeting in {city}, adding that talks with buyers would resume in June.\n\n"
            f"The {good} sector employs thousands of workers across {country}, and exports of {good} rose by "
            f"{i + 11} percent last year according to figures released by the statistics office in {city}.\n\n"
            f"Analysts in {city} said the {good} agreement could lift wages in the north of {country}, where many "
            f"families depend on {good}, but warned that transport costs and a weak currency remained a risk for "
            f"small producers who sell most of their {good} abroad through brokers based in {city}.\n")


def edit(folder, name: str, i: int, n: int, mtime: int) -> None:
    """Append the n-th extra line to an article (an edit that keeps it a near-copy of its earlier text)."""
    _, _, city, good = PEOPLE[i]
    path = folder / name
    path.write_text(path.read_text() + "\n" + EXTRA[n].format(city=city, good=good) + "\n")
    os.utime(path, ns=(mtime, mtime))


def put(folder, name: str, text: str, mtime: int) -> None:
    path = folder / name
    path.write_text(text)
    os.utime(path, ns=(mtime, mtime))


def comparable(warehouse) -> dict[str, list]:
    """The current state without run columns; entities restricted to those the current facts name (the entity
    registry keeps every entity ever seen, with its first id, by design)."""
    out = snapshot(warehouse)
    con = connect(warehouse)
    out["entities"] = sorted(con.sql(
        "SELECT entity_id, name, type, country_code, aliases FROM entities WHERE entity_id IN "
        "(SELECT entity_id FROM mentions UNION SELECT actor_entity_id FROM events "
        "UNION SELECT target_entity_id FROM events UNION SELECT speaker_entity_id FROM quotes)").fetchall(), key=repr)
    out["cooccurrences"] = sorted(con.sql("SELECT * FROM cooccurrences").fetchall())
    assert_totals_add_up(con)
    # quotes_by_speaker (speaker counts from entity_totals, context carried by quotes) adds up to its old definition
    assert con.sql("FROM quotes_by_speaker").fetchall() == con.sql(QUOTES_FROM_FACTS).fetchall()
    out["entity_summary"] = sorted(con.sql(
        "SELECT entity_id, name, type, country_code, mentions, documents, events, quotes FROM entity_summary "
        "WHERE mentions + events + quotes > 0").fetchall())
    con.close()
    return out


SUMMARY_COLUMNS = "entity_id, name, mentions, documents, events, quotes, first_seen, last_seen"
# entity_summary as computed from every current fact (its definition before running totals were kept)
SUMMARY_FROM_FACTS = """
    WITH seen AS (SELECT doc_id, coalesce(published_at, ingested_at) AS seen_at FROM documents),
    m AS (SELECT m.entity_id, count(*) AS mentions, count(DISTINCT m.doc_id) AS documents,
                 min(s.seen_at) AS first_seen, max(s.seen_at) AS last_seen
          FROM mentions m LEFT JOIN seen s USING (doc_id) GROUP BY m.entity_id),
    ev AS (SELECT entity_id, count(DISTINCT event_id) AS events
           FROM (SELECT event_id, actor_entity_id AS entity_id FROM events
                 UNION ALL SELECT event_id, target_entity_id FROM events)
           WHERE entity_id IS NOT NULL GROUP BY entity_id),
    q AS (SELECT speaker_entity_id AS entity_id, count(*) AS quotes
          FROM quotes WHERE speaker_entity_id IS NOT NULL GROUP BY speaker_entity_id)
    SELECT e.entity_id, e.name, coalesce(m.mentions, 0) AS mentions, coalesce(m.documents, 0) AS documents,
           coalesce(ev.events, 0) AS events, coalesce(q.quotes, 0) AS quotes, m.first_seen, m.last_seen
    FROM entities e LEFT JOIN m USING (entity_id) LEFT JOIN ev USING (entity_id) LEFT JOIN q USING (entity_id)
"""

# entity_cooccurrence as computed from every current fact
PAIRS_FROM_FACTS = """SELECT entity_id_a, entity_id_b, count(*) AS sentences, count(DISTINCT doc_id) AS documents
                      FROM cooccurrences GROUP BY ALL ORDER BY ALL"""


def assert_totals_add_up(con) -> list:
    """Check the running totals (entity_summary, entity_cooccurrence) against the current facts; the summary."""
    summed = con.sql(f"SELECT {SUMMARY_COLUMNS} FROM entity_summary ORDER BY entity_id").fetchall()
    assert summed == con.sql(f"SELECT {SUMMARY_COLUMNS} FROM ({SUMMARY_FROM_FACTS}) ORDER BY entity_id").fetchall()
    pairs = con.sql("SELECT entity_id_a, entity_id_b, sentences, documents FROM entity_cooccurrence ORDER BY ALL")
    assert pairs.fetchall() == con.sql(PAIRS_FROM_FACTS).fetchall()
    return summed


def test_incremental_build_equals_a_clean_build_over_five_rounds(tmp_path, prefect_server):
    # the edits below keep each article a near-copy of its earlier text: without telling versions of one file
    # apart, each new version would be marked a duplicate of the old one (the bug this reproduces)
    for i, extras in ((2, 3), (4, 1), (6, 1), (5, 1)):
        text = article(i)
        for n in range(extras):
            index = DedupIndex()
            index.add("old", make_fingerprint(text))
            text += "\n" + EXTRA[n].format(city=PEOPLE[i][2], good=PEOPLE[i][3]) + "\n"
            assert index.find(make_fingerprint(text)) is not None
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    rounds = [
        # 1: six articles and an exact copy of the first (newer file: the copy is the duplicate)
        lambda t: [put(inputs, f"a{i}.txt", article(i), t + i) for i in range(6)]
        + [put(inputs, "copy-of-a0.txt", article(0), t + 50)],
        # 2: an article edited (one line appended), one deleted, one added
        lambda t: [edit(inputs, "a2.txt", 2, 0, t), (inputs / "a3.txt").unlink(), put(inputs, "a6.txt", article(6), t)],
        # 3: the same article edited again, another edited, a near-copy of a5 added (one line more)
        lambda t: [edit(inputs, "a2.txt", 2, 1, t), edit(inputs, "a4.txt", 4, 0, t),
                   put(inputs, "z-near-a5.txt", article(5) + "\n" + EXTRA[2].format(city="Lima", good="silver"), t)],
        # 4: the original of the exact copy deleted (the copy becomes the original), an article added, the
        # newest one edited
        lambda t: [(inputs / "a0.txt").unlink(), put(inputs, "a7.txt", article(7), t),
                   edit(inputs, "a6.txt", 6, 0, t)],
        # 5: a third edit, the original of the near-copy edited (the older near-copy becomes the original and the
        # edited article its duplicate), two articles added
        lambda t: [edit(inputs, "a2.txt", 2, 2, t), edit(inputs, "a5.txt", 5, 0, t),
                   put(inputs, "a8.txt", article(8), t), put(inputs, "sub/a9.txt", article(9), t + 1)],
    ]
    (inputs / "sub").mkdir()
    for n, change in enumerate(rounds, start=1):
        change(n * 10**12)
        run(inputs, wh)
        clean = tmp_path / f"clean-{n}"
        run(inputs, clean)
        incremental, reference = comparable(wh), comparable(clean)
        for table in reference:
            assert incremental[table] == reference[table], f"round {n}: {table} differs"
        assert Warehouse(wh).check_contracts() == []
    # the edited article kept its facts through three edits; the copies pointed at their originals
    assert query(wh, "SELECT analyzed, duplicate_of IS NULL FROM documents WHERE source_path = 'a2.txt'") == [
        (True, True)]
    assert query(wh, "SELECT count(*) FROM mentions JOIN documents USING (doc_id) "
                     "WHERE source_path = 'a2.txt'")[0][0] > 0
    current = query(wh, "SELECT source_path, analyzed, duplicate_of IS NULL FROM documents "
                        "WHERE source_path IN ('copy-of-a0.txt', 'z-near-a5.txt', 'a5.txt') ORDER BY 1")
    assert current == [("a5.txt", False, False), ("copy-of-a0.txt", True, True), ("z-near-a5.txt", True, True)]
    # the quotes compared above have speakers and name other entities
    assert query(wh, "SELECT count(*) > 0 FROM quotes_by_speaker WHERE speaker_quotes > 0 AND len(about) > 0") == [
        (True,)]


def test_entity_summary_follows_a_file_replaced_deleted_and_restored(tmp_path, prefect_server):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    put(inputs, "b.txt", article(1), 10**12)
    rounds = [
        lambda t: put(inputs, "a.txt", article(0), t),
        lambda t: put(inputs, "a.txt", article(2), t),  # replaced: another article's entities
        lambda t: (inputs / "a.txt").unlink(),  # deleted: a.txt's entities left with no facts at all
        lambda t: put(inputs, "a.txt", article(0), t),  # back to its first version: stored, so not read again
    ]
    summaries, named, pairs = [], [], []
    for n, change in enumerate(rounds, start=2):
        change(n * 10**12)
        run(inputs, wh)
        con = connect(wh)
        summed = assert_totals_add_up(con)
        pairs.append(set(con.sql("SELECT entity_id_a, entity_id_b, sentences FROM entity_cooccurrence").fetchall()))
        named.append({r[0] for r in con.sql("SELECT DISTINCT entity_id FROM mentions JOIN documents USING (doc_id) "
                                            "WHERE source_path = 'a.txt'").fetchall()})
        summaries.append({r[0]: r for r in summed})
        con.close()
    only_a = named[0] - {e for e, r in summaries[2].items() if r[2]}  # named by a.txt's first version alone
    assert only_a and named[2] == set()
    assert {summaries[1][e][2:] for e in only_a - named[1]} == {(0, 0, 0, 0, None, None)}
    assert {summaries[2][e][2:] for e in only_a} == {(0, 0, 0, 0, None, None)}
    assert {e: summaries[3][e] for e in summaries[0]} == summaries[0]
    assert pairs[0] != pairs[1] and pairs[3] == pairs[0]  # the pairs followed the file too
    assert Warehouse(wh).check_contracts() == []


def test_a_file_unreadable_on_its_first_run_gets_in_once_readable(tmp_path, prefect_server, monkeypatch, capsys):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    write_stories(inputs, [1, 2])
    locked = inputs / "story-02.txt"
    real_open = os.open

    def open_file(path, flags, *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("flows.run.sources.os.open", open_file)
    first = run(inputs, wh)
    assert first.rejects_by_reason == {"unreadable": 1}
    assert query(wh, "SELECT source_path, reason FROM rejects") == [("story-02.txt", "unreadable")]
    still = run(inputs, wh)  # retried, still unreadable: no new row
    assert (still.n_unchanged, still.n_rejected) == (2, 0)
    monkeypatch.undo()
    assert main(["run", "--input", str(inputs), "--warehouse", str(wh), "--quiet"]) == 0  # not a no-op: retried
    assert "1 new documents" in capsys.readouterr().out
    assert query(wh, "SELECT source_path FROM documents ORDER BY 1") == [("story-01.txt",), ("story-02.txt",)]
    assert query(wh, "SELECT count(*) FROM rejects") == [(0,)]
    assert query(wh, "SELECT count(*) FROM rejects_history") == [(1,)]


def test_a_folder_that_cannot_be_listed_is_a_reject_not_a_deletion(tmp_path, prefect_server, monkeypatch):
    inputs, wh = tmp_path / "in", tmp_path / "wh"
    write_stories(inputs / "sub", [1, 2])
    write_stories(inputs, [3])
    run(inputs, wh)
    before = query(wh, "SELECT doc_id, source_path FROM documents ORDER BY 2")
    locked, real_scandir = inputs / "sub", os.scandir

    def scandir(path="."):
        if not isinstance(path, int) and os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = run(inputs, wh)
    assert (summary.n_deleted, summary.n_unchanged) == (0, 3)
    assert query(wh, "SELECT doc_id, source_path FROM documents ORDER BY 2") == before
    assert query(wh, "SELECT source_path, reason, detail LIKE '%cannot be listed%' FROM rejects") == [
        ("sub/", "unreadable", True)]
    monkeypatch.undo()
    summary = run(inputs, wh)
    assert (summary.n_deleted, summary.n_documents) == (1, 0)  # the folder's reject row leaves; nothing re-read
    assert query(wh, "SELECT doc_id, source_path FROM documents ORDER BY 2") == before
    assert query(wh, "SELECT count(*) FROM rejects") == [(0,)]
