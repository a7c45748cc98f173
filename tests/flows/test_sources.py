import os
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from hypothesis import strategies as st

from flows.sources import decode_path, encode_path, read_source, scan_folder
from tests.samples import FILES
from transforms.batch import build_tables, prepare_batch
from transforms.errors import InputRejected
from transforms.prepare import RawInput
from transforms.resolve import EntityIndex

MAX = 2_000


def test_scan_is_recursive_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("x")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("c")
    assert [f.source_path for f in scan_folder(tmp_path)] == ["a.txt", "b/x.txt"]


def test_scan_shows_names_that_are_not_utf8(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as fh:
        fh.write(b"Some news.")
    (file,) = scan_folder(tmp_path)
    assert file.source_path == "caf\\xe9.txt"
    assert read_source(file, max_bytes=100).data == b"Some news."


def test_read_source_hashes_bytes(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"hello")
    raw = read_source(scan_folder(tmp_path)[0], max_bytes=100)
    assert raw.content_sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert (raw.size_bytes, raw.data) == (5, b"hello")


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.html", "a.htm", "a.json", "a.jsonl", "a.json.gz", "a.gz",
                                  "no-extension"])
def test_read_source_reads_supported_names(tmp_path, name):
    (tmp_path / name).write_bytes(b"x")
    assert read_source(scan_folder(tmp_path)[0], max_bytes=10).data == b"x"


@pytest.mark.parametrize("name,data,reason", [
    ("a.pdf", b"%PDF", "unsupported"), ("a.tar.gz", b"\x1f\x8b", "unsupported"), ("big.txt", b"x" * 11, "too_large"),
])
def test_read_source_rejects(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputRejected) as info:
        read_source(scan_folder(tmp_path)[0], max_bytes=10)
    assert info.value.reason == reason


def read_folder(root: Path) -> tuple[list[RawInput], list[tuple[RawInput, InputRejected]]]:
    """What the flow's read stage does, without Prefect."""
    inputs, rejects = [], []
    for f in scan_folder(root):
        try:
            inputs.append(read_source(f, max_bytes=MAX))
        except InputRejected as exc:
            rejects.append((RawInput(f.source_path, "", f.size_bytes, b""), exc))
    return inputs, rejects


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=FILES)
def test_any_file_under_any_name_is_a_document_or_a_reject(files):
    files = [(n, d) for n, d in files if not n.startswith(".") and n not in (".", "..")
             and len(n.encode()) <= 255]
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files:
            Path(tmp, name).write_bytes(data)
        inputs, unreadable = read_folder(Path(tmp))
    result = prepare_batch(inputs, max_bytes=MAX)
    result.rejects += unreadable
    tables = build_tables(result, EntityIndex(), run_id="r1", now=datetime(2025, 1, 1))
    seen = {d["source_path"] for d in tables["documents"].to_pylist()}
    seen |= {r["source_path"] for r in tables["rejects"].to_pylist()}
    assert seen == {encode_path(os.fsencode(n)) for n, _ in files}


def test_names_that_look_alike_never_collapse_into_one_source_path(tmp_path):
    names = [b"caf\xe9.txt", b"caf\\xe9.txt", "caf\ufffd.txt".encode(), "caf\u00e9.txt".encode(), b"a\\b.txt"]
    for i, name in enumerate(names):
        with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
            fh.write(f"News story number {i}.".encode())
    files = scan_folder(tmp_path)
    paths = [f.source_path for f in files]
    assert len(set(paths)) == len(names) == len(files)
    assert "caf\\xe9.txt" in paths and "caf\\\\xe9.txt" in paths and "a\\\\b.txt" in paths
    for f in files:
        name = decode_path(f.source_path)
        assert read_source(f, max_bytes=100).data == f"News story number {names.index(name)}.".encode()
    inputs, unreadable = read_folder(tmp_path)
    tables = build_tables(prepare_batch(inputs, max_bytes=MAX), EntityIndex(), run_id="r1", now=datetime(2025, 1, 1))
    assert sorted(tables["documents"]["source_path"].to_pylist()) == sorted(paths) and not unreadable


@settings(max_examples=300, deadline=None, database=None)
@given(name=st.binary(min_size=1, max_size=40))
def test_path_encoding_is_reversible_and_valid_text(name):
    text = encode_path(name)
    text.encode("utf-8")  # storable as a Parquet string: no lone surrogates
    assert decode_path(text) == name
