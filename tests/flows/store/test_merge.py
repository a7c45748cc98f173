"""Size-tiered merging at publish: files per table stay bounded over many small runs, rows and order kept."""

import pytest

from flows.store.merge import MERGE_BASE_BYTES, MERGE_FANOUT, plan_merge, size_tier
from flows.store.warehouse import Warehouse
from transforms.load.tables import to_arrow

SMALL, BIG = 10_000, 20 * MERGE_BASE_BYTES


@pytest.mark.parametrize("sizes, start", [
    ([], None),
    ([SMALL] * (MERGE_FANOUT - 1), None),
    ([SMALL] * MERGE_FANOUT, 0),
    ([BIG] + [SMALL] * MERGE_FANOUT, 1),
    ([BIG] + [SMALL] * (MERGE_FANOUT - 1), None),
    ([SMALL] * (MERGE_FANOUT - 1) + [BIG], 0),  # a big newest file takes the smaller ones before it along
    ([BIG] * (MERGE_FANOUT - 1) + [SMALL], None),  # a small newest file never pulls bigger ones into a merge
])
def test_plan_merge(sizes, start):
    assert plan_merge(sizes) == start


def test_size_tiers_grow_by_the_fanout():
    assert size_tier(1) == 0 and size_tier(MERGE_BASE_BYTES) == 0
    assert size_tier(MERGE_BASE_BYTES + 1) == 1 and size_tier(MERGE_FANOUT * MERGE_BASE_BYTES) == 1
    assert size_tier(MERGE_FANOUT * MERGE_BASE_BYTES + 1) == 2


def test_files_per_table_stay_bounded_over_100_small_runs_and_rows_keep_their_order(tmp_path):
    wh = Warehouse(tmp_path)
    for n in range(100):
        run_id = f"r{n:03d}"
        rows = to_arrow("runs", [{"run_id": run_id, "status": "completed", "n_seen": n}])
        with wh.lock():
            wh.publish(run_id, {"runs": [wh.stage(run_id, "runs", rows, 0)]})
        assert len(wh.read_manifest().tables["runs"]) < MERGE_FANOUT <= 64
    assert wh.read_table("runs")["n_seen"].to_pylist() == list(range(100))  # merged in write order
    assert wh.check_contracts() == []
    con = wh.connect()
    assert con.sql("SELECT count(*) FROM runs").fetchall()[0][0] == 100
    con.close()
