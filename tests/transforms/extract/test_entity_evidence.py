import pytest
import spacy

from transforms.extract.entity_evidence import (
    find_context_votes, has_determiner, has_place_context, is_award_context, is_title_tail, is_versioned,
)


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
    ("Her Blarby nominations came.", "Blarby", "PERSON", "AWARD"),
    ("Canadians voted.", "Canadians", "GPE", "NORP"),
    ("Ewan Pardoe QC said.", "Ewan Pardoe", "ORG", "PERSON"),
    ("Maeve Shorrock spoke.", "Maeve Shorrock", "ORG", "PERSON"),
    ("They toured Wiltshire.", "Wiltshire", "PERSON", "GPE"),
    # business: a company's unit sold, auctioned or owned is an organisation, whatever NER said
    ("The auction of Zelvask was halted.", "Zelvask", "GPE", "ORG"),
    ("Its Zelvask division was sold.", "Zelvask", "GPE", "ORG"),
    ("State-owned Zelvask bought it.", "Zelvask", "GPE", "ORG"),
    # entertainment: a prize is no entity (AWARD is dropped); its ceremony is an EVENT
    ("She won an Ambrosia for the role.", "Ambrosia", "PERSON", "AWARD"),
    ("He won two Ambrosias last year.", "Ambrosias", "ORG", "AWARD"),
    ("The Ambrosia-winning director spoke.", "Ambrosia", "PERSON", "AWARD"),
    ("It took a best film Ambrosia.", "Ambrosia", "PERSON", "AWARD"),
    ("She took the Pelham Prize.", "Pelham Prize", "ORG", "AWARD"),
    ("Stars gathered at the Ambrosias on Sunday.", "Ambrosias", "ORG", "EVENT"),
    ("The Pelham Awards were held.", "Pelham Awards", "ORG", "EVENT"),
    ("Winners of the fifth annual Plinths.", "Plinths", "LOC", "EVENT"),
    # entertainment: works ("Z of the X" titles, starring, directed by)
    ("She shone in Eternal Dawn of the Pale Orchard.", "Pale Orchard", "LOC", "WORK_OF_ART"),
    ("Pale Orchard, starring Ann Roe, opened.", "Pale Orchard", "LOC", "WORK_OF_ART"),
    ("Pale Orchard directed by Ann Roe opened.", "Pale Orchard", "GPE", "WORK_OF_ART"),
    # politics: groups of people need a demonym, a religion or a group context
    ("Voters of Caspian origin.", "Caspian", "NORP", "NORP"),
    ("The non-Kellish passengers waited.", "Kellish", "NORP", "NORP"),
    ("Communists marched.", "Communists", "NORP", "NORP"),
    ("Kurds fled.", "Kurds", "PERSON", "NORP"),
    ("Palestinian leaders met.", "Palestinian", "ORG", "NORP"),
    ("Asian voters turned out.", "Asian", "ORG", "NORP"),
    ("South African troops left.", "South African", "NORP", "NORP"),
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


def with_deps(doc, deps: dict[int, str]):
    for i, dep in deps.items():
        doc[i].dep_ = dep
    return doc


@pytest.mark.parametrize("text,phrase,deps,expected", [
    ("Troops in Kandor were hit.", "Kandor", {}, True),
    ("Fans flew to Kandor.", "Kandor", {}, True),
    ("The capital of Kandor fell.", "Kandor", {}, True),
    ("Kandor's government resigned.", "Kandor", {}, True),
    ("The Kandor river rose.", "Kandor", {}, True),
    ("Mr Roe held the Tottley seat.", "Tottley", {}, True),
    ("The tribunal for the former Kandor sat.", "Kandor", {}, True),
    ("They won at Brekkaby Park.", "Brekkaby Park", {}, True),
    ("Voters in the North East.", "North East", {}, True),
    ("Shares in Kandor fell.", "Kandor", {}, False),
    ("Rivals were interested in Kandor.", "Kandor", {}, False),
    ("Flaws in Kandor programs.", "Kandor", {2: "compound"}, False),  # the name modifies a noun
    ("She told Radio Nine's Morrow with Ann.", "Morrow", {}, False),
    ("The auction of Kandor was halted.", "Kandor", {}, False),
])
def test_has_place_context(blank, text, phrase, deps, expected):
    start = text.index(phrase)
    span = with_deps(blank(text), deps).char_span(start, start + len(phrase))
    assert has_place_context(span) is expected


@pytest.mark.parametrize("text,phrase,expected", [
    ("The Pet Welfare Bill passed.", "Pet Welfare Bill", True),
    ("MPs backed Labour's Pet Welfare Bill.", "Pet Welfare Bill", True),
    ("Under the 1949 Pet Act they voted.", "Pet Act", True),
    ("He defended the new Pet Act today.", "Pet Act", True),
    ("Then Grab Bill: Volume 2 came out.", "Grab Bill", False),
    ("Grab Bill director Ann Roe spoke.", "Grab Bill", False),
])
def test_has_determiner(blank, text, phrase, expected):
    assert has_determiner(span_of(blank, text, phrase, "LAW")) is expected


@pytest.mark.parametrize("text,phrase,expected", [
    ("Two Ambrosia nominations followed.", "Ambrosia", True),
    ("She is an Ambrosia nominee.", "Ambrosia", True),
    ("It won the Ambrosia for best actress.", "Ambrosia", True),
    ("He won his first Ambrosia in 1990.", "Ambrosia", True),
    ("She was nominated for three Ambrosias.", "Ambrosias", True),
    ("Rovers won the Ambrosia Cup.", "Ambrosia Cup", False),  # competitions are won too
    ("Ambrosia Roe said so.", "Ambrosia Roe", False),
])
def test_is_award_context(blank, text, phrase, expected):
    assert is_award_context(span_of(blank, text, phrase, "PERSON")) is expected


@pytest.mark.parametrize("text,phrase,expected", [
    ("She shone in Eternal Dawn of the Pale Orchard.", "Pale Orchard", True),
    ("A loan from the Bank of the West.", "West", False),
    ("The President of the Assembly spoke.", "Assembly", False),
    ("He is the pride of the Pale Orchard.", "Pale Orchard", False),
])
def test_is_title_tail(blank, text, phrase, expected):
    assert is_title_tail(span_of(blank, text, phrase, "LOC")) is expected
