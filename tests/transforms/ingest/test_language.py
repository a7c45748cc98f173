import importlib

import pytest

from tests.samples import BODY, FRENCH, RUSSIAN
from tests.conftest import SEED
from transforms.ingest.language import detect_language, is_plainly_english


@pytest.mark.parametrize("text,code", [
    (SEED.read_text(), "en"),
    (BODY, "en"),
    ("The minister said that the talks would resume in the spring.", "en"),
    (FRENCH, "fr"),
    (RUSSIAN, "ru"),
    ("Der Minister sagte, dass die Gespräche im Frühjahr fortgesetzt würden.", "de"),
    ("El ministro dijo que las conversaciones se reanudarían en primavera.", "es"),
    ("12345 67890", None),
    ("Hello", None),
])
def test_detect_language(text, code):
    assert detect_language(text) == code


# every language spaCy ships example sentences for, Latin script first (xx: a multilingual mix, half English)
NON_ENGLISH = ("ca cs da de dsb es eu fi fr hr hsb ht hu id it la lb lg lij lt ms nb nl nn pl pt ro sk sl sq sv tn tr "
               "vi xx yo am ar az bg bn el fa he hi hy ja ko ru sr uk zh").split()


@pytest.mark.parametrize("lang", NON_ENGLISH)
def test_other_languages_are_never_taken_for_plain_english(lang):
    examples = importlib.import_module(f"spacy.lang.{lang}.examples")  # real sentences, packaged with spaCy
    assert not is_plainly_english(" ".join(examples.sentences))


@pytest.mark.parametrize("text,plain", [
    (SEED.read_text(), True),
    (BODY, False),  # 4 of 53 words: py3langid decides
    ("The minister said that the talks would resume in the spring.", False),  # too few words to be sure
    (" ".join(["Results:"] + [f"Team {c} beat Team {c}{c} by two goals." for c in "ABCDEFGH"]), False),
])
def test_plainly_english_needs_many_words_and_function_words(text, plain):
    assert is_plainly_english(text[:1_000]) is plain
    assert detect_language(text) == "en"  # either way: under the bar py3langid decides
