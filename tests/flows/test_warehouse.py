import subprocess
import sys

import duckdb
import pyarrow as pa
import pytest

from flows.warehouse import Warehouse, WarehouseLocked
from transforms.tables import to_arrow


def runs_row(run_id):
    return to_arrow("runs", [{"run_id": run_id, "status": "completed", "n_seen": 1}])


def test_publish_makes_views_readable_read_only(tmp_path):
    wh = Warehouse(tmp_path)
    rel = wh.stage("r1", "runs", runs_row("r1"), 0)
    wh.publish("r1", {"runs": [rel]})
    con = duckdb.connect(str(wh.catalog_path), read_only=True)
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
    code = f"import duckdb; print(duckdb.connect({str(wh.catalog_path)!r}, read_only=True).sql('SELECT count(*) FROM runs').fetchall()[0][0])"
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


def test_replace_mode_table_keeps_only_latest_file(tmp_path):
    wh = Warehouse(tmp_path)
    ents = lambda n: to_arrow("entities", [{"entity_id": f"E{i}", "name": "x", "type": "ORG"} for i in range(n)])
    wh.publish("r1", {"entities": [wh.stage("r1", "entities", ents(1), 0)]})
    wh.publish("r2", {"entities": [wh.stage("r2", "entities", ents(3), 0)]})
    assert wh.read_table("entities").num_rows == 3


def test_lock_excludes_second_run(tmp_path):
    wh = Warehouse(tmp_path)
    with wh.lock():
        with pytest.raises(WarehouseLocked):
            with Warehouse(tmp_path).lock(wait_seconds=0.3):
                pass


def test_stage_skips_empty_tables(tmp_path):
    assert Warehouse(tmp_path).stage("r1", "runs", pa.Table.from_pylist([], schema=runs_row("x").schema), 0) is None
