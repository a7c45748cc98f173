import os
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from hypothesis import strategies as st

from flows.run.sources import decode_path, encode_path, read_source, scan_folder
from tests.samples import FILES
from transforms.batch import build_tables, prepare_batch
from transforms.errors import InputRejected
from transforms.records import RawInput
from transforms.load.resolve import EntityIndex

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


# issue 13 item 13: links, pipes, devices, loops, unlistable folders, the warehouse inside the input
def scanned(root: Path, **kw) -> dict[str, tuple[str, str] | None]:
    return {f.source_path: f.problem for f in scan_folder(root, **kw)}


def test_links_outside_the_input_are_rejected_not_followed(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink("/etc/passwd", tmp_path / "in" / "passwd_link.txt")
    os.symlink("/proc/self/status", tmp_path / "in" / "status.txt")
    os.symlink(tmp_path / "secret.txt", tmp_path / "in" / "up.txt")
    os.symlink(tmp_path, tmp_path / "in" / "parent_dir")
    found = scanned(tmp_path / "in")
    assert {p: v[0] for p, v in found.items()} == {"passwd_link.txt": "outside_input", "status.txt": "outside_input",
                                                    "up.txt": "outside_input", "parent_dir": "outside_input"}
    for f in scan_folder(tmp_path / "in"):
        with pytest.raises(InputRejected) as info:
            read_source(f, max_bytes=MAX, root=tmp_path / "in")
        assert info.value.reason == "outside_input"


def test_links_inside_the_input_are_read(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text("A story.")
    os.symlink("a/story.txt", tmp_path / "alias.txt")
    os.symlink("a", tmp_path / "alias_dir")  # its files are read under their own path
    found = scanned(tmp_path)
    assert found == {"a/story.txt": None, "alias.txt": None}
    alias = next(f for f in scan_folder(tmp_path) if f.source_path == "alias.txt")
    assert read_source(alias, max_bytes=MAX, root=tmp_path).data == b"A story."


def test_loops_pipes_sockets_and_devices_are_rejects(tmp_path):
    import socket
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    os.symlink(".", tmp_path / "self_dir")
    os.mkfifo(tmp_path / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.txt"))
    sock.close()
    found = scanned(tmp_path)
    assert {p: v[0] for p, v in found.items()} == {"a.txt": "unreadable", "b.txt": "unreadable",
                                                    "self_dir": "unreadable", "pipe.txt": "special_file",
                                                    "sock.txt": "special_file"}
    assert "loop" in found["a.txt"][1] and "pipe" in found["pipe.txt"][1]


def test_a_pipe_that_appears_after_the_scan_is_rejected_without_blocking(tmp_path):
    (tmp_path / "x.txt").write_text("text")
    (file,) = scan_folder(tmp_path)
    (tmp_path / "x.txt").unlink()
    os.mkfifo(tmp_path / "x.txt")  # no writer: a blocking open would hang here
    with pytest.raises(InputRejected) as info:
        read_source(file, max_bytes=MAX, root=tmp_path)
    assert info.value.reason == "special_file"


def test_a_folder_that_cannot_be_listed_is_a_reject(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text("fine")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.txt").write_text("x")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr("flows.run.sources.os.scandir", scandir)
    found = scanned(tmp_path)
    assert found["ok.txt"] is None
    assert found["locked/"][0] == "unreadable" and "cannot be listed" in found["locked/"][1]


def test_the_warehouse_inside_the_input_is_never_input(tmp_path):
    (tmp_path / "story.txt").write_text("A story.")
    (tmp_path / "wh" / "tables").mkdir(parents=True)
    (tmp_path / "wh" / "manifest.json").write_text("{}")
    os.symlink("wh/manifest.json", tmp_path / "manifest_link.json")
    found = scanned(tmp_path, skip=[tmp_path / "wh"])
    assert found == {"story.txt": None, "manifest_link.json": found["manifest_link.json"]}
    assert found["manifest_link.json"][0] == "outside_input"


# issue 13 item 12: the size limit holds while reading
def test_a_file_that_grew_after_the_scan_is_not_read_whole(tmp_path):
    (tmp_path / "grows.txt").write_bytes(b"small")
    (file,) = scan_folder(tmp_path)
    with open(tmp_path / "grows.txt", "ab") as fh:
        fh.truncate(50 * MAX)  # grew (sparse) after the scan
    with pytest.raises(InputRejected) as info:
        read_source(file, max_bytes=MAX, root=tmp_path)
    assert info.value.reason == "too_large" and "grew" in info.value.detail


def test_read_never_asks_for_more_than_the_limit(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(b"x" * (10 * MAX))
    (file,) = scan_folder(tmp_path)
    file = replace(file, size_bytes=1)  # the scan saw it small
    asked = []
    real_fdopen = os.fdopen

    def fdopen(fd, mode):
        fh = real_fdopen(fd, mode)
        real_read = fh.read
        fh_read = lambda n=-1: asked.append(n) or real_read(n)  # noqa: E731
        return type("F", (), {"read": staticmethod(fh_read), "__enter__": lambda s: s,
                              "__exit__": lambda s, *a: fh.close()})()

    monkeypatch.setattr("flows.run.sources.os.fdopen", fdopen)
    with pytest.raises(InputRejected):
        read_source(file, max_bytes=MAX, root=tmp_path)
    assert asked == [MAX + 1]
