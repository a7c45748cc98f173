"""Events and quotes written before they carried their context get it once (events sorted)."""

from datetime import date, datetime

import pyarrow.parquet as pq
import pytest

from flows.store.context import CONTEXTS, backfill_context, needs_context
from flows.store.manifest import read_manifest, write_manifest
from flows.store.parquetio import hash_file
from flows.store.warehouse import Warehouse
from transforms.load.quoted import add_quoted_entities
from transforms.load.tables import to_arrow

EVENTS_CONTEXT, QUOTES_CONTEXT = CONTEXTS
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
MENTIONS = [{"doc_id": d, "entity_id": e, "sentence_idx": 0, "start_char": s, "end_char": s + len(t), "text": t}
            for d, e, s, t in [("d1", "SP", 0, "Lima"), ("d1", "E1", 12, "Peru"), ("d1", "E1", 30, "Peru"),
                               ("d1", "E2", 40, "the OAS"), ("d1", "E1", 60, "Republic of Peru"),
                               ("d1", "SP", 22, "Lima"), ("d2", "E2", 3, "OAS")]]
QUOTES = [{"doc_id": d, "quote_id": q, "sentence_idx": 0, "start_char": s, "end_char": e, "speaker_entity_id": sp}
          for d, q, s, e, sp in [("d1", "d1-q0", 10, 47, "SP"),  # Peru twice, the OAS on its end; Lima is the speaker
                                 ("d1", "d1-q1", 55, 70, None),  # Republic of Peru crosses its end
                                 ("d2", "d2-q0", 0, 20, "E2")]]  # only the speaker


def make_old_warehouse(root, old=("events", "quotes")):
    """A warehouse whose events and quotes files (those named in old) lack their context columns, as runs wrote
    them before they existed."""
    wh = Warehouse(root)
    with wh.lock():
        wh.publish("r1", {n: [wh.stage("r1", n, to_arrow(n, rows), 0)] for n, rows in [
            ("documents", DOCS), ("sentences", SENTENCES), ("mentions", MENTIONS),
            ("sources", [{"source_path": "a.txt", "content_sha256": "v1"}, {"source_path": "b.txt",
                                                                           "content_sha256": "w1"}])]})
    manifest = read_manifest(root)
    for context, rows in ((EVENTS_CONTEXT, EVENTS), (QUOTES_CONTEXT, QUOTES)):
        rel = f"tables/{context.table}/r1-00000.parquet"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        table = to_arrow(context.table, rows)
        pq.write_table(table.drop_columns(list(context.columns)) if context.table in old else table, root / rel)
        manifest.tables[context.table] = [rel]
        manifest.sha256[rel] = hash_file(root / rel)
    write_manifest(root, manifest)
    return wh


def test_old_events_and_quotes_get_their_context_once(tmp_path):
    wh = make_old_warehouse(tmp_path)
    assert all(needs_context(tmp_path, wh.read_manifest(), c) for c in CONTEXTS)
    with wh.lock():
        manifest = backfill_context(wh, "r2-context", wh.read_manifest())
    assert not any(needs_context(tmp_path, manifest, c) for c in CONTEXTS)
    assert wh.read_table("events").select(["event_id", *EVENTS_CONTEXT.columns]).to_pylist() == [  # timeline order
        {"event_id": "d2-e0", "sentence": "It rained.", "title": None, "reported_on": date(2025, 1, 5)},
        {"event_id": "d1-e0", "sentence": "They met.", "title": "Talks", "reported_on": date(2024, 3, 2)},
        {"event_id": "d1-e1", "sentence": "They signed.", "title": "Talks", "reported_on": date(2024, 3, 2)},
    ]
    con = wh.connect()
    assert con.sql("SELECT event_id, sentence FROM event_timeline").fetchall() == [
        ("d2-e0", "It rained."), ("d1-e0", "They met."), ("d1-e1", "They signed.")]
    quotes = sorted(wh.read_table("quotes").select(["quote_id", *QUOTES_CONTEXT.columns]).to_pylist(),
                    key=lambda q: q["quote_id"])
    assert quotes == [
        {"quote_id": "d1-q0", "published_at": datetime(2024, 3, 2, 9), "title": "Talks",
         "about": ["Peru", "the OAS"], "about_entity_ids": ["E1", "E2"]},
        {"quote_id": "d1-q1", "published_at": datetime(2024, 3, 2, 9), "title": "Talks", "about": [],
         "about_entity_ids": []},
        {"quote_id": "d2-q0", "published_at": None, "title": None, "about": [], "about_entity_ids": []},
    ]
    # what a run would have written with these quotes: the backfill and build_tables agree
    written = add_quoted_entities(to_arrow("quotes", QUOTES), to_arrow("mentions", MENTIONS)).to_pylist()
    assert [(q["about"], q["about_entity_ids"]) for q in quotes] == [(q["about"], q["about_entity_ids"])
                                                                      for q in written]
    assert con.sql("SELECT quote_id, about, title FROM quotes_by_speaker").fetchall() == [  # no entity: by date
        ("d1-q0", ["Peru", "the OAS"], "Talks"), ("d1-q1", [], "Talks"), ("d2-q0", [], None)]
    con.close()
    with wh.lock():
        assert backfill_context(wh, "r3-context", manifest) is manifest  # nothing left to do


@pytest.mark.parametrize("old", [("events",), ("quotes",)])
def test_only_the_tables_without_context_are_rewritten(tmp_path, old):
    wh = make_old_warehouse(tmp_path, old)
    before = wh.read_manifest()
    with wh.lock():
        after = backfill_context(wh, "r2-context", before)
    for table in ("events", "quotes"):
        assert (after.tables[table] == before.tables[table]) == (table not in old)
    assert not any(needs_context(tmp_path, after, c) for c in CONTEXTS)
