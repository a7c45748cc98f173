import pytest
import spacy
from spacy.attrs import LEMMA
from spacy.lookups import Lookups
from spacy.tokens import Doc

from transforms.extract.lemma_lookup import LemmaLookup, use_lemma_lookup

RULES = {"noun": [["s", ""], ["ies", "y"]], "verb": [["s", ""], ["ing", ""], ["ed", "e"], ["ed", ""]],
         "adj": [["er", ""], ["er", "e"]]}
EXCEPTIONS = {"noun": {"mice": ["mouse"]}, "verb": {"was": ["be"]}}
INDEX = {"noun": ["city", "mouse", "talk"], "verb": ["meet", "talk", "vote"], "adj": ["large"]}

DOCS = [  # (word, POS, morphology, lemma already set)
    [("Cities", "NOUN", "Number=Plur", ""), ("were", "AUX", "", "be"), ("meeting", "VERB", "VerbForm=Ger", ""),
     ("mice", "NOUN", "Number=Plur", ""), ("talks", "NOUN", "Number=Plur", "")],
    [("talks", "VERB", "Number=Sing|Person=3", ""), ("talks", "NOUN", "Number=Plur", ""),
     ("talk", "NOUN", "Number=Sing", ""), ("voted", "VERB", "Tense=Past|VerbForm=Fin", ""),
     ("Smith", "PROPN", "Number=Sing", ""), ("larger", "ADJ", "Degree=Cmp", ""), ("\n", "SPACE", "", "")],
    [("was", "VERB", "Tense=Past|VerbForm=Fin", ""), ("meeting", "VERB", "VerbForm=Ger", ""),
     ("meeting", "NOUN", "Number=Sing", "")],
]


def make_nlp():
    """A blank English pipeline with a rule lemmatizer and small tables."""
    nlp = spacy.blank("en")
    lookups = Lookups()
    for name, table in (("lemma_rules", RULES), ("lemma_exc", EXCEPTIONS), ("lemma_index", INDEX)):
        lookups.add_table(name, table)
    nlp.add_pipe("lemmatizer", config={"mode": "rule"}).initialize(lookups=lookups)
    return nlp


@pytest.fixture
def nlp():
    return make_nlp()


def make_doc(vocab, rows):
    """A Doc as the tagger and attribute ruler leave it, some lemmas already set."""
    words, pos, morphs, lemmas = zip(*rows)
    return Doc(vocab, words=list(words), pos=list(pos), morphs=list(morphs), lemmas=list(lemmas))


@pytest.mark.parametrize("rows", DOCS)
def test_the_lookup_sets_what_the_lemmatizer_sets(nlp, rows):
    lemmatizer = nlp.get_pipe("lemmatizer")
    lookup = use_lemma_lookup(make_nlp()).get_pipe("lemmatizer")
    for _ in range(2):  # the second pass answers from the cache
        by_lemmatizer, by_lookup = lemmatizer(make_doc(nlp.vocab, rows)), lookup(make_doc(lookup.vocab, rows))
        assert [t.lemma_ for t in by_lookup] == [t.lemma_ for t in by_lemmatizer]
        assert (by_lookup.to_array([LEMMA]) == by_lemmatizer.to_array([LEMMA])).all()


def test_the_lookup_keeps_lemmas_already_set_and_tells_tokens_apart_by_pos(nlp):
    lookup = LemmaLookup(nlp.vocab, nlp.get_pipe("lemmatizer"))
    doc = lookup(make_doc(nlp.vocab, DOCS[0] + DOCS[1]))
    assert [t.lemma_ for t in doc] == ["city", "be", "meet", "mouse", "talk", "talk", "talk", "talk", "vote",
                                       "Smith", "large", "\n"]


def test_the_pipeline_gets_the_lookup_once_and_only_for_modes_it_reproduces(nlp):
    use_lemma_lookup(use_lemma_lookup(nlp))
    assert isinstance(nlp.get_pipe("lemmatizer"), LemmaLookup)
    assert nlp("Cities were meeting")[0].lemma_ == "cities"  # no POS from a tagger: lower case, as spaCy answers
    other = spacy.blank("en")
    other.add_pipe("lemmatizer", config={"mode": "lookup"})
    other.get_pipe("lemmatizer")._mode = "pos_lookup"  # a mode that may read more than text, POS and morphology
    assert not isinstance(use_lemma_lookup(other).get_pipe("lemmatizer"), LemmaLookup)
