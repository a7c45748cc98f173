import numpy as np
import pyarrow as pa
import pytest

from tests.conftest import SEED
from transforms.ingest.dedup import (
    EXACT_BAND, NEAR_THRESHOLD, NUM_PERM, DedupIndex, Fingerprint, estimate_similarity, fold_words, make_band_keys,
    make_dedup_keys, make_exact_key, make_fingerprint, make_shingles,
)

STORY = SEED.read_text()
EDITED = STORY.replace("Two measures have not been fulfilled unfortunately.", "Two measures were not fulfilled.")
OTHER = ("Negotiators met in Geneva on 4 March to resume trade talks, officials said on Wednesday after a long "
         "pause. The next round is scheduled for April, according to a statement released by the ministry. ") * 3


def test_fold_words_ignores_case_punctuation_and_spacing():
    assert fold_words("The  \u201cTalks\u201d, resumed!") == fold_words('the "talks" resumed') == [
        "the", "talks", "resumed"]


def test_shingles():
    assert set(make_shingles("a b c d e f".split())) == {b"a b c d e", b"b c d e f"}
    assert make_shingles(["a", "b"]) == [b"a b"] and make_shingles([]) == []


@pytest.mark.parametrize("a,b,same_sha,near", [
    (STORY, STORY.upper().replace("\n\n", "\n"), True, True),
    (STORY, EDITED, False, True),
    (STORY, STORY[: len(STORY) // 2], False, False),
    (STORY, OTHER, False, False),
])
def test_fingerprints(a, b, same_sha, near):
    fa, fb = make_fingerprint(a), make_fingerprint(b)
    assert (fa.text_sha256 == fb.text_sha256) is same_sha
    assert (estimate_similarity(fa.minhash, fb.minhash) >= NEAR_THRESHOLD) is near


def test_short_texts_match_only_exactly():
    assert make_fingerprint("Short text of five words.").minhash is None


def test_index_points_to_the_first_copy():
    index = DedupIndex()
    assert index.check("a", make_fingerprint(STORY)) is None
    assert index.check("x", make_fingerprint(OTHER)) is None
    exact = index.check("b", make_fingerprint(STORY))
    near = index.check("c", make_fingerprint(EDITED))
    assert (exact.doc_id, exact.exact, exact.similarity) == ("a", True, 1.0)
    assert (near.doc_id, near.exact) == ("a", False) and NEAR_THRESHOLD <= near.similarity < 1
    assert len(index) == 2  # duplicates are not indexed: they never become anyone's "first copy"


def test_index_from_documents_table_skips_duplicates_and_old_rows():
    fp, other = make_fingerprint(STORY), make_fingerprint(OTHER)
    table = pa.table({
        "doc_id": ["old", "a", "b"],
        "text_sha256": [None, fp.text_sha256, other.text_sha256],
        "minhash": [None, list(fp.minhash), list(other.minhash)],
        "duplicate_of": [None, None, "a"],
    })
    index = DedupIndex.from_table(table)
    assert len(index) == 1
    assert index.find(make_fingerprint(EDITED)).doc_id == "a"
    assert index.find(other) is None


def test_an_edited_article_is_not_a_copy_of_its_own_earlier_version():
    index = DedupIndex()
    index.check("v1", make_fingerprint(STORY), ("politics/001.txt", "sha-v1"))
    appended = STORY + "\n\nOne more line was added to the story later that day."
    assert index.check("v2", make_fingerprint(appended), ("politics/001.txt", "sha-v2")) is None
    assert index.check("v3", make_fingerprint(STORY), ("politics/001.txt", "sha-v3")) is None  # reverted bytes
    copy = index.check("c", make_fingerprint(STORY), ("politics/copy.txt", "sha-c"))
    assert copy is not None and copy.doc_id == "v1"  # another file copying it is still a duplicate


def test_records_of_one_file_version_can_copy_each_other():
    index = DedupIndex()
    index.check("r1", make_fingerprint(STORY), ("feed.jsonl", "sha"))
    assert index.check("r2", make_fingerprint(STORY), ("feed.jsonl", "sha")).doc_id == "r1"


def test_discarding_a_path_forgets_its_documents():
    index = DedupIndex()
    index.check("a", make_fingerprint(STORY), ("a.txt", "1"))
    index.check("x", make_fingerprint(OTHER), ("x.txt", "1"))
    index.discard_path("a.txt")
    assert len(index) == 1 and index.find(make_fingerprint(STORY)) is None
    assert index.find(make_fingerprint(EDITED)) is None
    assert index.find(make_fingerprint(OTHER)).doc_id == "x"


def test_one_signatures_keys_are_the_vectorised_keys():
    rng = np.random.default_rng(7)
    signatures = rng.integers(0, 2**32, size=(50, NUM_PERM), dtype=np.uint64)
    signatures[0, :] = 2**32 - 1  # the largest 32-bit values, whose keys wrap past 2**63
    expected = make_band_keys(signatures).tolist()
    for signature, keys in zip(signatures, expected):
        fp = Fingerprint("ab" * 32, tuple(int(v) for v in signature))
        assert make_dedup_keys(fp) == [(EXACT_BAND, make_exact_key(fp.text_sha256)), *enumerate(keys)]


@pytest.mark.parametrize("text", [STORY, OTHER, EDITED])
def test_fingerprints_are_datasketchs_minhash_with_its_default_hash(text):
    import datasketch

    from transforms.ingest.dedup import SCHEME, SEED

    m = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)  # its default hash, sha1_hash32
    m.update_batch(make_shingles(fold_words(text)))
    assert make_fingerprint(text).minhash == tuple(int(v) for v in m.hashvalues)
