import pytest
import spacy
from spacy.tokens import Span

from transforms.extract.entities import RawMention, cluster_mentions, initials, normalize_name, trim_span, vote_type


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def mentions_of(blank, text: str, spans: list[tuple[str, str]]) -> list[RawMention]:
    """RawMentions for the first occurrence of each (phrase, label) in a blank-model doc; a phrase's
    first word is the mention when the phrase has a trailing context word that is not a name."""
    doc = blank(text)
    out = []
    for phrase, label in spans:
        start = text.index(phrase)
        if phrase.endswith(" said"):
            phrase = phrase.removesuffix(" said")
        span = doc.char_span(start, start + len(phrase), label=label)
        out.append(RawMention(span, label))
    return out


@pytest.mark.parametrize("text,key", [
    ("The Kremlin", "kremlin"), ("Blair's", "blair"), ("U.N.", "u n"), ("  World  Bank ", "world bank"),
])
def test_normalize_name(text, key):
    assert normalize_name(text) == key


@pytest.mark.parametrize("name,acronym", [
    ("Collective Security Treaty Organization", "CSTO"),
    ("North Atlantic Treaty Organisation", "NATO"),
    ("Organization for Security and Co-operation in Europe", "OSCE"),
    ("Bank of England", "BE"),
])
def test_initials(name, acronym):
    assert initials(name) == acronym


@pytest.mark.parametrize("text,phrase,label,trimmed", [
    ("He met the United Nations envoy.", "the United Nations", "ORG", "United Nations"),
    ("It is Smith's view.", "Smith's", "PERSON", "Smith"),
    ("Ask Mr Jones now.", "Mr Jones", "PERSON", "Jones"),
    ("General Motors said.", "General Motors", "ORG", "General Motors"),
])
def test_trim_span(blank, text, phrase, label, trimmed):
    doc = blank(text)
    start = text.index(phrase)
    span, _ = trim_span(doc.char_span(start, start + len(phrase), label=label))
    assert span.text == trimmed


@pytest.mark.parametrize("text,spans,groups", [
    # surname joins the full name, whatever NER called it
    ("Tony Ward spoke. Later Ward left.", [("Tony Ward", "PERSON"), ("Ward", "ORG")], [[0, 1]]),
    # acronym joins the name it abbreviates
    ("The Asian Development Bank and the ADB agreed.", [("Asian Development Bank", "ORG"), ("ADB", "ORG")], [[0, 1]]),
    # different people stay apart
    ("Anna Berg met Olof Berg.", [("Anna Berg", "PERSON"), ("Olof Berg", "PERSON")], [[0], [1]]),
    # country names merge by ISO code
    ("Britain and the United Kingdom.", [("Britain", "GPE"), ("United Kingdom", "GPE")], [[0, 1]]),
    # a demonym is not the country
    ("France and French wine.", [("France", "GPE"), ("French", "NORP")], [[0], [1]]),
    # a bare surname joins the namesake named most recently before it
    ("Cyd Lam spoke. Then Junius Lam came. Lam said no.",
     [("Cyd Lam", "PERSON"), ("Junius Lam", "PERSON"), ("Lam said", "ORG")], [[0], [1, 2]]),
    # an acronym written with dots still matches the name's initials
    ("The United Nations and the U.N. met.", [("United Nations", "ORG"), ("U.N.", "ORG")], [[0, 1]]),
    # a country's short name is never taken as an acronym of an organisation
    ("The University of Sheffield and the US.", [("University of Sheffield", "ORG"), ("US", "GPE")], [[0], [1]]),
])
def test_cluster_mentions(blank, text, spans, groups):
    raw = mentions_of(blank, text, spans)
    clusters = cluster_mentions(raw)
    got = sorted(sorted(raw.index(m) for m in c.members) for c in clusters)
    assert got == groups


@pytest.mark.parametrize("text,spans,expected", [
    ("Ruritania. Ruritania.", [("Ruritania", "PERSON")], "PERSON"),
    ("Armenia said.", [("Armenia", "PERSON")], "GPE"),
    ("Minsk hosts.", [("Minsk", "ORG")], "GPE"),
    ("BelTA reported.", [("BelTA", "PERSON")], "ORG"),
    ("McDonald said.", [("McDonald", "PERSON")], "PERSON"),
])
def test_vote_type_uses_gazetteer(blank, text, spans, expected):
    assert vote_type(cluster_mentions(mentions_of(blank, text, spans))[0]) == expected


def test_vote_type_title_outweighs_label(blank):
    raw = mentions_of(blank, "Ana Lima said.", [("Ana Lima", "ORG")])
    raw[0].role = "Foreign Minister"
    assert vote_type(cluster_mentions(raw)[0]) == "PERSON"


@pytest.mark.parametrize("text,name,type_,role,country", [
    ("Belarusian President Aleksandr Lukashenko met the press.", "Aleksandr Lukashenko", "PERSON",
     "Belarusian President", "BLR"),
    ("The talks were led by Foreign Minister Ana Lima of Portugal.", "Ana Lima", "PERSON", "Foreign Minister", None),
    ("Mr Blair said Blair would stay.", "Blair", "PERSON", None, None),
])
def test_roles_and_types_with_model(analyze, text, name, type_, role, country):
    _, facts = analyze(text)
    ent = next(e for e in facts.entities if e.name == name)
    assert ent.type == type_
    mention_roles = {m.role for m in facts.mentions if m.cluster == ent.cluster}
    assert role in mention_roles
    assert ent.country_code == country


def test_acronym_in_parentheses_with_model(analyze):
    _, facts = analyze("The World Health Organization (WHO) issued a warning. The WHO said cases rose.")
    ent = next(e for e in facts.entities if e.name == "World Health Organization")
    assert "WHO" in ent.aliases
    assert sum(1 for m in facts.mentions if m.cluster == ent.cluster) == 3


@pytest.mark.parametrize("text,absent", [
    ("Home Secretary Ana Lima spoke.", "Home"),
    ("The Secretary of State arrived.", "State"),
    ("John Smith QC said so.", "QC"),
])
def test_title_parts_are_not_entities(analyze, text, absent):
    _, facts = analyze(text)
    assert absent not in {e.name for e in facts.entities}


def test_ambiguous_city_takes_the_story_country(analyze):
    _, facts = analyze("Talks in Britain: ministers met in Birmingham, officials in London said.")
    codes = {e.name: e.country_code for e in facts.entities}
    assert codes.get("Birmingham") == "GBR"
