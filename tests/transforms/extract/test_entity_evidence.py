import pytest
import spacy

from transforms.extract.entity_evidence import find_context_votes, is_versioned


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def span_of(blank, text: str, phrase: str, label: str):
    doc = blank(text)
    start = text.index(phrase)
    return doc.char_span(start, start + len(phrase), label=label)


@pytest.mark.parametrize("text,phrase,label,winner", [
    ("Shares in Zukos fell.", "Zukos", "PERSON", "ORG"),
    ("Zukos's chief executive left.", "Zukos", "PERSON", "ORG"),
    ("The oil giant Zukos said.", "Zukos", "PERSON", "ORG"),
    ("Zukos, the firm said.", "Zukos", "PERSON", "ORG"),
    ("Rovington United manager Alf Roe.", "Rovington United", "PERSON", "ORG"),
    ("We saw the film Blue Pluto.", "Blue Pluto", "PERSON", "WORK_OF_ART"),
    ("The Pet Welfare Bill passed.", "Pet Welfare Bill", "ORG", "LAW"),
    ("It runs Panes XP.", "Panes XP", "LOC", "PRODUCT"),
    ("Her Blarby nominations came.", "Blarby", "PERSON", "EVENT"),
    ("Canadians voted.", "Canadians", "GPE", "NORP"),
    ("Ewan Pardoe QC said.", "Ewan Pardoe", "ORG", "PERSON"),
    ("Maeve Shorrock spoke.", "Maeve Shorrock", "ORG", "PERSON"),
    ("They toured Wiltshire.", "Wiltshire", "PERSON", "GPE"),
])
def test_context_votes(blank, text, phrase, label, winner):
    votes = find_context_votes(span_of(blank, text, phrase, label), label)
    assert votes and votes.most_common(1)[0][0] == winner


@pytest.mark.parametrize("text,phrase,expected", [
    ("It runs Panes XP.", "Panes XP", True),
    ("It sold Halo 2.", "Halo 2", True),
    ("In Washington DC today.", "Washington DC", False),
    ("Under Chapter 11 rules.", "Chapter 11", False),
    ("The Euro 2004 final.", "Euro 2004", False),
])
def test_is_versioned(blank, text, phrase, expected):
    assert is_versioned(span_of(blank, text, phrase, "PRODUCT")) is expected
