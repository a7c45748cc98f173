"""Analyst views: declared columns match what DuckDB computes, and the SQL means what the descriptions say."""

from datetime import date, datetime

import duckdb
import pytest

from schemas.analyst import VIEWS, render_analyst_views
from schemas.tables import TABLES
from schemas.views import duckdb_type, quote_ident
from transforms.load.aggregates import count_entity_facts, count_pairs, total_entity_facts, total_facts
from transforms.load.quoted import add_quoted_entities
from transforms.load.tables import to_arrow

DOCS = [
    {"doc_id": "d1", "source_path": "a.txt", "content_sha256": "x", "run_id": "r", "title": "First",
     "published_at": datetime(2024, 11, 20, 9), "ingested_at": datetime(2025, 1, 1)},
    {"doc_id": "d2", "source_path": "b.txt", "content_sha256": "y", "run_id": "r", "title": "Second",
     "published_at": None, "ingested_at": datetime(2025, 1, 2)},
]
ENTITIES = [{"entity_id": e, "name": n, "type": t} for e, n, t in [
    ("E1", "Armenia", "GPE"), ("E2", "CSTO", "ORG"), ("E3", "Nikol Pashinyan", "PERSON"), ("E4", "Unseen", "ORG")]]
MENTIONS = [  # d1: sentence 0 names E1 twice and E2; sentence 1 names E3. d2: sentence 0 names E2 and E1.
    {"doc_id": d, "entity_id": e, "sentence_idx": i, "start_char": start, "end_char": end, "text": text}
    for d, e, i, start, end, text in [
        ("d1", "E1", 0, 0, 7, "Armenia"), ("d1", "E1", 0, 20, 27, "Armenia"), ("d1", "E2", 0, 30, 34, "CSTO"),
        ("d1", "E3", 1, 50, 65, "Nikol Pashinyan"), ("d2", "E2", 0, 0, 4, "CSTO"), ("d2", "E1", 0, 10, 17, "Armenia")]
]
SENTENCES = [{"doc_id": "d1", "sentence_idx": 0, "paragraph_idx": 0, "start_char": 0, "end_char": 40,
              "text": "Armenia asked Armenia's CSTO."}]
EVENTS = [
    {"doc_id": "d1", "event_id": "v1", "sentence_idx": 0, "type": "REQUEST", "trigger": "ask", "mode": "asserted",
     "actor_entity_id": "E1", "actor_text": "Armenia", "target_entity_id": "E2", "target_text": "CSTO",
     "confidence": 0.8},
    {"doc_id": "d1", "event_id": "v2", "sentence_idx": 0, "type": "CONSULT", "trigger": "meet", "mode": "planned",
     "actor_text": "the heads", "event_date": date(2024, 11, 22), "date_precision": "day",
     "location_entity_id": "E1", "confidence": 0.5},
    {"doc_id": "d1", "event_id": "v3", "sentence_idx": 0, "type": "ASSAULT", "trigger": "beat", "mode": "asserted",
     "actor_text": "Winners", "confidence": 0.2},  # below the default cut: kept in events, not in the timeline
]
for _event in EVENTS:  # as build_tables writes them: the sentence, headline and date of their document
    _event.update(sentence=SENTENCES[0]["text"], title="First", reported_on=date(2024, 11, 20))
QUOTES = [
    {"doc_id": "d1", "quote_id": "q1", "sentence_idx": 1, "start_char": 45, "end_char": 70, "text": "about E3",
     "speaker_entity_id": "E3", "speaker_text": "he"},
    {"doc_id": "d1", "quote_id": "q2", "sentence_idx": 0, "start_char": 15, "end_char": 40, "text": "x",
     "speaker_text": "a spokesman"},
    {"doc_id": "d2", "quote_id": "q3", "sentence_idx": 0, "start_char": 20, "end_char": 30, "text": "y",
     "speaker_text": "a spokesman"},
]
for _quote in QUOTES:  # as build_tables writes them: the headline and publication time of their document
    _doc = next(d for d in DOCS if d["doc_id"] == _quote["doc_id"])
    _quote.update(title=_doc["title"], published_at=_doc["published_at"])
QUOTES = add_quoted_entities(to_arrow("quotes", QUOTES), to_arrow("mentions", MENTIONS)).to_pylist()  # and about
COOCCURRENCES = [  # the sentence pairs of MENTIONS, as build_tables writes them
    {"doc_id": "d1", "sentence_idx": 0, "entity_id_a": "E1", "entity_id_b": "E2"},
    {"doc_id": "d2", "sentence_idx": 0, "entity_id_a": "E1", "entity_id_b": "E2"},
]
ROWS = {"documents": DOCS, "entities": ENTITIES, "mentions": MENTIONS, "sentences": SENTENCES, "events": EVENTS,
        "quotes": QUOTES, "cooccurrences": COOCCURRENCES}
# the running totals a run writes with these facts (entity_summary reads them)
ROWS["entity_counts"] = count_entity_facts(*(to_arrow(n, ROWS[n]) for n in ("documents", "mentions", "events",
                                                                             "quotes"))).to_pylist()
ROWS["entity_totals"] = total_entity_facts(  # and the totals entity_summary reads
    to_arrow("entity_totals", []), to_arrow("entity_counts", ROWS["entity_counts"]), to_arrow("entity_counts", []),
    [], datetime(2025, 2, 1)).to_pylist()
ROWS["pair_totals"] = total_facts(  # and the pair totals entity_cooccurrence reads
    "pair_totals", to_arrow("pair_totals", []), count_pairs(to_arrow("cooccurrences", COOCCURRENCES)),
    to_arrow("pair_totals", []), to_arrow("pair_totals", []), datetime(2025, 2, 1)).to_pylist()


@pytest.fixture(scope="module")
def con():
    """Every declared table as a DuckDB table holding the rows above, then the analyst views."""
    db = duckdb.connect()
    for name, table in TABLES.items():
        cols = ", ".join(f"{quote_ident(c.name)} {duckdb_type(c.type)}" for c in table.columns)
        db.execute(f"CREATE TABLE {quote_ident(name)} ({cols})")
        for row in ROWS.get(name, []):
            keys = list(row)
            db.execute(f"INSERT INTO {quote_ident(name)} ({', '.join(map(quote_ident, keys))}) "
                       f"VALUES ({', '.join('?' for _ in keys)})", [row[k] for k in keys])
    for statement in render_analyst_views():
        db.execute(statement)
    yield db
    db.close()


def rows(con, sql):
    return con.sql(sql).fetchall()


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_columns_and_types_are_the_declared_ones(con, name):
    described = rows(con, f"DESCRIBE {quote_ident(name)}")
    assert [(r[0], r[1]) for r in described] == [(c.name, duckdb_type(c.type)) for c in VIEWS[name].columns]


@pytest.mark.parametrize("name", list(VIEWS))
def test_views_are_described_and_do_not_shadow_tables(name):
    view = VIEWS[name]
    assert name not in TABLES and view.description.endswith(".")
    assert all(c.description for c in view.columns) and len(set(view.column_names)) == len(view.columns)


@pytest.mark.parametrize("entity,expected", [
    ("Armenia", (3, 2, 1, 0, datetime(2024, 11, 20, 9), datetime(2025, 1, 2))),  # d2 falls back to ingested_at
    ("CSTO", (2, 2, 1, 0, datetime(2024, 11, 20, 9), datetime(2025, 1, 2))),
    ("Nikol Pashinyan", (1, 1, 0, 1, datetime(2024, 11, 20, 9), datetime(2024, 11, 20, 9))),
    ("Unseen", (0, 0, 0, 0, None, None)),
])
def test_entity_summary(con, entity, expected):
    assert rows(con, "SELECT mentions, documents, events, quotes, first_seen, last_seen FROM entity_summary "
                     f"WHERE name = '{entity}'") == [expected]


@pytest.mark.parametrize("pair,expected", [
    (("E1", "E2"), [("Armenia", "CSTO", 2, 2)]),  # same sentence in both documents
    (("E1", "E3"), []),  # same document, never the same sentence
    (("E2", "E1"), []),  # each unordered pair once, smaller id first
    (("E1", "E4"), []),
])
def test_entity_cooccurrence(con, pair, expected):
    assert rows(con, "SELECT name_a, name_b, sentences, documents FROM entity_cooccurrence "
                     f"WHERE entity_id_a = '{pair[0]}' AND entity_id_b = '{pair[1]}'") == expected


def test_entity_cooccurrence_counts_each_pair_once(con):
    assert rows(con, "SELECT count(*), count(DISTINCT (entity_id_a, entity_id_b)), "
                     "count(*) FILTER (WHERE entity_id_a >= entity_id_b) FROM entity_cooccurrence") == [(1, 1, 0)]


def test_event_timeline(con):
    assert rows(con, "SELECT count(*) FROM events") == [(3,)]
    assert rows(con, "SELECT event_id, event_date, reported_on, type, mode, actor, target, place, sentence, title "
                     "FROM event_timeline") == [
        ("v2", date(2024, 11, 22), date(2024, 11, 20), "CONSULT", "planned", "the heads", None, "Armenia",
         "Armenia asked Armenia's CSTO.", "First"),
        ("v1", None, date(2024, 11, 20), "REQUEST", "asserted", "Armenia", "CSTO", None,
         "Armenia asked Armenia's CSTO.", "First"),
    ]


def test_quotes_by_speaker(con):
    assert rows(con, "SELECT quote_id, speaker, speaker_type, about, speaker_quotes, title, speaker_text "
                     "FROM quotes_by_speaker ORDER BY quote_id") == [
        # the speaker's own mention is not what he talks about
        ("q1", "Nikol Pashinyan", "PERSON", [], 1, "First", "he"),
        # no entity: no speaker name (a common noun or pronoun is never shown as one), the words kept apart
        ("q2", None, None, ["Armenia", "CSTO"], None, "First", "a spokesman"),
        ("q3", None, None, [], None, "Second", "a spokesman"),
    ]


# quotes_by_speaker as computed from the facts (its definition before quotes carried their context and the
# speaker's count came from entity_totals)
QUOTES_FROM_FACTS = """
    WITH about AS (
        SELECT q.quote_id, list(DISTINCT m.text ORDER BY m.text) AS about
        FROM quotes q
        JOIN mentions m ON m.doc_id = q.doc_id AND m.start_char >= q.start_char AND m.end_char <= q.end_char
        WHERE m.entity_id IS DISTINCT FROM q.speaker_entity_id
        GROUP BY q.quote_id
    )
    SELECT p.name AS speaker, p.type AS speaker_type, q.text AS quote,
           coalesce(a.about, []) AS about, d.published_at, d.title,
           CASE WHEN p.entity_id IS NOT NULL
                THEN count(*) OVER (PARTITION BY p.entity_id) END AS speaker_quotes,
           q.speaker_text, q.speaker_entity_id, q.quote_id, q.doc_id, q.sentence_idx
    FROM quotes q
    LEFT JOIN entities p ON p.entity_id = q.speaker_entity_id
    LEFT JOIN about a USING (quote_id)
    LEFT JOIN documents d ON d.doc_id = q.doc_id
    ORDER BY speaker_quotes DESC NULLS LAST, speaker NULLS LAST, d.published_at DESC NULLS LAST, q.doc_id,
             q.start_char
"""


def test_quotes_by_speaker_equals_its_definition_over_the_facts(con):
    assert rows(con, "FROM quotes_by_speaker") == rows(con, QUOTES_FROM_FACTS)


def test_quotes_by_speaker_lists_speakerless_quotes_last(con):
    assert [r[0] for r in rows(con, "SELECT quote_id FROM quotes_by_speaker")] == ["q1", "q2", "q3"]
