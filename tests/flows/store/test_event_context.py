"""Events written before they carried their sentence, headline and date get them once, sorted."""

from datetime import date, datetime

import pyarrow.parquet as pq

from flows.store.event_context import CONTEXT, backfill_event_context, needs_event_context
from flows.store.manifest import read_manifest, write_manifest
from flows.store.parquetio import hash_file
from flows.store.warehouse import Warehouse
from transforms.load.tables import to_arrow

DOCS = [{"doc_id": "d1", "source_path": "a.txt", "content_sha256": "v1", "run_id": "r1", "title": "Talks",
         "published_at": datetime(2024, 3, 2, 9)},
        {"doc_id": "d2", "source_path": "b.txt", "content_sha256": "w1", "run_id": "r1", "title": None,
         "ingested_at": datetime(2025, 1, 5, 23)}]
SENTENCES = [{"doc_id": d, "sentence_idx": i, "paragraph_idx": 0, "start_char": 0, "end_char": 9, "text": t}
             for d, i, t in [("d1", 0, "They met."), ("d1", 1, "They signed."), ("d2", 0, "It rained.")]]
EVENTS = [{"doc_id": d, "event_id": e, "sentence_idx": i, "type": "CONSULT", "trigger": "meet", "mode": "asserted",
           "confidence": 0.9, "event_date": day}
          for d, e, i, day in [("d1", "d1-e0", 0, date(2024, 3, 1)), ("d1", "d1-e1", 1, None),
                               ("d2", "d2-e0", 0, date(2023, 12, 31))]]


def make_old_warehouse(root):
    """A warehouse whose events file lacks the context columns, as runs wrote it before they existed."""
    wh = Warehouse(root)
    with wh.lock():
        wh.publish("r1", {n: [wh.stage("r1", n, to_arrow(n, rows), 0)] for n, rows in [
            ("documents", DOCS), ("sentences", SENTENCES),
            ("sources", [{"source_path": "a.txt", "content_sha256": "v1"}, {"source_path": "b.txt",
                                                                           "content_sha256": "w1"}])]})
    rel = "tables/events/r1-00000.parquet"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(to_arrow("events", EVENTS).drop_columns(list(CONTEXT)), root / rel)
    manifest = read_manifest(root)
    manifest.tables["events"] = [rel]
    manifest.sha256[rel] = hash_file(root / rel)
    write_manifest(root, manifest)
    return wh


def test_old_events_get_their_context_once_and_sorted(tmp_path):
    wh = make_old_warehouse(tmp_path)
    assert needs_event_context(tmp_path, wh.read_manifest())
    with wh.lock():
        manifest = backfill_event_context(wh, "r2-events", wh.read_manifest())
    assert not needs_event_context(tmp_path, manifest)
    assert wh.read_table("events").select(["event_id", *CONTEXT]).to_pylist() == [  # event_timeline's order
        {"event_id": "d2-e0", "sentence": "It rained.", "title": None, "reported_on": date(2025, 1, 5)},
        {"event_id": "d1-e0", "sentence": "They met.", "title": "Talks", "reported_on": date(2024, 3, 2)},
        {"event_id": "d1-e1", "sentence": "They signed.", "title": "Talks", "reported_on": date(2024, 3, 2)},
    ]
    assert wh.connect().sql("SELECT event_id, sentence FROM event_timeline").fetchall() == [
        ("d2-e0", "It rained."), ("d1-e0", "They met."), ("d1-e1", "They signed.")]
    with wh.lock():
        assert backfill_event_context(wh, "r3-events", manifest) is manifest  # nothing left to do
