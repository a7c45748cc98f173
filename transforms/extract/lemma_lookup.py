"""The model's lemmatizer with its answers cached per distinct token: the same lemmas, without its per-token Python.

spaCy's rule lemmatizer decides a token's lemma from its text, part of speech and morphology (the lookup mode
from its text alone), yet runs Python code for every token, and for each new token tests its candidate forms
against lists of 57k words: 7% of the pipeline's CPU. Here each distinct (ORTH, POS, MORPH) is lemmatized once
by the model's own lemmatizer, whose word lists become sets, and the Doc's lemmas are set as one array.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

MODES = ("rule", "lookup")  # modes whose answer depends on the token's text, POS and morphology only
MAX_CACHED = 1_000_000  # distinct tokens kept; the cache starts again past it (a long-lived worker's memory)


class LemmaLookup:
    """A pipeline component setting the lemmas the wrapped lemmatizer would set, cached per distinct token."""

    def __init__(self, vocab, lemmatizer: Lemmatizer | None = None):
        self.vocab, self.lemmatizer = vocab, lemmatizer
        self._cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        overwrite = self.lemmatizer.overwrite
        lemmas = [row[3] if row[3] and not overwrite else self._lemma(doc, i, row) for i, row in enumerate(rows)]
        doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64))
        return doc

    def _lemma(self, doc: Doc, i: int, row: list[int]) -> int:
        """The lemma's string id for token i (whose ORTH, POS, MORPH are row[:3])."""
        key = (row[0], row[1], row[2])
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= MAX_CACHED:
                self._cache.clear()
            found = self._cache[key] = self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
        return found


@Language.factory("lemma_lookup")
def make_lemma_lookup(nlp: Language, name: str) -> LemmaLookup:
    """An empty lookup; use_lemma_lookup gives it the model's lemmatizer."""
    return LemmaLookup(nlp.vocab)


def use_lemma_lookup(nlp: Language) -> Language:
    """The pipeline with its lemmatizer wrapped in the cached lookup (kept as is when its mode is another)."""
    if "lemmatizer" not in nlp.pipe_names:
        return nlp
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode not in MODES:
        return nlp
    index = lemmatizer.lookups.get_table("lemma_index", {})
    for pos in list(index.keys()):  # membership only ("form in index"): the same answers from a set
        index[pos] = frozenset(index[pos])
    nlp.replace_pipe("lemmatizer", "lemma_lookup").lemmatizer = lemmatizer
    return nlp
