"""Type evidence from a name's own words and the words around it: organisation heads, company and team contexts,
titles of works, laws, products, events, awards, given names, demonyms, place contexts."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from transforms.extract import gazetteer
from transforms.extract.lexicon import POST_NOMINALS, TITLE_WORDS
from transforms.resources import (
    AWARD_CUES_AFTER, AWARD_CUES_HYPHENATED, AWARD_GAP_WORDS, AWARD_HEADS, AWARD_VERBS, COMPANY_AFTER,
    COMPANY_BEFORE, COMPANY_OF_NOUNS, COMPASS_WORDS, EVENT_AFTER, EVENT_HEADS, FACILITY_ORGS, GROUP_AFTER, LAW_WORDS,
    MOVEMENT_WORD, NAME_OF_HEADS, NOT_PLACE_BEFORE_IN, ORG_BEFORE, ORG_HEADS, PEERAGE, PEOPLE_WORDS, PLACE_AFTER,
    PLACE_AFTER_POSSESSIVE, PLACE_HEADS, PLACE_OF_NOUNS, PLACE_PREPS, PRODUCT_AFTER, RELIGION_WORDS, TEAM_AFTER,
    VERSION_TOKEN, WORK_NOUNS, YEAR_TOKEN,
)

_QUOTE_MARKS = frozenset("'\"\u2018\u2019\u201c\u201d")
_APPOSITION_ORGS = frozenset("firm company group bank club carrier airline retailer broadcaster maker giant".split())
_DETERMINERS = frozenset("the a an 's ' its their his her this that".split())
# Unions of word lists, built once (not per call).
_PLACE_NEXT = PLACE_HEADS | PLACE_AFTER
_PLACE_WORDS = PLACE_HEADS | COMPASS_WORDS
_NOT_TITLE_HEADS = ORG_HEADS | PLACE_HEADS | TITLE_WORDS | PEERAGE | COMPASS_WORDS | NAME_OF_HEADS
_COMPANY_OR_TEAM_AFTER = COMPANY_AFTER | TEAM_AFTER
_PERSONAL_POST_NOMINALS = POST_NOMINALS - {"mp", "mep", "msp", "mla"}  # MP follows constituencies too


def _lowers(doc: Doc, start: int, end: int) -> list[str]:
    """Lower-case words of doc[start:end] (start >= 0; end past the Doc is cut), without building a Span."""
    return [doc[i].lower_ for i in range(start, min(end, len(doc)))]


def has_place_context(span: Span) -> bool:
    """Whether the words around a name make it a place: 'in X' (not 'shares in X', nor 'in X programs', where X
    modifies a noun), 'the capital of X', "X's government", 'the X river', or a place word in the name ('Trafalgar
    Square', 'North East')."""
    doc, i = span.doc, span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    prev, prev2 = (doc[i].lower_ if i >= 0 else ""), (doc[i - 1].lower_ if i > 0 else "")
    if i >= 0 and doc[i].lower_ == "former" and span[-1].dep_ != "compound":
        return True  # "the former X": a state that was
    after = _lowers(doc, span.end, span.end + 2)
    return bool(
        (prev in PLACE_PREPS and not (prev == "in" and prev2 in NOT_PLACE_BEFORE_IN) and span[-1].dep_ != "compound")
        or (prev == "of" and prev2 in PLACE_OF_NOUNS)
        or (after[:1] in (["'s"], ["'"]) and after[1:2] and after[1] in PLACE_AFTER_POSSESSIVE)
        or (after[:1] and after[0] in _PLACE_NEXT)
        or any(t.lower_ in _PLACE_WORDS for t in span)
    )


def has_determiner(span: Span) -> bool:
    """Whether a name follows an article or a possessive, maybe past lower-case words and numbers ('the X Act',
    "Labour's X Bill", 'the 1949 X Act', 'the new X Act'), as a law's name does."""
    doc, i = span.doc, span.start - 1
    while i >= 0 and span.start - i <= 3 and (doc[i].is_lower and doc[i].is_alpha or doc[i].like_num) \
            and doc[i].lower_ not in _DETERMINERS:
        i -= 1
    return i >= 0 and doc[i].lower_ in _DETERMINERS


def is_award_context(span: Span) -> bool:
    """'X nominations', 'X-winning', 'X for best actor', 'a best film X', 'won an X', 'nominated for three Xs'."""
    doc = span.doc
    after = _lowers(doc, span.end, span.end + 2)
    if (after[:1] and after[0] in AWARD_CUES_AFTER or after[:2] == ["for", "best"]
            or after[:1] == ["-"] and after[1:2] and after[1] in AWARD_CUES_HYPHENATED):
        return True
    if span.start > 1 and doc[span.start - 2].lower_ == "best":
        return True
    i, gap = span.start - 1, []
    while i >= 0 and len(gap) < 3 and (doc[i].lower_ in AWARD_GAP_WORDS or doc[i].like_num):
        gap.append(doc[i].lower_)
        i -= 1
    counted = any(w not in ("for", "up") for w in gap) or len(span) == 1 and span.text.endswith("s")
    return counted and i >= 0 and doc[i].lower_ in AWARD_VERBS  # "won an X", "won Xs"; not "won the X"


def is_title_tail(span: Span) -> bool:
    """'Eternal Sunshine of the Spotless Mind': a name after 'of the' and a capitalised word that heads no
    organisation, place or title is the end of a longer title."""
    doc, i = span.doc, span.start
    if i < 3 or _lowers(doc, i - 2, i) != ["of", "the"]:
        return False
    head = doc[i - 3]
    return (head.is_alpha and head.is_title and not (head.is_sent_start or head.i == 0)
            and head.lower_ not in _NOT_TITLE_HEADS
            and not gazetteer.is_known_place(head.text))


def is_versioned(span: Span) -> bool:
    """'Windows XP', 'Halo 2': a name followed by a model or version number (not 'Washington DC', 'Jay-Z')."""
    if (len(span) < 2 or not VERSION_TOKEN.match(span[-1].text) or span[-2].text == "-"
            or span[0].lower_ in LAW_WORDS):  # "Chapter 11" is a law
        return False
    head = span[:-1].text
    return not gazetteer.lookup_place(head) and not gazetteer.lookup_country(span[-1].text)


def find_context_votes(span: Span, label: str) -> Counter:
    """Type evidence from the span's own words and its neighbours: organisation heads, law words, company and
    team contexts, titles of works, '-shire' places, demonyms."""
    votes: Counter = Counter()
    doc, words, text = span.doc, [t for t in span if t.is_alpha], span.text
    low = [t.lower_ for t in words]
    after = _lowers(doc, span.end, span.end + 3)
    before = _lowers(doc, max(0, span.start - 2), span.start)
    if len(words) > 1 and any(w in ORG_HEADS and t.text[:1].isupper() for w, t in zip(low, words)):
        votes["ORG"] += 3
    if (len(words) > 1 and low[-1] not in ORG_HEADS  # the head decides: "X Treaty Organization" is a body
            and any(w in LAW_WORDS and t.text[:1].isupper() for w, t in zip(low[1:], words[1:]))):
        votes["LAW"] += 5
    if label == "FAC":
        votes["ORG" if low and low[-1] in FACILITY_ORGS else "LOC"] += 2
    if after[:1] in (["'s"], ["'"]) and (after[1:2] and after[1] in _COMPANY_OR_TEAM_AFTER
                                         or after[1:3] == ["chief", "executive"]):
        votes["ORG"] += 3
    elif after[:1] and after[0] in _COMPANY_OR_TEAM_AFTER or after[:2] == ["chief", "executive"]:
        votes["ORG"] += 2
    if len(before) == 2 and before[0] in ("editor", "editors", "shareholders", "chairman", "founder", "owners") \
            and before[1] == "of":
        votes["ORG"] += 3  # "editor of X": a publication or a company
    if before[-1:] and before[-1] in ORG_BEFORE and label != "PERSON" or (
            before[-1:] and before[-1] in ORG_BEFORE and len(words) == 1):
        votes["ORG"] += 3
    if after[:1] and after[0] in PRODUCT_AFTER:
        votes["PRODUCT"] += 3
    if is_versioned(span) and label != "PERSON" and not any(w in ORG_HEADS for w in low):
        votes["PRODUCT"] += 3  # "Windows XP", "Halo 2"
    if len(span) > 1 and YEAR_TOKEN.match(span[-1].text) and label != "PERSON":
        votes["EVENT"] += 3  # "Euro 2004": an edition of an event (a law's year is outweighed by its law word)
    if len(words) > 1 and any(t.text == "War" for t in words):
        votes["EVENT"] += 3  # "Cold War", "World War II"
    if (after[:1] and after[0] in EVENT_AFTER or before == ["year", "'s"] or before[-1:] == ["annual"]
            or len(span) == 1 and text.endswith("s") and before in (["at", "the"], ["before", "the"])):
        votes["EVENT"] += 3  # "Cup winners", "the X ceremony", "this year's X", "at the Xs": a recurring event
    if low and (low[-1] in EVENT_HEADS or low[-1].removesuffix("s") in EVENT_HEADS):
        votes["EVENT"] += 3
    elif low and low[-1] in AWARD_HEADS or is_award_context(span):
        votes["AWARD"] += 3  # "Oscar nominations", "won a Bafta": an award, not an entity (ANNOTATION.md)
    if after[:1] == [","] and after[1:2] == ["the"] and doc[span.end + 2 : span.end + 3].text.lower() in _APPOSITION_ORGS:
        votes["ORG"] += 3
    if len(before) == 2 and (before[0] in COMPANY_BEFORE and before[1] in ("in", "of", "for")
                             or before[0] in COMPANY_OF_NOUNS and before[1] == "of" or before == ["-", "owned"]):
        votes["ORG"] += 3  # "shares in X", "the sale of X", "state-owned X"
    if (before[-1:] and before[-1] in WORK_NOUNS and before[0] != "best"  # "a best film Oscar" is an award
            or before in (["performance", "in"], ["starring", "in"]) or is_title_tail(span)
            or after[:1] == ["starring"] or after[:2] in (["directed", "by"], [",", "starring"])):
        votes["WORK_OF_ART"] += 3  # "the film X", "X, starring Y", "X directed by Y", "Z of the X"
    if (span.start > 0 and span.end < len(doc) and doc[span.start - 1].text in _QUOTE_MARKS
            and doc[span.end].text in _QUOTE_MARKS and label != "PERSON"):
        votes["WORK_OF_ART"] += 2
    if low and low[-1].endswith("shire") and len(low[-1]) > 5:
        votes["GPE"] += 4
    if len(words) == 1 and label == "PERSON" and span.start > 0 and doc[span.start - 1].lower_ == "the":
        votes["ORG"] += 2  # "the Herald": a person's name takes no article
    if (1 < len(words) < 4 and len(words) == len(span) and all(t.text[:1].isupper() for t in words)
            and gazetteer.lookup_first_name(words[0].text) and not any(w in ORG_HEADS for w in low)
            and not gazetteer.lookup_demonym(words[-1].text.removesuffix("s"))
            and not gazetteer.lookup_place(text) and not gazetteer.lookup_town(text)):
        votes["PERSON"] += 2  # "Maeve Sherlock": a given name and a surname
    if len(words) == 2 and len(words[0].text.rstrip(".")) == 1 and words[0].text[0].isupper() and words[1].is_title:
        votes["PERSON"] += 3  # "F Sheahan": an initial and a surname
    if after[:1] and after[0].rstrip(".") in _PERSONAL_POST_NOMINALS:
        votes["PERSON"] += 3  # "X QC": only people take honours and silk (MP follows constituencies too)
    if low and all(w in RELIGION_WORDS for w in low):
        votes["NORP"] += 6
    if len(words) == 1 and (label == "NORP" or words[0].tag_ == "JJ") and (
            after[:1] and after[0] in GROUP_AFTER or before == ["non", "-"] or MOVEMENT_WORD.match(words[0].text)
            or low[0] in PEOPLE_WORDS):
        votes["NORP"] += 3  # "X origin", "the X community", "non-X", "Communists", "Kurd": a group of people
    elif len(words) == 1 and low[0] in PEOPLE_WORDS and low[0].endswith("s"):
        votes["NORP"] += 6  # "Kurds", whatever the label
    if (len(words) > 1 and low[0] in COMPASS_WORDS and not gazetteer.lookup_place(text)
            and gazetteer.lookup_place(" ".join(t.text for t in words[1:]))):
        votes["LOC"] += 3  # "South Wales": a region of a known place
    if len(words) == 1 and not gazetteer.lookup_country(text) and gazetteer.is_demonym(text):
        votes["NORP"] += 6
    elif len(words) > 1 and label == "NORP" and gazetteer.is_demonym(text):
        votes["NORP"] += 3  # "South African", "Sri Lankan"
    return votes
