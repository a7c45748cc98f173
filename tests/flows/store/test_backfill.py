"""A warehouse written before the running totals existed gets them once, as runs would have written them."""

from datetime import datetime

from flows.store.backfill import (backfill_counts, backfill_pairs, backfill_totals, needs_counts, needs_pairs,
                                   needs_totals)
from flows.store.warehouse import Warehouse
from transforms.load.aggregates import count_entity_facts
from transforms.load.tables import to_arrow

T1, T2, T3 = datetime(2024, 5, 1), datetime(2024, 6, 1), datetime(2024, 7, 1)
RUN1 = {  # a.txt version v1 (later replaced) and b.txt
    "documents": [
        {"doc_id": "a1", "source_path": "a.txt", "content_sha256": "v1", "run_id": "r1", "published_at": T1},
        {"doc_id": "b1", "source_path": "b.txt", "content_sha256": "w1", "run_id": "r1", "ingested_at": T2},
    ],
    "mentions": [{"doc_id": d, "entity_id": e, "sentence_idx": 0, "start_char": s, "end_char": s + 1}
                 for d, e, s in [("a1", "E1", 0), ("a1", "E1", 4), ("a1", "E2", 8), ("b1", "E1", 0)]],
    "events": [{"doc_id": "b1", "event_id": "b1-e0", "sentence_idx": 0, "type": "CONSULT", "trigger": "meet",
                "mode": "asserted", "confidence": 0.5, "actor_entity_id": "E1", "target_entity_id": "E2"}],
    "quotes": [{"doc_id": "a1", "quote_id": "a1-q0", "sentence_idx": 0, "start_char": 0, "end_char": 3,
                "speaker_entity_id": "E2"}],
}
RUN2 = {  # a.txt changed to v2: only E2 named now
    "documents": [{"doc_id": "a2", "source_path": "a.txt", "content_sha256": "v2", "run_id": "r2",
                   "published_at": T2}],
    "mentions": [{"doc_id": "a2", "entity_id": "E2", "sentence_idx": 0, "start_char": 0, "end_char": 1}],
    "events": [], "quotes": [],
}
ENTITIES = [{"entity_id": e, "name": n, "type": "ORG", "recorded_at": T1} for e, n in [("E1", "One"), ("E2", "Two")]]
SOURCES = [{"source_path": p, "content_sha256": v, "deleted": False, "recorded_at": at}
           for p, v, at in [("a.txt", "v1", T1), ("b.txt", "w1", T1), ("a.txt", "v2", T2)]]


def publish_run(wh, run_id, facts, extra):
    with wh.lock():
        staged = {name: [wh.stage(run_id, name, to_arrow(name, rows), 0)] for name, rows in {**facts, **extra}.items()
                  if rows}
        wh.publish(run_id, staged)


def summary(wh):
    return wh.connect().sql("SELECT name, mentions, documents, events, quotes, first_seen, last_seen "
                            "FROM entity_summary ORDER BY name").fetchall()


def test_backfilled_totals_are_the_ones_runs_write(tmp_path):
    wh = Warehouse(tmp_path)
    runs = [("r1", RUN1, {"entities": ENTITIES, "sources": SOURCES[:2], "runs": [{"run_id": "r1"}]}),
            ("r2", RUN2, {"sources": SOURCES[2:], "runs": [{"run_id": "r2"}]})]
    for run_id, facts, extra in runs:  # as runs made before the totals were kept
        publish_run(wh, run_id, facts, extra)
    assert needs_counts(wh.read_manifest())
    with wh.lock():
        manifest = backfill_counts(wh, "r3-counts", wh.read_manifest())
    assert not needs_counts(manifest)
    stored = wh.connect().sql("SELECT * FROM entity_counts_history ORDER BY ALL").to_arrow_table()
    written = [count_entity_facts(*(to_arrow(n, facts[n]) for n in ("documents", "mentions", "events", "quotes")))
               for _, facts, _ in runs]
    assert sorted(stored.to_pylist(), key=repr) == sorted(written[0].to_pylist() + written[1].to_pylist(), key=repr)
    with wh.lock():
        manifest = backfill_totals(wh, "r3-totals", manifest, T3)
    # the replaced version a.txt v1 no longer counts: E1 keeps b.txt's mention and event, E2 a.txt v2's mention
    assert summary(wh) == [("One", 1, 1, 1, 0, T2, T2), ("Two", 1, 1, 1, 0, T2, T2)]
    with wh.lock():
        assert backfill_counts(wh, "r4-counts", manifest) is manifest  # once


def test_backfilled_entity_totals_add_up_the_current_counts(tmp_path):
    wh = Warehouse(tmp_path)
    entities = ENTITIES + [{"entity_id": "E3", "name": "Three", "type": "ORG", "recorded_at": T1}]
    runs = [("r1", {**RUN1, "mentions": RUN1["mentions"] + [  # E3 only in the version a.txt v1, replaced later
        {"doc_id": "a1", "entity_id": "E3", "sentence_idx": 0, "start_char": 12, "end_char": 13}]},
             {"entities": entities, "sources": SOURCES[:2], "runs": [{"run_id": "r1"}]}),
            ("r2", RUN2, {"sources": SOURCES[2:], "runs": [{"run_id": "r2"}]})]
    for run_id, facts, extra in runs:
        publish_run(wh, run_id, facts, extra)
    with wh.lock():
        manifest = backfill_counts(wh, "r3-counts", wh.read_manifest())
        assert needs_totals(manifest)
        manifest = backfill_totals(wh, "r3-totals", manifest, T3)
    assert not needs_totals(manifest)
    stored = wh.connect().sql("SELECT entity_id, mentions, documents, events, quotes, first_seen, last_seen, "
                              "recorded_at FROM entity_totals_history ORDER BY entity_id").fetchall()
    # E3 is named by no current version: a row of zeros, as a run retiring a.txt v1 would have written
    assert stored == [("E1", 1, 1, 1, 0, T2, T2, T3), ("E2", 1, 1, 1, 0, T2, T2, T3),
                      ("E3", 0, 0, 0, 0, None, None, T3)]
    assert summary(wh) == [("One", 1, 1, 1, 0, T2, T2), ("Three", 0, 0, 0, 0, None, None),
                           ("Two", 1, 1, 1, 0, T2, T2)]
    assert wh.check_contracts() == []
    with wh.lock():
        assert backfill_totals(wh, "r4-totals", manifest, T3) is manifest  # once


def test_backfilled_pair_totals_count_the_current_cooccurrences_once(tmp_path):
    wh = Warehouse(tmp_path)
    pairs = [{"doc_id": d, "sentence_idx": s, "entity_id_a": "E1", "entity_id_b": "E2"}
             for d, s in [("a1", 0), ("a1", 2), ("b1", 0)]]  # a1 (a.txt v1) is replaced by run 2
    runs = [("r1", {**RUN1, "cooccurrences": pairs}, {"entities": ENTITIES, "sources": SOURCES[:2],
                                                      "runs": [{"run_id": "r1"}]}),
            ("r2", RUN2, {"sources": SOURCES[2:], "runs": [{"run_id": "r2"}]})]
    for run_id, facts, extra in runs:
        publish_run(wh, run_id, facts, extra)
    assert needs_pairs(wh.read_manifest())
    with wh.lock():
        manifest = backfill_pairs(wh, "r3-pairs", wh.read_manifest(), T3)
    assert not needs_pairs(manifest)
    assert wh.connect().sql("SELECT name_a, name_b, sentences, documents FROM entity_cooccurrence").fetchall() == [
        ("One", "Two", 1, 1)]
    assert wh.check_contracts() == []
    with wh.lock():
        assert backfill_pairs(wh, "r4-pairs", manifest, T3) is manifest  # once
