"""Type evidence from a name's own words and the words around it: organisation heads, company and team contexts,
titles of works, laws, products, events, given names, demonyms."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from transforms.extract import gazetteer
from transforms.extract.lexicon import POST_NOMINALS
from transforms.resources import (
    AWARD_AFTER, COMPANY_AFTER, COMPANY_BEFORE, COMPASS_WORDS, EVENT_HEADS, FACILITY_ORGS, LAW_WORDS, ORG_BEFORE,
    ORG_HEADS, PRODUCT_AFTER, RELIGION_WORDS, TEAM_AFTER, VERSION_TOKEN, WORK_NOUNS, YEAR_TOKEN,
)

_QUOTE_MARKS = frozenset("'\"\u2018\u2019\u201c\u201d")
_APPOSITION_ORGS = frozenset("firm company group bank club carrier airline retailer broadcaster maker giant".split())


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
    doc, words = span.doc, [t for t in span if t.is_alpha]
    low = [t.lower_ for t in words]
    after = [t.lower_ for t in doc[span.end : span.end + 3]]
    before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    if len(words) > 1 and any(w in ORG_HEADS and t.text[:1].isupper() for w, t in zip(low, words)):
        votes["ORG"] += 3
    if (len(words) > 1 and low[-1] not in ORG_HEADS  # the head decides: "X Treaty Organization" is a body
            and any(w in LAW_WORDS and t.text[:1].isupper() for w, t in zip(low[1:], words[1:]))):
        votes["LAW"] += 5
    if label == "FAC":
        votes["ORG" if low and low[-1] in FACILITY_ORGS else "LOC"] += 2
    if after[:1] in (["'s"], ["'"]) and (after[1:2] and after[1] in COMPANY_AFTER | TEAM_AFTER
                                         or after[1:3] == ["chief", "executive"]):
        votes["ORG"] += 3
    elif after[:1] and after[0] in COMPANY_AFTER | TEAM_AFTER or after[:2] == ["chief", "executive"]:
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
    if after[:1] and after[0] in AWARD_AFTER or after[:2] == ["-", "winning"] or before == ["year", "'s"]:
        votes["EVENT"] += 3  # "Oscar nominations", "Oscar-winning": an award
    if low and (low[-1] in EVENT_HEADS or low[-1].removesuffix("s") in EVENT_HEADS | {"award", "globe", "prize"}):
        votes["EVENT"] += 3
    if after[:1] == [","] and after[1:2] == ["the"] and doc[span.end + 2 : span.end + 3].text.lower() in _APPOSITION_ORGS:
        votes["ORG"] += 3
    if len(before) == 2 and before[0] in COMPANY_BEFORE and before[1] in ("in", "of", "for"):
        votes["ORG"] += 3
    if before[-1:] and before[-1] in WORK_NOUNS or before in (["performance", "in"], ["starring", "in"]):
        votes["WORK_OF_ART"] += 3
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
            and not gazetteer.lookup_place(text := span.text) and not gazetteer.lookup_town(text)):
        votes["PERSON"] += 2  # "Maeve Sherlock": a given name and a surname
    if len(words) == 2 and len(words[0].text.rstrip(".")) == 1 and words[0].text[0].isupper() and words[1].is_title:
        votes["PERSON"] += 3  # "F Sheahan": an initial and a surname
    if after[:1] and after[0].rstrip(".") in POST_NOMINALS - {"mp", "mep", "msp", "mla"}:
        votes["PERSON"] += 3  # "X QC": only people take honours and silk (MP follows constituencies too)
    if low and all(w in RELIGION_WORDS for w in low):
        votes["NORP"] += 6
    if (len(words) > 1 and low[0] in COMPASS_WORDS and not gazetteer.lookup_place(span.text)
            and gazetteer.lookup_place(" ".join(t.text for t in words[1:]))):
        votes["LOC"] += 3  # "South Wales": a region of a known place
    text = span.text
    if len(words) == 1 and not gazetteer.lookup_country(text) and (
        gazetteer.lookup_demonym(text) or (text.endswith("s") and gazetteer.lookup_demonym(text[:-1]))
    ):
        votes["NORP"] += 6
    return votes
