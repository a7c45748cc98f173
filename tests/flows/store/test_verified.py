"""Readers hash only the published files that changed or were not checked lately; damage is still an error."""

import os

import pytest

from flows.store import parquetio, verified
from flows.store.parquetio import ParquetCorrupt
from tests.flows.store.test_warehouse import published


@pytest.fixture
def hashed(monkeypatch):
    """The files each verification hashes, in order."""
    seen = []
    real = parquetio.hash_file
    monkeypatch.setattr(parquetio, "hash_file", lambda path: seen.append(path.name) or real(path))
    return seen


def test_a_second_reader_hashes_nothing_unchanged(tmp_path, hashed):
    wh = published(tmp_path)
    wh.verify()
    assert len(hashed) == 2  # runs and mentions
    hashed.clear()
    wh.verify()
    assert hashed == []


def test_a_rewritten_file_is_hashed_again_even_with_its_old_mtime_restored(tmp_path, hashed):
    wh = published(tmp_path)
    wh.verify()
    (rel,) = wh.read_manifest().tables["mentions"]
    path = tmp_path / rel
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x04
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size and mtime: the change time still moved
    with pytest.raises(ParquetCorrupt, match="SHA-256 mismatch"):
        wh.verify()


def test_each_file_is_hashed_again_once_its_check_is_old(tmp_path, hashed, monkeypatch):
    wh = published(tmp_path)
    wh.verify()
    hashed.clear()
    now = verified.time.time()
    monkeypatch.setattr(verified.time, "time", lambda: now + verified.MAX_AGE_SECONDS + 1)
    wh.verify()
    assert len(hashed) == 2


@pytest.mark.parametrize("record", ["not json", "[]", '{"tables/x.parquet": 3}'])
def test_an_unreadable_record_means_hash_everything(tmp_path, hashed, record):
    wh = published(tmp_path)
    (tmp_path / verified.CACHE).write_text(record)
    wh.verify()
    assert len(hashed) == 2


def test_a_read_only_warehouse_still_answers_and_hashes_each_time(tmp_path, hashed, monkeypatch):
    wh = published(tmp_path)

    def refuse(*_):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(verified.os, "replace", refuse)
    wh.verify()
    wh.verify()
    assert len(hashed) == 4 and not (tmp_path / verified.CACHE).exists()
    assert not list(tmp_path.glob(f"{verified.CACHE}.*"))
