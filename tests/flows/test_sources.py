import pytest

from flows.sources import read_source, scan_folder
from transforms.errors import InputRejected


def test_scan_is_recursive_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("x")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("c")
    assert [f.source_path for f in scan_folder(tmp_path)] == ["a.txt", "b/x.txt"]


def test_read_source_hashes_bytes(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"hello")
    raw = read_source(scan_folder(tmp_path)[0], max_bytes=100)
    assert raw.content_sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert (raw.size_bytes, raw.data) == (5, b"hello")


@pytest.mark.parametrize("name,data,reason", [("a.pdf", b"%PDF", "unsupported"), ("big.txt", b"x" * 11, "too_large")])
def test_read_source_rejects(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputRejected) as info:
        read_source(scan_folder(tmp_path)[0], max_bytes=10)
    assert info.value.reason == reason
