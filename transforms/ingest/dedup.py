"""Exact copies (same folded text) and near-duplicates (MinHash of word shingles) of earlier documents."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from datasketch import LeanMinHash

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # stored signatures are only comparable under the same scheme, seed and size
SHINGLE_WORDS = 5
# Estimated Jaccard similarity of word 5-shingles at or above which two texts are one story: an edited copy
# (a changed sentence or two, a new stamp or byline) scores ~0.85-0.95, a different report of the same event < 0.3.
NEAR_THRESHOLD = 0.8
MIN_SHINGLES = 10  # shorter texts are only matched as exact copies
SHINGLE_CHUNK = 20_000
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """What duplicate detection keeps of a text: a hash of its folded words and its MinHash signature."""

    text_sha256: str
    minhash: tuple[int, ...] | None  # None for texts too short for near-duplicate matching


@dataclass(frozen=True)
class Match:
    """The earlier document a text copies, and how closely."""

    doc_id: str
    similarity: float
    exact: bool


def fold_words(text: str) -> list[str]:
    """The text's words, casefolded: punctuation, spacing and quote styles do not count."""
    return _WORD.findall(text.casefold())


def make_shingles(words: list[str]) -> list[bytes]:
    """Overlapping runs of SHINGLE_WORDS words, as bytes for hashing."""
    n = min(SHINGLE_WORDS, len(words))
    return list({" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)}) if words else []


def sketch():
    """datasketch, imported at first use: with the SciPy it imports it costs 0.5 s, which a run's checks before
    Prefect starts (and a run with nothing to do) need not pay."""
    import datasketch

    return datasketch


@lru_cache(maxsize=1)
def _permutations():
    return sketch().MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def make_fingerprint(text: str) -> Fingerprint:
    """The fingerprint of a document's text."""
    words = fold_words(text)
    sha = hashlib.sha256(" ".join(words).encode()).hexdigest()
    shingles = make_shingles(words)
    if len(shingles) < MIN_SHINGLES:
        return Fingerprint(sha, None)
    m = sketch().MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME, hashfunc=int)
    for i in range(0, len(shingles), SHINGLE_CHUNK):  # in chunks: one batch of a 5 MB text took 800 MB
        m.update_batch(hash_shingles(shingles[i:i + SHINGLE_CHUNK]))
    return Fingerprint(sha, tuple(int(v) for v in m.hashvalues))


def hash_shingles(shingles: list[bytes]) -> list[int]:
    """datasketch's default hash (sha1_hash32: a SHA-1's first 4 bytes, little-endian) of each shingle, in one
    pass (half the time of calling it per shingle)."""
    return np.frombuffer(b"".join([hashlib.sha1(s).digest()[:4] for s in shingles]), dtype="<u4").tolist()


# LSH banding of MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM): two signatures are candidates when
# one band of BAND_ROWS values is equal. The stored band keys (table dedup_keys) hash each band to an int64.
BANDS, BAND_ROWS = 9, 13
EXACT_BAND = -1
_MIX_INT = 0x9E3779B97F4A7C15
_MIX = np.uint64(_MIX_INT)
_UINT64 = (1 << 64) - 1


def make_band_keys(signatures: np.ndarray) -> np.ndarray:
    """Band keys of MinHash signatures (n x NUM_PERM) as an n x BANDS int64 array (vectorised)."""
    values = np.asarray(signatures, dtype=np.uint64).reshape(len(signatures), NUM_PERM)
    keys = np.zeros((len(values), BANDS), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(BANDS):
            h = np.full(len(values), np.uint64(band + 1), dtype=np.uint64)
            for col in values[:, band * BAND_ROWS:(band + 1) * BAND_ROWS].T:
                h = (h ^ col) * _MIX
                h ^= h >> np.uint64(29)
            keys[:, band] = h
    return keys.view(np.int64)


def make_exact_key(text_sha256: str) -> int:
    """The int64 key of an exact-text hash (its first 16 hex digits)."""
    return int(np.array(int(text_sha256[:16], 16), dtype=np.uint64).view(np.int64))


def make_dedup_keys(fp: Fingerprint) -> list[tuple[int, int]]:
    """(band, key) pairs under which a fingerprint is stored and probed: the exact key and its LSH bands."""
    keys = [(EXACT_BAND, make_exact_key(fp.text_sha256))]
    if fp.minhash is not None and len(fp.minhash) == NUM_PERM:
        keys += [(band, make_band_key(band, fp.minhash[band * BAND_ROWS:(band + 1) * BAND_ROWS]))
                 for band in range(BANDS)]
    return keys


def make_band_key(band: int, values) -> int:
    """One band's key of one signature, as make_band_keys computes it (in Python: numpy's per-call cost on one
    row was 0.5 ms a document)."""
    h = band + 1
    for value in values:
        h = ((h ^ int(value)) * _MIX_INT) & _UINT64
        h ^= h >> 29
    return h - (1 << 64) if h >> 63 else h


def estimate_similarity(a: tuple[int, ...] | np.ndarray, b: tuple[int, ...] | np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal slots."""
    return float(np.mean(np.asarray(a) == np.asarray(b)))


Source = tuple[str, str]  # (source_path, content_sha256): one version of one input file


class DedupIndex:
    """The first copy of every current text; answers which earlier document a new text duplicates.

    A document is never a copy of another version of its own file: an edited article is a new version of itself,
    not a duplicate (the index holds only current versions, and `find` skips other versions of the same path).
    """

    def __init__(self) -> None:
        self._exact: dict[str, str] = {}
        self._order: dict[str, int] = {}
        self._signatures: dict[str, np.ndarray] = {}
        self._sources: dict[str, Source | None] = {}
        self._by_path: dict[str, set[str]] = {}
        self._text_sha: dict[str, str] = {}
        self._lsh = sketch().MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM)

    def __len__(self) -> int:
        return len(self._order)

    @classmethod
    def from_table(cls, documents: pa.Table) -> DedupIndex:
        """An index of the originals in a documents table (doc_id, text_sha256, minhash, duplicate_of and,
        when present, source_path and content_sha256)."""
        index = cls()
        originals = documents.filter(pc.is_null(documents["duplicate_of"]))
        n = originals.num_rows
        paths = originals["source_path"].to_pylist() if "source_path" in originals.column_names else [None] * n
        shas = originals["content_sha256"].to_pylist() if "content_sha256" in originals.column_names else [None] * n
        for doc_id, sha, signature, path, content in zip(
                originals["doc_id"].to_pylist(), originals["text_sha256"].to_pylist(),
                originals["minhash"].to_pylist(), paths, shas, strict=True):
            if sha is not None:
                index.add(doc_id, Fingerprint(sha, tuple(signature) if signature else None),
                          (path, content) if path is not None else None)
        return index

    def prefetch(self, fingerprints: list[Fingerprint]) -> None:
        """Load what `find` needs for these fingerprints (an index backed by the warehouse reads it here)."""

    def _other_version(self, doc_id: str, source: Source | None) -> bool:
        indexed = self._sources.get(doc_id)
        return source is not None and indexed is not None and indexed[0] == source[0] and indexed != source

    def find(self, fp: Fingerprint, source: Source | None = None) -> Match | None:
        """The earliest indexed document this fingerprint copies exactly or nearly, if any (never another
        version of the same source path)."""
        exact = self._exact.get(fp.text_sha256)
        if exact is not None and not self._other_version(exact, source):
            return Match(exact, 1.0, True)
        if fp.minhash is None:
            return None
        candidates = []
        for doc_id in self._lsh.query(_lean(fp.minhash)):
            if self._other_version(doc_id, source):
                continue
            similarity = estimate_similarity(self._signatures[doc_id], fp.minhash)
            if similarity >= NEAR_THRESHOLD:
                candidates.append((self._order[doc_id], doc_id, similarity))
        if not candidates:
            return None
        _, doc_id, similarity = min(candidates)
        return Match(doc_id, round(similarity, 3), False)

    def add(self, doc_id: str, fp: Fingerprint, source: Source | None = None, order: int | None = None) -> None:
        """Index a document as a first copy (after every indexed one, unless its order is given)."""
        if doc_id in self._order:
            return
        self._order[doc_id] = self._next_order() if order is None else order
        self._sources[doc_id] = source
        self._text_sha[doc_id] = fp.text_sha256
        if source is not None:
            self._by_path.setdefault(source[0], set()).add(doc_id)
        self._exact.setdefault(fp.text_sha256, doc_id)
        if fp.minhash is not None and len(fp.minhash) == NUM_PERM:
            self._signatures[doc_id] = np.asarray(fp.minhash, dtype=np.uint64)
            self._lsh.insert(doc_id, _lean(fp.minhash))

    def _next_order(self) -> int:
        return len(self._order)

    def discard_path(self, path: str) -> None:
        """Forget every indexed document of a source path (the file changed or is gone)."""
        for doc_id in self._by_path.pop(path, set()):
            del self._order[doc_id], self._sources[doc_id]
            sha = self._text_sha.pop(doc_id)
            if self._exact.get(sha) == doc_id:
                del self._exact[sha]
            if self._signatures.pop(doc_id, None) is not None:
                self._lsh.remove(doc_id)

    def check(self, doc_id: str, fp: Fingerprint, source: Source | None = None) -> Match | None:
        """The document this one duplicates; when none, index it as a first copy."""
        match = self.find(fp, source)
        if match is None:
            self.add(doc_id, fp, source)
        return match


def _lean(signature) -> LeanMinHash:
    return sketch().LeanMinHash(seed=SEED, hashvalues=np.asarray(signature, dtype=np.uint64), scheme=SCHEME)


class NoDedupIndex(DedupIndex):
    """An index that never finds a copy: every document is analyzed (duplicate detection switched off)."""

    def check(self, doc_id: str, fp: Fingerprint, source: Source | None = None) -> Match | None:
        return None
