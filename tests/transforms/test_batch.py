import hashlib
from datetime import datetime

from tests.conftest import SEED
from transforms.batch import RawInput, analyze_batch, build_tables
from transforms.language import detect_language
from transforms.resolve import EntityIndex


def raw(path, data: bytes) -> RawInput:
    return RawInput(path, hashlib.sha256(data).hexdigest(), len(data), data)


def test_batch_makes_documents_and_rejects(nlp):
    inputs = [
        raw("seed.txt", SEED.read_bytes()),
        raw("empty.txt", b""),
        raw("latin1.txt", b"Caf\xe9 society news story."),
        raw("french.txt", "Le gouvernement a annoncé mardi une réforme des retraites.".encode()),
    ]
    result = analyze_batch(inputs, nlp, max_bytes=1_000_000)
    tables = build_tables(result, EntityIndex(), run_id="r1", now=datetime(2025, 1, 1))
    docs = tables["documents"].to_pylist()
    assert [d["source_path"] for d in docs] == ["seed.txt", "french.txt"]
    assert [d["language"] for d in docs] == ["en", None]
    rejects = {r["source_path"]: r["reason"] for r in tables["rejects"].to_pylist()}
    assert rejects == {"empty.txt": "empty", "latin1.txt": "undecodable"}
    assert {r["doc_id"] for r in tables["mentions"].to_pylist()} == {docs[0]["doc_id"]}


def test_detect_language():
    assert detect_language("The minister said that the talks would resume in the spring.") == "en"
    assert detect_language("Der Minister sagte, dass die Gespräche im Frühjahr fortgesetzt würden.") is None
