"""Size-tiered merging at publish: files per table stay bounded over many small runs, rows and order kept."""

from datetime import date, datetime, timedelta

import pyarrow.parquet as pq
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


@pytest.mark.parametrize("sizes, start", [
    ([BIG], None),
    ([BIG, SMALL, SMALL], None),  # the later files are small next to the first: anti-joins with them are cheap
    ([BIG] + [BIG // MERGE_FANOUT // 2] * 3, 0),  # they outgrew 1/MERGE_FANOUT of it: merged into one
    ([BIG] + [SMALL] * MERGE_FANOUT, 1),  # else the size tiers apply as for any table
])
def test_plan_merge_of_a_keep_latest_table(sizes, start):
    assert plan_merge(sizes, whole=True) == start


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


def test_ordered_tables_are_written_and_merged_in_their_declared_order(tmp_path):
    """events' files are sorted by event_timeline's order, each staged file and each merge (nulls last)."""
    wh = Warehouse(tmp_path)
    dates = [date(2024, 1, 1) + timedelta(days=(n * 37) % 90) for n in range(MERGE_FANOUT * 3)]
    for n, day in enumerate(dates):
        run_id = f"r{n:03d}"
        rows = to_arrow("events", [
            {"doc_id": f"d{n}", "event_id": f"d{n}-e{k}", "sentence_idx": k, "type": "CONSULT", "trigger": "meet",
             "mode": "asserted", "confidence": 0.9, "event_date": None if k == 0 else day - timedelta(days=k)}
            for k in range(3)])
        with wh.lock():
            wh.publish(run_id, {"events": [wh.stage(run_id, "events", rows, 0)]})
    files = wh.read_manifest().tables["events"]
    assert len(files) < MERGE_FANOUT
    expected = sorted(wh.read_table("events").to_pylist(),
                      key=lambda r: (r["event_date"] is None, r["event_date"] or date.min, r["doc_id"],
                                     r["sentence_idx"]))
    merged = [pq.read_table(tmp_path / f).to_pylist() for f in files]
    assert merged[0] == [r for r in expected if r["doc_id"] in {m["doc_id"] for m in merged[0]}]
    assert len(merged[0]) > 3 * MERGE_FANOUT  # a merge of many runs' files
    assert all(m == sorted(m, key=lambda r: (r["event_date"] is None, r["event_date"] or date.min, r["doc_id"],
                                            r["sentence_idx"])) for m in merged)


ENTITIES = [{"entity_id": e, "name": e, "type": "ORG"} for e in ("E1", "E2", "E3")]


def publish_versions(wh: Warehouse, name: str, n: int, rows: list[dict], current: str) -> list[tuple]:
    """Publish run n's rows of a keep_latest table (the entities with the first); the table's current rows."""
    run_id = f"r{n}"
    staged = {name: [wh.stage(run_id, name, to_arrow(name, rows), 0)]}
    if n == 0:
        staged["entities"] = [wh.stage(run_id, "entities", to_arrow("entities", ENTITIES), 1)]
    with wh.lock():
        wh.publish(run_id, staged)
    con = wh.connect()
    try:
        return con.sql(current).fetchall()
    finally:
        con.close()


def test_merging_a_keep_latest_table_drops_superseded_versions_and_keeps_its_current_state(tmp_path):
    wh = Warehouse(tmp_path)
    current = []
    for n in range(MERGE_FANOUT):  # E1 changes every run, E2 every other run, E3 once
        rows = [{"entity_id": e, "mentions": n, "documents": 1, "events": 0, "quotes": 0,
                 "recorded_at": datetime(2025, 1, 1 + n)}
                for e in ("E1", "E2", "E3") if e == "E1" or (e == "E2" and n % 2 == 0) or n == 0]
        current.append(publish_versions(wh, "entity_totals", n, rows,
                                        "SELECT entity_id, mentions FROM entity_totals ORDER BY ALL"))
    assert len(wh.read_manifest().tables["entity_totals"]) == 1  # the eighth file merged the tail
    stored = wh.read_table("entity_totals")
    assert sorted(zip(stored["entity_id"].to_pylist(), stored["mentions"].to_pylist(), strict=True)) == [
        ("E1", MERGE_FANOUT - 1), ("E2", MERGE_FANOUT - 2), ("E3", 0)]  # one row per entity: its latest
    assert current[-1] == [("E1", MERGE_FANOUT - 1), ("E2", MERGE_FANOUT - 2), ("E3", 0)]
    assert wh.check_contracts() == []


def test_a_keep_latest_table_with_a_two_column_key_is_current_before_and_after_its_merge(tmp_path):
    wh = Warehouse(tmp_path)
    pairs = [("E1", "E2"), ("E1", "E3"), ("E2", "E3")]
    latest = {}
    for n in range(MERGE_FANOUT):  # (E1, E2) changes every run, (E1, E3) every third run, (E2, E3) once
        rows = [{"entity_id_a": a, "entity_id_b": b, "sentences": n + i, "documents": 1,
                 "recorded_at": datetime(2025, 1, 1 + n)}
                for i, (a, b) in enumerate(pairs) if i == 0 or (i == 1 and n % 3 == 0) or n == 0]
        latest.update({(r["entity_id_a"], r["entity_id_b"]): r["sentences"] for r in rows})
        current = publish_versions(wh, "pair_totals", n, rows,
                                   "SELECT entity_id_a, entity_id_b, sentences FROM pair_totals ORDER BY ALL")
        assert current == [(a, b, s) for (a, b), s in sorted(latest.items())], f"run {n}"
    assert len(wh.read_manifest().tables["pair_totals"]) == 1  # merged: one row per pair, its latest
    assert wh.read_table("pair_totals").num_rows == len(pairs)
    assert wh.check_contracts() == []


def test_merging_other_tables_keeps_every_row(tmp_path):
    wh = Warehouse(tmp_path)
    for n in range(MERGE_FANOUT):  # the same entity version after version: entities keeps its history
        rows = [{"entity_id": "E1", "name": f"One {n}", "type": "ORG", "recorded_at": datetime(2025, 1, 1 + n)}]
        with wh.lock():
            wh.publish(f"r{n}", {"entities": [wh.stage(f"r{n}", "entities", to_arrow("entities", rows), 0)]})
    assert len(wh.read_manifest().tables["entities"]) == 1
    assert wh.read_table("entities").num_rows == MERGE_FANOUT


def test_a_merge_short_of_memory_is_transient_and_leaves_the_warehouse_unchanged(tmp_path, monkeypatch):
    import duckdb

    from flows.store import merge
    from transforms.errors import TransientError

    wh = Warehouse(tmp_path)
    for n in range(MERGE_FANOUT - 1):
        rows = to_arrow("pair_totals", [{"entity_id_a": "E1", "entity_id_b": "E2", "sentences": n, "documents": 1,
                                         "recorded_at": datetime(2025, 1, 1 + n)}])
        with wh.lock():
            wh.publish(f"r{n}", {"pair_totals": [wh.stage(f"r{n}", "pair_totals", rows, 0)]})
    before = wh.read_manifest().tables["pair_totals"]

    def short_of_memory(*args):
        raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block")
        yield

    monkeypatch.setattr(merge, "query_files", short_of_memory)
    rows = to_arrow("pair_totals", [{"entity_id_a": "E1", "entity_id_b": "E3", "sentences": 1, "documents": 1}])
    with wh.lock(), pytest.raises(TransientError, match="not enough memory to merge files of table pair_totals"):
        wh.publish("r9", {"pair_totals": [wh.stage("r9", "pair_totals", rows, 0)]})
    assert wh.read_manifest().tables["pair_totals"] == before


def test_a_keep_latest_merge_checks_every_page_before_rewriting(tmp_path):
    from flows.store.merge import stream_files
    from flows.store.parquetio import ParquetCorrupt

    wh = Warehouse(tmp_path)
    rows = to_arrow("pair_totals", [{"entity_id_a": f"E{n:05d}", "entity_id_b": "Z", "sentences": n, "documents": 1,
                                     "recorded_at": datetime(2025, 1, 1)} for n in range(5000)])
    with wh.lock():
        wh.publish("r0", {"pair_totals": [wh.stage("r0", "pair_totals", rows, 0)]})
    (rel,) = wh.read_manifest().tables["pair_totals"]
    path = tmp_path / rel
    meta = pq.ParquetFile(path).metadata.row_group(0).column(0)  # entity_id_a's pages
    chunk_start = min(o for o in (meta.dictionary_page_offset, meta.data_page_offset) if o is not None)
    data = bytearray(path.read_bytes())
    data[(meta.data_page_offset + chunk_start + meta.total_compressed_size) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    with pytest.raises(ParquetCorrupt):  # a flipped bit is not copied into a new file with fresh checksums
        stream_files("pair_totals", [path], tmp_path / "merged.parquet")
