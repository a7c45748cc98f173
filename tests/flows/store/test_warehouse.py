import random
import shutil
import subprocess
import sys
from datetime import datetime

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.store import catalog

from flows.store import publish
from flows.store.catalog import CatalogInvalid, reader_config
from flows.store.manifest import ManifestCorrupt
from flows.store.parquetio import ParquetCorrupt, verify_pages
from transforms.errors import TransientError
from flows.store.warehouse import Warehouse, WarehouseLocked
from transforms.load.tables import to_arrow


def runs_row(run_id):
    return to_arrow("runs", [{"run_id": run_id, "status": "completed", "n_seen": 1}])


def test_publish_makes_views_readable_read_only(tmp_path):
    wh = Warehouse(tmp_path)
    rel = wh.stage("r1", "runs", runs_row("r1"), 0)
    wh.publish("r1", {"runs": [rel]})
    con = duckdb.connect(str(wh.catalog_path), read_only=True, config=reader_config(tmp_path))
    assert con.sql("SELECT run_id FROM runs").fetchall() == [("r1",)]
    assert con.sql("SELECT count(*) FROM documents").fetchall() == [(0,)]
    con.close()
    assert wh.check_contracts() == []


def test_catalog_opens_while_another_reader_holds_it(tmp_path):
    wh = Warehouse(tmp_path)
    wh.publish("r1", {"runs": [wh.stage("r1", "runs", runs_row("r1"), 0)]})
    reader = wh.connect()
    wh.publish("r2", {"runs": [wh.stage("r2", "runs", runs_row("r2"), 0)]})
    assert reader.sql("SELECT count(*) FROM runs").fetchall() == [(1,)]  # the old catalog, still consistent
    # another process sees the new catalog while this one still holds the old one open
    code = (f"import duckdb; print(duckdb.connect({str(wh.catalog_path)!r}, read_only=True, "
            f"config={reader_config(tmp_path)!r}).sql('SELECT count(*) FROM runs').fetchall()[0][0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "2"


def test_unpublished_files_are_cleaned(tmp_path):
    wh = Warehouse(tmp_path)
    wh.stage("r1", "runs", runs_row("r1"), 0)  # staged, never published (a crash)
    stray = tmp_path / "tables" / "runs" / "stray.parquet"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"half-written")
    wh.clean_staging()
    assert not (tmp_path / ".staging").exists() and not stray.exists()
    assert wh.read_table("runs").num_rows == 0


def test_registry_appends_versions_and_its_view_shows_the_latest(tmp_path):
    wh = Warehouse(tmp_path)
    ents = lambda names, at: to_arrow("entities", [{"entity_id": f"E{i}", "name": n, "type": "ORG", "recorded_at": at}
                                                   for i, n in enumerate(names)])
    wh.publish("r1", {"entities": [wh.stage("r1", "entities", ents(["x"], datetime(2025, 1, 1)), 0)]})
    wh.publish("r2", {"entities": [wh.stage("r2", "entities", ents(["y", "z", "w"], datetime(2025, 1, 2)), 0)]})
    assert wh.read_table("entities").num_rows == 4  # appended, not rewritten
    con = wh.connect()
    assert con.sql("SELECT entity_id, name FROM entities ORDER BY 1").fetchall() == [
        ("E0", "y"), ("E1", "z"), ("E2", "w")]
    # registries are stored in the catalog at each publish (joins read a table, not the latest-version rule)
    assert con.sql("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall() == [
        ("entities",), ("retired_documents",), ("sources",)]
    con.close()


def test_lock_excludes_second_run(tmp_path):
    wh = Warehouse(tmp_path)
    with wh.lock():
        with pytest.raises(WarehouseLocked):
            with Warehouse(tmp_path).lock(wait_seconds=0.3):
                pass


def test_stage_skips_empty_tables(tmp_path):
    assert Warehouse(tmp_path).stage("r1", "runs", pa.Table.from_pylist([], schema=runs_row("x").schema), 0) is None


def mentions_table(n):
    rows = [{"doc_id": f"d{i % 7}", "entity_id": f"E{i % 11}", "sentence_idx": i % 5, "start_char": i,
             "end_char": i + 3, "text": f"name {i}", "type": "ORG"} for i in range(n)]
    return to_arrow("mentions", rows)


def published(tmp_path):
    """A warehouse with one runs file and one mentions file."""
    wh = Warehouse(tmp_path)
    wh.publish("r1", {"runs": [wh.stage("r1", "runs", runs_row("r1"), 0)],
                      "mentions": [wh.stage("r1", "mentions", mentions_table(3000), 0)]})
    return wh


def listing(root):
    return sorted((p.relative_to(root).as_posix(), p.read_bytes()) for p in root.rglob("*") if p.is_file()
                  and p.name != ".lock")


@pytest.mark.parametrize("text", ['{"run_id": "r1", "status": "completed"}\n', "run_id,status\nr1,completed\n",
                                  "", '{"version": 1, "tables": {"mentions": ["/etc/passwd"]}}'])
def test_corrupt_manifest_stops_everything_and_touches_nothing(tmp_path, text):
    wh = published(tmp_path)
    (tmp_path / "manifest.json").write_text(text)  # e.g. `newsetl sql … --out warehouse/manifest.json`
    (tmp_path / ".staging" / "leftover").mkdir(parents=True)
    before = listing(tmp_path)
    for action in (wh.clean_staging, wh.read_manifest, lambda: wh.publish("r2", {"runs": [
            wh.stage("r2", "runs", runs_row("r2"), 0)]}), lambda: wh.compact("c1")):
        with pytest.raises(ManifestCorrupt, match="not a newsetl manifest|cannot read"):
            action()
    shutil.rmtree(tmp_path / ".staging" / "r2")  # what the refused publish had staged
    assert listing(tmp_path) == before


def test_page_checksums_are_written_and_every_bit_flip_is_an_error(tmp_path):
    wh = published(tmp_path)
    (rel,) = wh.read_manifest().tables["mentions"]
    path = tmp_path / rel
    assert pq.ParquetFile(path).metadata.num_rows == 3000
    good = path.read_bytes()
    expected = wh.read_table("mentions")
    rng = random.Random(7)
    for _ in range(60):
        data = bytearray(good)
        data[rng.randrange(4, len(data) - 8)] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        with pytest.raises(ParquetCorrupt):
            wh.connect()
        try:
            assert wh.read_table("mentions").equals(expected)  # pyarrow checks page CRCs: same answer or error
        except (ParquetCorrupt, TransientError):
            pass
    path.write_bytes(good)
    assert wh.connect().sql("SELECT count(*) FROM mentions_history").fetchall() == [(3000,)]


def test_page_checksums_catch_flips_in_data_pages(tmp_path):
    wh = published(tmp_path)
    (rel,) = wh.read_manifest().tables["mentions"]
    path = tmp_path / rel
    meta = pq.ParquetFile(path).metadata.row_group(0).column(5)  # the text column's pages
    chunk_start = min(o for o in (meta.dictionary_page_offset, meta.data_page_offset) if o is not None)
    end = chunk_start + meta.total_compressed_size  # the data pages follow the dictionary page, if any
    data = bytearray(path.read_bytes())
    data[(meta.data_page_offset + end) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    with pytest.raises(ParquetCorrupt):
        verify_pages(path)


def test_a_catalog_that_does_not_list_every_view_is_not_put_in_place(tmp_path, monkeypatch):
    wh = published(tmp_path)
    before = wh.catalog_path.read_bytes()
    monkeypatch.setattr(catalog, "render_analyst_views", lambda *_: [])  # as if the disk filled up mid-write
    with pytest.raises(CatalogInvalid, match="lacks views"):
        wh.publish("r2", {"runs": [wh.stage("r2", "runs", runs_row("r2"), 0)]})
    assert wh.catalog_path.read_bytes() == before
    monkeypatch.undo()
    assert wh.connect().sql("SELECT count(*) FROM entity_summary").fetchall() == [(0,)]


def test_an_empty_catalog_is_not_put_in_place(tmp_path, monkeypatch):
    wh = published(tmp_path)
    monkeypatch.setattr(catalog, "render_views", lambda files: [])
    monkeypatch.setattr(catalog, "render_analyst_views", lambda *_: [])
    with pytest.raises(CatalogInvalid):
        wh.write_catalog(wh.read_manifest())
    monkeypatch.undo()
    assert wh.connect().sql("SELECT count(*) FROM runs").fetchall() == [(1,)]


@pytest.mark.parametrize("fail_at", ["write_manifest", "write_catalog"])
def test_publish_retried_after_a_partial_failure_finishes_it_once(tmp_path, monkeypatch, fail_at):
    wh = published(tmp_path)
    staged = {"runs": [wh.stage("r2", "runs", runs_row("r2"), 0)],
              "mentions": [wh.stage("r2", "mentions", mentions_table(10), 0)]}

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, fail_at, fail)
    with pytest.raises(OSError):
        wh.publish("r2", staged)
    monkeypatch.undo()
    manifest = wh.publish("r2", staged)  # the task's retry
    assert [len(manifest.tables[t]) for t in ("runs", "mentions")] == [2, 2]
    assert wh.connect().sql("SELECT count(*) FROM mentions_history").fetchall() == [(3010,)]
    assert sorted(manifest.sha256) == sorted(manifest.live())


def test_catalog_stores_no_absolute_path_and_a_moved_warehouse_answers(tmp_path):
    wh = published(tmp_path / "a")
    query = "SELECT count(*), sum(start_char) FROM mentions_history"
    expected = wh.connect().sql(query).fetchall()
    assert str(tmp_path).encode() not in wh.catalog_path.read_bytes()
    moved = tmp_path / "b" / "moved"
    moved.parent.mkdir()
    shutil.copytree(tmp_path / "a", moved)
    shutil.rmtree(tmp_path / "a")
    assert Warehouse(moved).connect().sql(query).fetchall() == expected
    # the duckdb Python API: from inside the folder as is, from anywhere with file_search_path set
    for cwd, config in ((moved, ""), (tmp_path, f", config={{'file_search_path': {str(moved)!r}}}")):
        code = (f"import duckdb; con = duckdb.connect({str(moved / 'newsetl.duckdb')!r}, read_only=True{config}); "
                f"print(con.sql({query!r}).fetchall())")
        out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == str(expected)


def test_newsetl_sql_answers_on_a_moved_warehouse_and_refuses_out_inside_it(tmp_path, capsys):
    from flows.command.cli import main

    published(tmp_path / "a")
    moved = tmp_path / "moved"
    shutil.move(tmp_path / "a", moved)
    assert main(["sql", "SELECT count(*) AS n FROM mentions_history", "--warehouse", str(moved),
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n\n3000\n"
    before = listing(moved)
    for out in (moved / "manifest.json", moved / "tables" / "x.csv", moved):
        assert main(["sql", "SELECT 1", "--warehouse", str(moved), "--format", "json", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("newsetl: refused: --out") and err.count("\n") == 1
    assert listing(moved) == before


def test_run_with_a_corrupt_manifest_exits_2_and_touches_nothing(tmp_path, capsys):
    from flows.command.cli import main

    wh = published(tmp_path / "wh")
    (wh.root / "manifest.json").write_text('{"n": 1}\n')
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Some news about trade talks in Geneva.")
    before = listing(wh.root)
    for extra in ([], ["--always-flow"]):
        assert main(["run", "--input", str(inputs), "--warehouse", str(wh.root), "--quiet", *extra]) == 2
        err = capsys.readouterr().err
        assert "is not a newsetl manifest" in err and err.count("\n") == 1
    assert listing(wh.root) == before


def test_a_runs_new_rows_are_checked_against_the_contracts(tmp_path):
    wh = Warehouse(tmp_path)
    doc = {"doc_id": "d1", "source_path": "a.txt", "content_sha256": "x", "run_id": "r1"}
    wh.publish("r1", {"documents": [wh.stage("r1", "documents", to_arrow("documents", [doc]), 0)],
                      "runs": [wh.stage("r1", "runs", runs_row("r1"), 0)]})
    staged = {
        "documents": [wh.stage("r2", "documents", to_arrow("documents", [dict(doc, run_id="r2")]), 0)],
        "runs": [wh.stage("r2", "runs", runs_row("r2"), 0)],
        "mentions": [wh.stage("r2", "mentions", to_arrow("mentions", [
            {"doc_id": "d0", "entity_id": "E1", "sentence_idx": 0, "start_char": 0, "end_char": 1}]), 0)],
        "events": [wh.stage("r2", "events", to_arrow("events", [
            {"doc_id": "d1", "event_id": "e1", "sentence_idx": 0, "type": "MEET", "trigger": "meet",
             "mode": "asserted", "confidence": 0.5}]), 0)],
    }
    assert wh.check_new_rows("r2", staged) == [
        "documents: unique(doc_id) (1 rows)",  # the new row repeats a stored id
        "events: accepted_values(type) (1 rows)",
        "mentions: references(doc_id -> documents.doc_id) (1 rows)",  # not a document this run writes
        "mentions: references(entity_id -> entities.entity_id) (1 rows)",
    ]
    ok = {"runs": staged["runs"]}
    assert wh.check_new_rows("r2", ok) == []
