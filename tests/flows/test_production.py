"""Production behaviour of runs: incremental change and delete, crash safety, locking, compaction."""

import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from flows.cli import main
from flows.settings import Settings
from flows.warehouse import Warehouse
from tests.conftest import SEED

pytestmark = pytest.mark.e2e

STORY = ("Portugal asked Spain to reopen the border on {day} March, Foreign Minister Ana Lima of Portugal said in "
         "Lisbon.\n\n\"We will not accept these terms from anyone,\" Ana Lima told reporters on {day} March.\n")
# Columns that name the run that wrote a row or when: the same facts from two runs differ only in these.
RUN_COLUMNS = {"run_id", "ingested_at", "rejected_at", "first_run_id", "last_run_id", "started_at", "finished_at",
               "mtime_ns"}


def write_stories(folder, days):
    folder.mkdir(parents=True, exist_ok=True)
    for day in days:
        (folder / f"story-{day:02d}.txt").write_text(f"Story {day}\n\n" + STORY.format(day=day))


def run(inputs, warehouse, **kw):
    from flows.pipeline import run_pipeline

    return run_pipeline(Settings(input=inputs, warehouse=warehouse, n_process=1, **kw).resolved())


def query(warehouse, sql):
    con = duckdb.connect(str(warehouse / "newsetl.duckdb"), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


def snapshot(warehouse) -> dict[str, list]:
    """Every current table's rows, sorted, without the columns that name the writing run."""
    con = duckdb.connect(str(warehouse / "newsetl.duckdb"), read_only=True)
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
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--input", str(inputs), "--warehouse", str(wh),
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
    code = (f"import duckdb; print(duckdb.connect({str(wh / 'newsetl.duckdb')!r}, read_only=True)"
            f".sql('SELECT count(*) FROM documents').fetchall()[0][0])")
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"
