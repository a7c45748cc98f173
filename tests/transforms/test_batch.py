from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import SEED
from tests.samples import FILES, FRENCH, make_gzip, make_jsonl, make_raw
from transforms.batch import analyze_batch, build_tables, prepare_batch
from transforms.ingest.dedup import DedupIndex
from transforms.records import RawInput
from transforms.load.resolve import EntityIndex

NOW = datetime(2025, 1, 1)
SEED_BYTES = SEED.read_bytes()


def test_batch_makes_documents_and_rejects(nlp):
    inputs = [
        make_raw("seed.txt", SEED.read_bytes()),
        make_raw("empty.txt", b""),
        make_raw("latin1.txt", b"Caf\xe9 society news story."),
        make_raw("french.txt", FRENCH.encode()),
        make_raw("bad.json", b'{"text": '),
    ]
    result = analyze_batch(inputs, nlp, max_bytes=1_000_000)
    tables = build_tables(result, EntityIndex(), run_id="r1", now=NOW)
    docs = tables["documents"].to_pylist()
    assert [(d["source_path"], d["language"], d["encoding"], d["analyzed"]) for d in docs] == [
        ("seed.txt", "en", "utf-8", True), ("latin1.txt", None, "cp1252", False), ("french.txt", "fr", "utf-8", False)]
    assert docs[0]["notes"] == [] and docs[2]["notes"][0].startswith("not analyzed: language is 'fr'")
    rejects = {r["source_path"]: r["reason"] for r in tables["rejects"].to_pylist()}
    assert rejects == {"empty.txt": "empty", "bad.json": "malformed_json"}
    assert {r["doc_id"] for r in tables["mentions"].to_pylist()} == {docs[0]["doc_id"]}
    # events carry their sentence, headline and reported date (event_timeline reads no other table)
    sentences = {s["sentence_idx"]: s["text"] for s in tables["sentences"].to_pylist()}
    events = tables["events"].to_pylist()
    assert events and all(e["sentence"] == sentences[e["sentence_idx"]] for e in events)
    assert {(e["title"], e["reported_on"]) for e in events} == {(docs[0]["title"],
                                                                 docs[0]["published_at"].date())}
    # quotes carry their headline, publication time and the entities their words name (quotes_by_speaker joins
    # no fact table)
    quotes, mentions = tables["quotes"].to_pylist(), tables["mentions"].to_pylist()
    assert quotes and {(q["title"], q["published_at"]) for q in quotes} == {(docs[0]["title"],
                                                                            docs[0]["published_at"])}
    for q in quotes:
        inside = [m for m in mentions if q["start_char"] <= m["start_char"] and m["end_char"] <= q["end_char"]
                  and m["entity_id"] != q["speaker_entity_id"]]
        assert q["about"] == sorted({m["text"] for m in inside})
        assert q["about_entity_ids"] == sorted({m["entity_id"] for m in inside})
    assert any(q["about"] for q in quotes)


def test_duplicates_point_to_the_first_copy_and_are_not_analyzed(nlp):
    story = SEED.read_text()
    edited = story.replace("Two measures have not been fulfilled unfortunately.", "Two measures were not met.")
    inputs = [
        make_raw("a.txt", story.encode()),
        make_raw("feed.jsonl", make_jsonl({"title": "Copy", "text": story}, {"title": "Edited", "text": edited})),
        make_raw("b.txt.gz", make_gzip(story.encode("utf-16"))),
    ]
    dedup = DedupIndex()
    tables = build_tables(analyze_batch(inputs, nlp, max_bytes=1_000_000, dedup=dedup), EntityIndex(),
                          run_id="r1", now=NOW)
    docs = tables["documents"].to_pylist()
    first = docs[0]["doc_id"]
    assert [(d["source_path"], d["source_record"], d["duplicate_of"]) for d in docs] == [
        ("a.txt", None, None), ("feed.jsonl", 1, first), ("feed.jsonl", 2, first), ("b.txt.gz", None, first)]
    assert [d["analyzed"] for d in docs] == [True, False, False, False]
    # the JSON copy keeps the headline and caption lines in its text: near, not exact
    assert ["an exact copy" in d["notes"][0] for d in docs[1:]] == [False, False, True]
    for name in ("mentions", "events", "quotes", "sentences"):
        assert {r["doc_id"] for r in tables[name].to_pylist()} == {first}, name
    # a later batch (or run) with the index: another copy still points to the first
    later = prepare_batch([make_raw("c.txt", story.encode())], max_bytes=1_000_000, dedup=dedup)
    assert later.prepared[0].duplicate.doc_id == first


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=FILES)
def test_arbitrary_bytes_never_crash_and_never_lose_an_input(files):
    inputs = [make_raw(name, data) for name, data in files]
    result = prepare_batch(inputs, max_bytes=2_000)
    tables = build_tables(result, EntityIndex(), run_id="r1", now=NOW)
    documents, rejects = tables["documents"].to_pylist(), tables["rejects"].to_pylist()
    assert {d["source_path"] for d in documents} | {r["source_path"] for r in rejects} == {n for n, _ in files}
    assert all(r["reason"] != "internal_error" for r in rejects), rejects
    whole = {r["source_path"] for r in rejects if r["source_record"] is None}
    assert not whole & {d["source_path"] for d in documents}  # a file is documents or a reject, never both
    assert len({d["doc_id"] for d in documents}) == len(documents)


def test_pair_mentions_once_per_sentence():
    from transforms.batch import pair_mentions
    from transforms.records import Mention

    mentions = [Mention(0, 0, 0, 1, "a", "GPE"), Mention(1, 0, 2, 3, "b", "ORG"), Mention(0, 0, 4, 5, "a", "GPE"),
                Mention(2, 1, 6, 7, "c", "PERSON"), Mention(1, 2, 8, 9, "b", "ORG"), Mention(2, 2, 10, 11, "c", "PERSON")]
    ids = {0: "E9", 1: "E1", 2: "E5"}
    assert pair_mentions(mentions, ids) == [(0, "E1", "E9"), (2, "E1", "E5")]


def aged(name: str, data: bytes, mtime_ns: int):
    raw = make_raw(name, data)
    return RawInput(raw.source_path, raw.content_sha256, raw.size_bytes, raw.data, mtime_ns)


@pytest.mark.parametrize("files,original", [
    # identical bytes: the older file is the original, whatever its path
    ([("a.txt", SEED_BYTES, 2_000), ("z.txt", SEED_BYTES, 1_000)], "z.txt"),
    ([("a.txt", SEED_BYTES, 1_000), ("z.txt", SEED_BYTES, 2_000)], "a.txt"),
    # same modification time: the path decides
    ([("b.txt", SEED_BYTES, 1_000), ("a.txt", SEED_BYTES, 1_000)], "a.txt"),
    # the same story published earlier is the original even if its file is newer
    ([("a.txt", SEED_BYTES, 1_000), ("z.txt", SEED_BYTES.replace(b"23-12-2024", b"20-12-2024"), 9_000)], "z.txt"),
])
def test_the_older_copy_is_the_original(files, original):
    result = prepare_batch([aged(*f) for f in files], max_bytes=1_000_000)
    by_path = {p.raw.source_path: p for p in result.prepared}
    copy = next(p for path, p in by_path.items() if path != original)
    assert by_path[original].duplicate is None and by_path[original].analyzable
    assert copy.duplicate is not None and copy.duplicate.doc_id == by_path[original].doc_id
    assert [p.raw.source_path for p in result.prepared] == [f[0] for f in files]  # input order kept


def test_the_warm_up_text_is_prepared_as_an_english_document_with_a_dateline():
    # it must reach language detection and the place lookup, which load the packaged data
    from transforms.batch import WARM_UP, warm_up

    warm_up()
    (prepared,) = prepare_batch([WARM_UP], max_bytes=len(WARM_UP.data)).prepared
    assert prepared.language == "en" and prepared.article.paragraphs[0].startswith("The council")


def test_the_extraction_warm_up_article_yields_a_person_and_a_quote(nlp):
    # it must reach the name and place lookups, which load the packaged data
    from transforms.batch import WARM_UP_ARTICLE, extract_facts, warm_up_extraction

    warm_up_extraction(nlp)
    (facts,) = extract_facts([WARM_UP_ARTICLE], nlp)
    assert "PERSON" in {e.type for e in facts.entities} and [q.speaker_text for q in facts.quotes] == ["Ann Lee"]
