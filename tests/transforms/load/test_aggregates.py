"""Running totals of a batch: per file version and entity, what the facts of its documents add up to."""

from datetime import datetime

import pyarrow as pa
import pytest

from transforms.load.aggregates import count_entity_facts, count_pairs, total_entity_facts, total_facts
from transforms.load.tables import to_arrow

T1, T2, T3 = datetime(2024, 1, 1), datetime(2024, 2, 1), datetime(2025, 3, 1)
DOCS = [  # a.jsonl gives two documents, b.txt one without a publication time
    {"doc_id": "d1", "source_path": "a.jsonl", "content_sha256": "x", "run_id": "r", "published_at": T2},
    {"doc_id": "d2", "source_path": "a.jsonl", "content_sha256": "x", "run_id": "r", "published_at": T1},
    {"doc_id": "d3", "source_path": "b.txt", "content_sha256": "y", "run_id": "r", "published_at": None,
     "ingested_at": T3},
]


def mention(doc, entity, start):
    return {"doc_id": doc, "entity_id": entity, "sentence_idx": 0, "start_char": start, "end_char": start + 1}


def event(doc, n, actor, target):
    return {"doc_id": doc, "event_id": f"{doc}-e{n}", "sentence_idx": 0, "type": "CONSULT", "trigger": "meet",
            "mode": "asserted", "confidence": 0.5, "actor_entity_id": actor, "target_entity_id": target}


def quote(doc, n, speaker):
    return {"doc_id": doc, "quote_id": f"{doc}-q{n}", "sentence_idx": 0, "start_char": 0, "end_char": 1,
            "speaker_entity_id": speaker}


def counts(mentions=(), events=(), quotes=()):
    table = count_entity_facts(to_arrow("documents", DOCS), to_arrow("mentions", list(mentions)),
                               to_arrow("events", list(events)), to_arrow("quotes", list(quotes)))
    return [(r["source_path"], r["entity_id"], r["mentions"], r["documents"], r["events"], r["quotes"],
             r["first_seen"], r["last_seen"]) for r in table.to_pylist()]


@pytest.mark.parametrize("mentions,expected", [
    ([], []),
    # twice in d1, once in d2: three mentions in two documents of one file version, first seen at d2's time
    ([mention("d1", "E1", 0), mention("d1", "E1", 5), mention("d2", "E1", 0)],
     [("a.jsonl", "E1", 3, 2, 0, 0, T1, T2)]),
    # each file version its own row; a document without publication time counts from its ingestion
    ([mention("d1", "E1", 0), mention("d3", "E1", 0), mention("d3", "E2", 4)],
     [("a.jsonl", "E1", 1, 1, 0, 0, T2, T2), ("b.txt", "E1", 1, 1, 0, 0, T3, T3),
      ("b.txt", "E2", 1, 1, 0, 0, T3, T3)]),
])
def test_mentions_are_counted_per_file_version(mentions, expected):
    assert counts(mentions) == expected


@pytest.mark.parametrize("events,quotes,expected", [
    # an event counts once for its actor and once for its target, once when it is both; no time without mentions
    ([event("d1", 0, "E1", "E2"), event("d1", 1, "E1", "E1"), event("d2", 0, None, "E2")], [],
     [("a.jsonl", "E1", 0, 0, 2, 0, None, None), ("a.jsonl", "E2", 0, 0, 2, 0, None, None)]),
    # quotes count for their speaker only; unresolved speakers count for nobody
    ([], [quote("d1", 0, "E1"), quote("d3", 0, "E1"), quote("d3", 1, None)],
     [("a.jsonl", "E1", 0, 0, 0, 1, None, None), ("b.txt", "E1", 0, 0, 0, 1, None, None)]),
])
def test_events_and_quotes_are_counted_per_entity(events, quotes, expected):
    assert counts(events=events, quotes=quotes) == expected


def test_mentions_events_and_quotes_of_one_entity_share_a_row():
    assert counts([mention("d1", "E1", 0)], [event("d1", 0, "E1", None)], [quote("d2", 0, "E1")]) == [
        ("a.jsonl", "E1", 1, 1, 1, 1, T2, T2)]


NOW = datetime(2025, 6, 1)


def count_row(entity, mentions, documents, events, quotes, first, last, path="a.txt"):
    return {"source_path": path, "content_sha256": "v", "run_id": "r", "entity_id": entity, "mentions": mentions,
            "documents": documents, "events": events, "quotes": quotes, "first_seen": first, "last_seen": last}


def total_row(entity, mentions, documents, events, quotes, first, last):
    return {"entity_id": entity, "mentions": mentions, "documents": documents, "events": events, "quotes": quotes,
            "first_seen": first, "last_seen": last, "recorded_at": T1}


def totals(previous=(), added=(), recounted=(), recount=()):
    table = total_entity_facts(to_arrow("entity_totals", list(previous)), to_arrow("entity_counts", list(added)),
                               to_arrow("entity_counts", list(recounted)), recount, NOW)
    assert set(table["recorded_at"].to_pylist()) <= {NOW}
    return [tuple(r[c] for c in ("entity_id", "mentions", "documents", "events", "quotes", "first_seen",
                                 "last_seen")) for r in table.to_pylist()]


@pytest.mark.parametrize("previous,added,expected", [
    ([], [], []),
    # a new entity: the run's rows added up (sums; earliest first seen, latest last seen)
    ([], [count_row("E1", 2, 1, 1, 0, T2, T2), count_row("E1", 1, 1, 0, 1, T1, T1, path="b.txt")],
     [("E1", 3, 2, 1, 1, T1, T2)]),
    # a known entity: its previous totals plus the run's rows; entities the run did not touch get no row
    ([total_row("E1", 10, 4, 2, 1, T2, T2), total_row("E2", 5, 5, 0, 0, T1, T1)],
     [count_row("E1", 1, 1, 0, 0, T3, T3)], [("E1", 11, 5, 2, 1, T2, T3)]),
    # facts without a time (an event actor never mentioned) keep the times the entity had
    ([total_row("E1", 1, 1, 0, 0, T1, T2)], [count_row("E1", 0, 0, 1, 0, None, None)],
     [("E1", 1, 1, 1, 0, T1, T2)]),
])
def test_a_run_adds_its_counts_to_the_previous_totals(previous, added, expected):
    assert totals(previous, added) == expected


@pytest.mark.parametrize("previous,added,recounted,recount,expected", [
    # E1 was named in a retired version: counted again from its current rows alone, previous totals ignored
    ([total_row("E1", 10, 4, 2, 1, T1, T3)], [], [count_row("E1", 3, 1, 0, 0, T2, T2, path="b.txt")], ["E1"],
     [("E1", 3, 1, 0, 0, T2, T2)]),
    # an entity left without current facts gets a row of zeros and no times
    ([total_row("E1", 10, 4, 2, 1, T1, T3)], [], [], ["E1"], [("E1", 0, 0, 0, 0, None, None)]),
    # retired and added in one run (a file replaced): the run's rows are among the current ones counted again,
    # not added a second time; E2 only gained facts; rows of entities not recounted are ignored
    ([total_row("E1", 10, 4, 2, 1, T1, T3), total_row("E2", 1, 1, 0, 0, T1, T1)],
     [count_row("E1", 1, 1, 0, 0, T3, T3), count_row("E2", 1, 1, 0, 0, T2, T2)],
     [count_row("E1", 1, 1, 0, 0, T3, T3), count_row("E1", 2, 2, 1, 0, T1, T2, path="b.txt"),
      count_row("E3", 7, 7, 0, 0, T1, T1)], ["E1"],
     [("E1", 3, 3, 1, 0, T1, T3), ("E2", 2, 2, 0, 0, T1, T2)]),
])
def test_entities_of_retired_versions_are_counted_again(previous, added, recounted, recount, expected):
    assert totals(previous, added, recounted, recount) == expected


def pair_row(a, b, sentences, documents):
    return {"entity_id_a": a, "entity_id_b": b, "sentences": sentences, "documents": documents, "recorded_at": T1}


def cooccurrence(doc, sentence, a, b):
    return {"doc_id": doc, "sentence_idx": sentence, "entity_id_a": a, "entity_id_b": b}


@pytest.mark.parametrize("rows,expected", [
    ([], []),
    # two sentences of one document and one of another: 3 sentences, 2 documents; pairs kept apart
    ([cooccurrence("d1", 0, "E1", "E2"), cooccurrence("d1", 3, "E1", "E2"), cooccurrence("d2", 0, "E1", "E2"),
      cooccurrence("d2", 0, "E1", "E3")], [("E1", "E2", 3, 2), ("E1", "E3", 1, 1)]),
])
def test_pairs_are_counted_by_sentence_and_document(rows, expected):
    counted = count_pairs(to_arrow("cooccurrences", rows))
    assert [tuple(r.values()) for r in counted.to_pylist()] == expected


def pair_totals(previous=(), rows=(), recounted=(), recount=()):
    recount = pa.table({"entity_id_a": pa.array([a for a, _ in recount], pa.string()),
                        "entity_id_b": pa.array([b for _, b in recount], pa.string())})
    table = total_facts("pair_totals", to_arrow("pair_totals", list(previous)),
                        count_pairs(to_arrow("cooccurrences", list(rows))), to_arrow("pair_totals", list(recounted)),
                        recount, NOW)
    assert set(table["recorded_at"].to_pylist()) <= {NOW}
    return [(r["entity_id_a"], r["entity_id_b"], r["sentences"], r["documents"]) for r in table.to_pylist()]


@pytest.mark.parametrize("previous,rows,recounted,recount,expected", [
    # a known pair gains a sentence in a new document; (E1, E3) shares E1 but is another pair: untouched
    ([pair_row("E1", "E2", 4, 2), pair_row("E1", "E3", 9, 9)], [cooccurrence("d9", 1, "E1", "E2")], [], [],
     [("E1", "E2", 5, 3)]),
    # the reversed ids are not the same key as (E1, E2): a pair is only ever written smaller id first
    ([pair_row("E2", "E1", 4, 2)], [cooccurrence("d9", 1, "E1", "E2")], [], [], [("E1", "E2", 1, 1)]),
    # (E1, E2) was in a retired version: its current count replaces the previous one; a pair left with no
    # sentence gets zeros
    ([pair_row("E1", "E2", 4, 2), pair_row("E2", "E3", 1, 1)], [cooccurrence("d9", 1, "E1", "E2")],
     [pair_row("E1", "E2", 2, 2)], [("E1", "E2"), ("E2", "E3")], [("E1", "E2", 2, 2), ("E2", "E3", 0, 0)]),
])
def test_a_run_adds_its_pairs_to_the_previous_totals(previous, rows, recounted, recount, expected):
    assert pair_totals(previous, rows, recounted, recount) == expected
