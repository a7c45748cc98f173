"""A run reads what its new files need: probed duplicate keys and entity keys answer as full loads would."""

from datetime import datetime

import pytest

from flows.store.lookup import WarehouseDedup, WarehouseLookup
from flows.store.warehouse import Warehouse
from transforms.ingest.dedup import DedupIndex, make_dedup_keys, make_fingerprint
from transforms.load.resolve import EntityIndex
from transforms.load.tables import to_arrow
from transforms.records import LocalEntity

WORDS = "river bank council budget vote harbour school railway museum hospital market bridge".split()


def text(seed: int, n: int = 80) -> str:
    return " ".join(WORDS[(seed * 7 + i * (seed % 5 + 1)) % len(WORDS)] + str((seed * 31 + i) % 97)
                    for i in range(n))


def publish(wh: Warehouse, run_id: str, tables: dict) -> None:
    with wh.lock():
        wh.publish(run_id, {name: [wh.stage(run_id, name, to_arrow(name, rows), 0)] for name, rows in tables.items()})


def stored_documents(wh: Warehouse, texts: dict[str, str], duplicate_of: dict[str, str], keys: bool = True) -> None:
    docs, rows, sources = [], [], []
    for i, (doc_id, body) in enumerate(texts.items()):
        fp = make_fingerprint(body)
        docs.append({"doc_id": doc_id, "source_path": f"{doc_id}.txt", "content_sha256": f"sha-{doc_id}",
                     "duplicate_of": duplicate_of.get(doc_id), "text_sha256": fp.text_sha256,
                     "minhash": list(fp.minhash) if fp.minhash else None, "run_id": "r1", "text": body})
        if doc_id not in duplicate_of:
            rows += [{"doc_id": doc_id, "band": b, "band_key": k} for b, k in make_dedup_keys(fp)]
        sources.append({"source_path": f"{doc_id}.txt", "size_bytes": 1, "mtime_ns": i, "content_sha256":
                        f"sha-{doc_id}", "deleted": False, "recorded_at": datetime(2025, 1, 1)})
    publish(wh, "r1", {"documents": docs, "sources": sources} | ({"dedup_keys": rows} if keys else {}))


def test_probed_duplicate_index_finds_what_a_full_index_finds(tmp_path):
    wh = Warehouse(tmp_path)
    texts = {f"d{i}": text(i) for i in range(30)}
    texts["copy"] = texts["d3"]  # a stored duplicate is never an original
    stored_documents(wh, texts, {"copy": "d3"})
    lookup = WarehouseLookup(wh.root, wh.read_manifest())
    sources = lookup.latest_sources()
    full = DedupIndex.from_table(wh.read_table("documents"))
    probed = WarehouseDedup(lookup, sources)
    probes = [texts["d3"], texts["d7"] + " council vote", text(999), texts["d12"].upper()]
    fps = [make_fingerprint(t) for t in probes]
    probed.prefetch(fps)
    assert len(probed) < len(full)  # only the candidates were read
    for fp in fps:
        assert probed.find(fp, ("new.txt", "x")) == full.find(fp, ("new.txt", "x"))
    assert [m.doc_id if m else None for m in map(probed.find, fps)] == ["d3", "d7", None, "d12"]
    probed.discard_path("d7.txt")  # its file changed: no longer anyone's original
    probed.prefetch(fps)
    assert probed.find(fps[1]) is None


def test_entities_looked_up_by_key_resolve_as_a_full_load(tmp_path):
    wh = Warehouse(tmp_path)
    first = EntityIndex()
    batch = [LocalEntity(0, "Anna Berg", "PERSON", None), LocalEntity(1, "Berg", "PERSON", None),
             LocalEntity(2, "Northern Rail Board", "ORG", None, ("NRB",)), LocalEntity(3, "Lakes", "LOC", None),
             LocalEntity(4, "Quentin Vale", "PERSON", None)]
    for e in batch:
        first.assign(e, "r1")
    stored = first.to_table(datetime(2025, 1, 1))
    publish(wh, "r1", {"entities": stored.to_pylist(),
                       "entity_keys": first.keys_table(stored.to_pylist(), datetime(2025, 1, 1)).to_pylist()})
    later = [LocalEntity(0, "NRB", "ORG", None), LocalEntity(1, "Lake", "LOC", None),
             LocalEntity(2, "Anna Berg", "PERSON", None), LocalEntity(3, "Carl Moss", "PERSON", None)]
    full, probed = EntityIndex.from_table(wh.read_table("entities")), EntityIndex()
    lookup = WarehouseLookup(wh.root, wh.read_manifest())
    from transforms.load.resolve import lookup_keys

    probed.load(*lookup.entities_for({k for e in later for k in lookup_keys(e)}))
    assert "Quentin Vale" not in {r["name"] for r in probed.rows.values()}  # not needed, not read
    assert [probed.assign(e, "r2") for e in later] == [full.assign(e, "r2") for e in later]
    assert probed.changed() == full.changed()
    assert {r["name"] for r in probed.changed()} == {"Carl Moss", "Lakes"}  # new, or a new alias: appended


@pytest.mark.e2e
def test_a_run_never_loads_a_whole_fact_table(tmp_path, prefect_server, monkeypatch):
    from flows.run.pipeline import run_pipeline
    from flows.settings import Settings

    inputs, wh = tmp_path / "in", tmp_path / "wh"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Harbour vote\n\n" + text(1) + ".\n")
    settings = Settings(input=inputs, warehouse=wh, n_process=1).resolved()
    run_pipeline(settings)
    (inputs / "b.txt").write_text("Harbour vote again\n\n" + text(1) + ".\n")  # an exact copy, found by probing
    (inputs / "c.txt").write_text("School budget\n\n" + text(2) + ".\n")

    def refuse(self, name, *args, **kwargs):
        raise AssertionError(f"a run loaded the whole {name} table")

    monkeypatch.setattr(Warehouse, "read_table", refuse)
    summary = run_pipeline(settings)
    assert summary.n_new == 2 and summary.contract_failures == []
    con = Warehouse(wh).connect()
    assert con.sql("SELECT source_path, duplicate_of IS NOT NULL FROM documents ORDER BY 1").fetchall() == [
        ("a.txt", False), ("b.txt", True), ("c.txt", False)]
    con.close()


def test_a_warehouse_from_before_the_key_tables_gets_them_once(tmp_path):
    from flows.store.lookup import backfill_keys

    wh = Warehouse(tmp_path)
    texts = {f"d{i}": text(i) for i in range(3)}
    stored_documents(wh, texts, {}, keys=False)  # as a warehouse written before the key tables
    old = EntityIndex()
    old.assign(LocalEntity(0, "Northern Rail Board", "ORG", None, ("NRB",)), "r0")
    publish(wh, "r0", {"entities": [dict(r, recorded_at=None) for r in old.to_table().to_pylist()]})
    manifest = backfill_keys(wh, "keys", wh.read_manifest())
    assert wh.read_table("dedup_keys", manifest=manifest).num_rows == 3 * 10
    lookup = WarehouseLookup(wh.root, manifest)
    rows, owners = lookup.entities_for(["name:nrb"])
    assert owners == {"name:nrb": old.by_key["name:nrb"]} and rows.num_rows == 1
    assert backfill_keys(wh, "again", manifest) is manifest  # nothing left to do
    con = wh.connect()
    assert con.sql("SELECT count(*) FROM entity_keys").fetchall()[0][0] == 2
    con.close()
