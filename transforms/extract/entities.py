"""Entity mentions from NER plus patterns, merged within a document, typed by a vote."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Span, Token

from schemas.vocab import ENTITY_TYPES
from transforms.extract import gazetteer
from transforms.extract.entity_evidence import find_context_votes, has_determiner, has_place_context, is_versioned
from transforms.extract.lexicon import HONORIFICS, PORTFOLIO_WORDS, POST_NOMINALS, ROLE_NOISE, TITLE_WORDS
from transforms.extract.parsed import Parsed
from transforms.records import LocalEntity, Mention
from transforms.resources import (
    AWARD_HEADS, CALENDAR_WORDS, EVENT_HEADS, GENERIC_SUFFIXES, INSTITUTION_FORMS, LAW_WORDS, NAME_JOINERS,
    NAME_PREFIXES, NUMERIC_TOKEN, OCCUPATION_PREFIXES, ORG_HEADS, PEERAGE,
)

PLACE_TYPES = ("GPE", "LOC", "FAC")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,9}$")
_STOP = frozenset("of the and for on in at to de la du des der".split())
_NONWORD = re.compile(r"[^\w\s&-]+")
# One word ending in capitals after lower case ("BelTA"): agency casing, which personal names do not use.
_BRAND_CASE = re.compile(r"^[A-Z]?[a-z]+[A-Z][A-Za-z]*[A-Z]$|^[A-Z][a-z]+[A-Z]{2,}[a-z]*$")
_DEMONYM_END = re.compile(r"(?:an|ans|ese|i|is|ish|ic|ics)$")
_PAPER_PREFIXES = frozenset("Daily Sunday Monday Tuesday Wednesday Thursday Friday Saturday Evening".split())
# ANNOTATION.md's types are PERSON, ORG, GPE, LOC, NORP, LAW and EVENT: works, languages, products and awards are
# left out (the small model's PRODUCT label mostly holds films, bands and companies; an award is a prize, not an
# event). AWARD is a vote of the context rules only, never an NER label.
DROPPED_TYPES = frozenset(("WORK_OF_ART", "LANGUAGE", "PRODUCT", "AWARD"))
# Unions of word lists, built once (not per token).
_NAME_TITLES = HONORIFICS | NAME_PREFIXES
_LEADING_WORDS = HONORIFICS | NAME_PREFIXES | OCCUPATION_PREFIXES
_PERSON_LEADING_WORDS = _LEADING_WORDS | TITLE_WORDS
_TITLES_BEFORE_NAME = NAME_PREFIXES | PEERAGE | HONORIFICS
_BARE_HEADS = EVENT_HEADS | AWARD_HEADS
_ONE_WORD_INSTITUTIONS = PORTFOLIO_WORDS | ORG_HEADS
_ORG_NAME_TAILS = ORG_HEADS | GENERIC_SUFFIXES


@dataclass
class RawMention:
    """A mention before merging: its span, NER label and the evidence around it."""

    span: Span
    label: str
    para: int = 0
    role: str | None = None
    role_country: str | None = None
    honorific: bool = False
    aliases: set[str] = field(default_factory=set)
    fixed: str | None = None  # canonical name of a UK party or institution form
    titled: str | None = None  # the name with the honorific written before it ("Lord Ashcroft")
    votes: Counter = field(default_factory=Counter)  # type evidence from the words around the mention
    placed: bool = False  # the words around the mention make it a place ("in X", "X's capital")

    @cached_property
    def text(self) -> str:
        return self.span.text  # read often (merging, voting): built once


def normalize_name(text: str) -> str:
    """Casefolded name without a leading article, possessive or punctuation."""
    text = text.strip()
    text = re.sub(r"'s\b|'$", "", text)
    text = _NONWORD.sub(" ", text).casefold()
    words = text.split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def initials(name: str) -> str:
    """Initials of a name's content words ('Collective Security Treaty Organization' -> 'CSTO')."""
    return "".join(w[0] for w in name.split() if w and w.casefold() not in _STOP and w[0].isalpha()).upper()


def _is_title(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in TITLE_WORDS


def trim_span(span: Span) -> tuple[Span, bool]:
    """Drop a leading article, honorifics (PERSON only), a parenthesis, trailing possessive and punctuation."""
    doc, start, end = span.doc, span.start, span.end
    honorific = False
    for tok in span:
        if tok.text in "([" and tok.i > start:  # "Name (ACRONYM" tagged as one span
            end = tok.i
            break
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in ("'s", "'")
                           or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while end - start > 1 and doc[end - 1].lower_.rstrip(".") in POST_NOMINALS:  # "Philippe Sands QC"
        end -= 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    for k in range(start + 1, end - 1):  # "Analysing Mr Brown": the name starts at the honorific
        if doc[k].lower_ in _NAME_TITLES and doc[k].text[:1].isupper() and doc[k + 1].text[:1].isupper():
            start = k
            break
    prefixes = _PERSON_LEADING_WORDS if span.label_ == "PERSON" else _LEADING_WORDS
    while end - start > 1 and doc[start].lower_ in prefixes and doc[start + 1].text[:1].isupper():
        honorific = True
        start += 1
    while end - start > 1 and NUMERIC_TOKEN.match(doc[start].text):  # "1900 GMT Carnival"
        start += 1
    return doc[start:end], honorific


def is_name(span: Span, label: str = "") -> bool:
    """Whether a trimmed span can be a name: a capitalised word, not a number, an amount, a clock time, a bare
    'Bill' or a plural of a post-nominal ('MPs')."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if not words or all(NUMERIC_TOKEN.match(t.text) or not t.is_alpha for t in words):
        return False
    if not any(t.text[:1].isupper() for t in words):
        return False
    if (label or span.label_) in ("EVENT", "DATE") and words[-1].lower_ in CALENDAR_WORDS:
        return False  # "New Year", "New Year's Day": dates
    if len(words) == 1:
        low = words[0].lower_
        if low in _BARE_HEADS:  # a bare "Cup", "Championship" or "Awards"
            return False
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        place_label = (label or span.label_) in ("GPE", "LOC")
        if (low.endswith("ic") and (label or span.label_) != "NORP" and nxt is not None and nxt.is_lower
                and nxt.is_alpha and not (place_label and span.start > 0 and span.doc[span.start - 1].lower_ == "the")):
            return False  # "Olympic champion": an adjective before a noun
        if (words[0].tag_ == "JJ" and (label or span.label_) in ("GPE", "LOC", "ORG", "PERSON")
                and not _DEMONYM_END.search(words[0].text)):
            return False  # an adjective ("Olympic") named nothing
        if low in LAW_WORDS or low.rstrip("s") in POST_NOMINALS or low in _NAME_TITLES:
            return False
    return True


def name_before_common_noun(span: Span) -> Span | None:
    """'Iraq war', 'G8 summit': a place followed by common nouns is the place, not a named event."""
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].text.islower() and span.doc[end - 1].is_alpha:
        end -= 1
    if end == span.end:
        return None
    head = Span(span.doc, span.start, end, label="GPE")
    return head if gazetteer.lookup_place(head.text) else None


def drop_common_words(raw: list[RawMention], parsed: Parsed) -> list[RawMention]:
    """A one-word name the same text also writes in lower case ('the Budget' and 'the budget') is a noun."""
    lower = {w for words in parsed.words for w in words if w.islower()}
    keep = _ONE_WORD_INSTITUTIONS  # "the Treasury", "the Commission": institutions named by one word
    return [m for m in raw if m.fixed or len(m.span) > 1 or m.text.isupper() or m.text.casefold() not in lower
            or m.text.casefold() in keep]


def find_titled(span: Span) -> str | None:
    """The name with the honorific or peerage title written right before it ('Lord Ashcroft', 'Mr Blair')."""
    doc, i = span.doc, span.start
    while i > 0 and doc[i - 1].lower_ in _TITLES_BEFORE_NAME and doc[i - 1].text[:1].isupper():
        i -= 1
    return doc[i : span.end].text if i < span.start else None


def find_institution_mentions(parsed: Parsed) -> list[RawMention]:
    """Every written form of a UK party or institution ('Lib Dems', 'No 10', 'the Commons') as an ORG mention."""
    longest = max(len(k) for k in INSTITUTION_FORMS)
    firsts = {k[0] for k in INSTITUTION_FORMS}
    out = []
    for para, doc in enumerate(parsed.docs):
        words, after = parsed.words[para], 0
        for i in [k for k, word in enumerate(words) if word in firsts]:
            if i < after:
                continue  # inside the form found last
            for n in range(min(longest, len(words) - i), 0, -1):
                name = INSTITUTION_FORMS.get(tuple(words[i : i + n]))
                if name:
                    out.append(RawMention(doc[i : i + n], "ORG", para=para, fixed=name))
                    after = i + n
                    break
    return out


def split_on_institutions(ner: list[RawMention], fixed: list[RawMention]) -> list[RawMention]:
    """NER mentions around the institution forms: an ORG that contains one keeps its own name ('Scottish
    Conservative Party'); other overlapping spans give way, and a name glued after the form is split off
    ('Lib Dem Norman Baker' -> 'Lib Dem' + 'Norman Baker')."""
    by_doc: dict[int, list[RawMention]] = {}
    for f in fixed:
        by_doc.setdefault(id(f.span.doc), []).append(f)
    kept_fixed = {id(f) for f in fixed}
    out = []
    for m in ner:
        hits = [f for f in by_doc.get(id(m.span.doc), ()) if f.span.start < m.span.end and m.span.start < f.span.end]
        if not hits:
            out.append(m)
            continue
        f = hits[0]
        if (m.label == "ORG" and len(hits) == 1 and m.span.start < f.span.start and m.span.end >= f.span.end):
            kept_fixed.discard(id(f))  # "Scottish Conservative Party": its own organisation
            out.append(m)
            continue
        rest_start = max(h.span.end for h in hits)
        if rest_start < m.span.end:
            rest, _ = trim_span(Span(m.span.doc, rest_start, m.span.end, label=m.label))
            if rest and is_name(rest, m.label) and rest[0].text[:1].isupper():
                out.append(RawMention(Span(rest.doc, rest.start, rest.end, label=m.label), m.label, para=m.para,
                                      role=m.role, role_country=m.role_country, honorific=m.honorific))
    return out + [f for f in fixed if id(f) in kept_fixed]


def split_acronym_prefix(m: RawMention) -> list[RawMention]:
    """'CBI Jane Roe' tagged as one person: the leading acronym is an organisation, the rest the person."""
    span = m.span
    if m.label != "PERSON" or len(span) < 3 or not _ACRONYM.match(span[0].text) or "." in span[0].text:
        return [m]
    if span[0].lower_ in POST_NOMINALS or not all(t.text[:1].isupper() for t in span[1:]):
        return [m]
    doc = span.doc
    return [RawMention(doc[span.start : span.start + 1], "ORG", para=m.para),
            RawMention(Span(doc, span.start + 1, span.end, label="PERSON"), "PERSON", para=m.para,
                       role=m.role, role_country=m.role_country, honorific=m.honorific)]


def find_role(span: Span) -> tuple[str | None, str | None, bool]:
    """The title phrase right before a name ('Belarusian President'), its country, and an honorific flag."""
    doc = span.doc
    toks: list[Token] = []
    i = span.start - 1
    while i >= 0:
        t = doc[i]
        if t.is_punct or t.is_space or t.pos_ in ("VERB", "AUX", "ADP", "PRON", "CCONJ", "SCONJ"):
            break
        if t.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "ADV") and (t.head.i >= i and t.head.i < span.end):
            toks.insert(0, t)
            i -= 1
            continue
        break
    words = [t for t in toks if t.lower_ not in ROLE_NOISE]
    honorific = any(t.lower_ in HONORIFICS for t in words)
    titled = [t for t in words if _is_title(t) and t.lower_ not in HONORIFICS]
    if not titled:
        return None, None, honorific
    start = next(k for k, t in enumerate(words) if t.pos_ != "DET")
    role_toks = [t for t in words[start:] if t.lower_ not in HONORIFICS]
    role = " ".join(t.text for t in role_toks)
    country = None
    for t in role_toks:
        country = gazetteer.lookup_demonym(t.text) or (
            p.country_code if (p := gazetteer.lookup_country(t.text)) else None
        )
        if country:
            break
    return role or None, country, honorific


def is_title_part(ent: Span) -> bool:
    """A portfolio or post-nominal inside a title ('Home Secretary', 'Secretary of State', 'QC'), not a name."""
    words = [t.lower_ for t in ent if t.lower_ not in ("the", "and", "of", "&")]
    if not words:
        return True
    if all(w in POST_NOMINALS for w in words):
        return True
    if not all(w in PORTFOLIO_WORDS for w in words):
        return False
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 1] if ent.start > 0 else None
    before2 = doc[ent.start - 2] if ent.start > 1 else None
    return bool((after is not None and _is_title(after))
                or (before is not None and before.lower_ == "of" and before2 is not None and _is_title(before2))
                or (before is not None and _is_title(before)))


def split_at_dashes(ent: Span) -> list[Span]:
    """An NER span cut at spaced dashes and joining words ('MPs - Keith Vaz', 'Arsenal to Real Madrid')."""
    parts, start = [], ent.start
    for t in ent:
        if t.text in NAME_JOINERS and t.i > ent.start and t.doc[t.i - 1].whitespace_:
            parts.append(Span(ent.doc, start, t.i, label=ent.label_))
            start = t.i + 1
    parts.append(ent if start == ent.start else Span(ent.doc, start, ent.end, label=ent.label_))
    return [p for p in parts if len(p)]


def find_ner_mentions(parsed: Parsed) -> list[RawMention]:
    """NER spans of named-entity types, trimmed, with the role and honorific evidence before them."""
    out = []
    for para, doc in enumerate(parsed.docs):
        for ent in (part for e in doc.ents if e.label_ in ENTITY_TYPES for part in split_at_dashes(e)):
            if is_title_part(ent):
                continue
            span, honorific = trim_span(ent)
            if not span or not is_name(span, ent.label_) or "\n" in parsed.text_of(span):
                continue
            label = ent.label_
            start = span.start
            if label == "ORG" and start > 0 and doc[start - 1].text in _PAPER_PREFIXES:
                start -= 1  # "Sunday Telegraph": NER reads the day as a date
            span = Span(doc, start, span.end, label=label)
            if (named := name_before_common_noun(span)) is not None:
                span, label = named, "GPE"
            role, country, before = find_role(span)
            m = RawMention(span, label, para=para, role=role, role_country=country,
                           honorific=honorific or before, titled=find_titled(span))
            for part in split_acronym_prefix(m):
                part.votes = find_context_votes(part.span, part.label)
                part.placed = has_place_context(part.span)
                out.append(part)
    return out


def find_acronym_mentions(parsed: Parsed, mentions: list[RawMention]) -> list[RawMention]:
    """Acronyms tied to a name: '(CSTO)' after it, then bare uses of a known acronym."""
    found: list[RawMention] = []
    known: dict[str, str] = {}
    taken = {(id(m.span.doc), t) for m in mentions for t in range(m.span.start, m.span.end)}
    for m in mentions:
        doc, end = m.span.doc, m.span.end
        if end + 2 < len(doc):
            a, b, c = doc[end], doc[end + 1], doc[end + 2]
            if a.text == "(" and c.text == ")" and _ACRONYM.match(b.text) and b.text[0] == m.text[0].upper():
                m.aliases.add(b.text)
                known[b.text] = m.label
                if (id(doc), b.i) not in taken:  # NER may have tagged "(EOC)" itself: one mention per place
                    taken.add((id(doc), b.i))
                    found.append(RawMention(doc[b.i : b.i + 1], m.label, para=m.para))
        if m.label not in ("PERSON",) and len(m.span) > 1:
            acro = initials(m.text)
            if len(acro) >= 2:
                known.setdefault(acro, m.label)
    covered = {(id(m.span.doc), t) for m in mentions + found for t in range(m.span.start, m.span.end)}
    for para, doc in enumerate(parsed.docs):
        for i, word in enumerate(parsed.words[para]):
            if word in known and (id(doc), i) not in covered:
                found.append(RawMention(doc[i : i + 1], known[word], para=para))
    return found


@dataclass
class _Cluster:
    members: list[RawMention] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    country: str | None = None
    first_pos: tuple[int, int] = (0, 0)
    # What clustering asks of the members again and again, kept up to date by `add`:
    longest: RawMention | None = None  # the member with the longest span, then text (the first of equals)
    name_words: list[str] = field(default_factory=list)  # the longest member's normalized name, word by word
    fixed: str | None = None  # the first member's institution name
    named_person: bool = False  # a member labelled PERSON or given a role or honorific

    def add(self, members: list[RawMention]) -> None:
        """Add members (clusters only grow)."""
        self.members += members
        longest = max(members, key=_length)
        if self.longest is None or _length(longest) > _length(self.longest):
            self.longest, self.name_words = longest, normalize_name(longest.text).split()
        self.fixed = self.fixed or next((m.fixed for m in members if m.fixed), None)
        self.named_person = self.named_person or any(m.label == "PERSON" or m.role or m.honorific for m in members)

    def is_person(self) -> bool:
        return not self.fixed and self.named_person


def _length(m: RawMention) -> tuple[int, int]:
    return len(m.span), len(m.text)


def _nearest(clusters: list[_Cluster], pos: int) -> _Cluster:
    """The cluster named most recently before pos, else the first one named after it."""
    before = [c for c in clusters if c.first_pos <= pos]
    if before:
        return max(before, key=lambda c: c.first_pos)
    return min(clusters, key=lambda c: c.first_pos)


def _find_cluster(m: RawMention, key: str, clusters: list[_Cluster], pos: int) -> _Cluster | None:
    """The cluster a mention joins when no cluster has its key yet: surname, first name, head word, acronym."""
    if key.startswith("country:"):
        return None
    words = key.split()
    first = m.text.split()[0]
    if len(words) > 1 and m.label == "ORG" and _ACRONYM.match(first) and not gazetteer.lookup_country(first):
        for c in clusters:  # "BBC News" and "BBC Radio" in one story: the same broadcaster
            if not c.fixed and c.longest.label == "ORG" and c.longest.text.split()[0] == first:
                return c
    if len(words) == 1 and m.text[:1].isupper() and not m.fixed:
        # "Mr Ebbers" joins "Bernie Ebbers" whatever NER called the full name
        people = [c for c in clusters if (c.is_person() or (m.honorific and not c.fixed and not c.country))
                  and len(c.name_words) > 1]
        by_surname = [c for c in people if c.name_words[-1] == key]
        if by_surname:
            return _nearest(by_surname, pos)
        by_first_name = [c for c in people if c.name_words[0] == key]
        if m.label == "PERSON" and len(by_first_name) == 1:
            return by_first_name[0]
    if (len(words) == 1 and m.text[:1].isupper() and not m.fixed and m.label not in ("PERSON", "NORP", "GPE")
            and not gazetteer.lookup_place(m.text) and not gazetteer.lookup_town(m.text)):
        # "Amnesty" joins "Amnesty International", "Guantanamo" joins "Guantanamo Bay": the only such name
        heads = [c for c in clusters if not c.fixed and not c.country and not c.is_person()
                 and len(c.name_words) > 1 and c.name_words[0] == key
                 and (all(w in _ORG_NAME_TAILS for w in c.name_words[1:])
                      or (len(c.name_words) == 2 and is_versioned(c.longest.span)))]
        if len(heads) == 1:
            return heads[0]
    bare = m.text.replace(".", "")
    if _ACRONYM.match(m.text) and "." not in m.text:  # "BBC" joins "BBC Radio 4"
        for c in clusters:
            if not c.fixed and c.longest.label == "ORG" and c.longest.text.split()[0] == m.text:
                return c
    if _ACRONYM.match(m.text) and len(bare) >= 2:
        for c in clusters:
            if c.country:
                continue
            if any(bare == a.replace(".", "") for x in c.members for a in x.aliases) or (
                c.longest.label not in ("PERSON", "GPE") and len(c.longest.span) > 1
                and initials(c.longest.text) == bare
            ):
                return c
    return None


def cluster_mentions(mentions: list[RawMention]) -> list[_Cluster]:
    """Group mentions of one entity: same name, surname of a full name, acronym of a name, same country."""
    clusters: list[_Cluster] = []
    by_key: dict[str, _Cluster] = {}  # a key joins one cluster only: the one that has it
    order = sorted(mentions, key=lambda m: (-len(m.span), m.label == "NORP", _position(m)))
    for m in order:
        country = gazetteer.lookup_country(m.text) if m.label != "NORP" and not m.fixed else None
        key = f"country:{country.country_code}" if country else mention_key(m)
        c = by_key.get(key)
        if c is None:
            c = _find_cluster(m, key, clusters, _position(m))
        if c is None:
            c = _Cluster(first_pos=_position(m))
            clusters.append(c)
        c.add([m])
        c.keys.add(key)
        by_key.setdefault(key, c)
        c.first_pos = min(c.first_pos, _position(m))
        if country:
            c.country = country.country_code
    return clusters


def join_plurals(clusters: list[_Cluster]) -> list[_Cluster]:
    """'Oscar' and 'Oscars', 'Grand Slam' and 'Grand Slams' in one story: one name (people excepted)."""
    by_name = {normalize_name(c.longest.text): c for c in clusters if not c.is_person() and not c.country}
    out = []
    for c in clusters:
        name = normalize_name(c.longest.text)
        single = by_name.get(name[:-1]) if name.endswith("s") and len(name) > 3 else None
        if single is not None and single is not c and not c.is_person() and not c.country and not c.fixed:
            single.add(c.members)
            single.keys |= c.keys
            single.first_pos = min(single.first_pos, c.first_pos)
        else:
            out.append(c)
    return out


def mention_key(m: RawMention) -> str:
    """Merge key of a non-country mention: the institution's name, the singular of a demonym ('Canadians'), else
    the normalized name."""
    if m.fixed:
        return "inst:" + m.fixed.casefold()
    key = normalize_name(m.text)
    if (m.label == "NORP" or m.votes["NORP"]) and key.endswith("s") and " " not in key and len(key) > 3:
        return key[:-1]
    return key


def _position(m: RawMention) -> tuple[int, int]:
    return (m.para, m.span.start_char)


# Tie-break order of the type vote.
_TYPE_PREFERENCE = ("PERSON", "GPE", "ORG", "LOC", "NORP", "FAC", "AWARD", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART",
                    "LANGUAGE")
_TYPE_RANK = {t: i for i, t in enumerate(_TYPE_PREFERENCE)}


def is_place(c: _Cluster, evidence: Counter) -> bool:
    """A GPE or LOC needs a gazetteer entry, place evidence in its words or a place context ('in X')."""
    return bool(c.country or evidence["GPE"] or evidence["LOC"] or any(m.placed for m in c.members)
                or any(gazetteer.is_known_place(m.text) for m in c.members)
                or any(gazetteer.lookup_country(t.text) for t in c.longest.span[1:] if t.is_title))  # "Republic of X"


def passes_evidence(type_: str, c: _Cluster, evidence: Counter) -> bool:
    """Whether a type the labels voted for has the evidence it needs: places a gazetteer entry or a place context,
    groups (NORP) a demonym, religion or group context, laws a law word and an article ('the X Act')."""
    if type_ in ("GPE", "LOC"):
        return is_place(c, evidence)
    if type_ == "NORP":
        return evidence["NORP"] > 0
    if type_ == "LAW":
        return evidence["LAW"] > 0 and any(has_determiner(m.span) for m in c.members)
    return True


def vote_type(c: _Cluster) -> str | None:
    """The cluster's type: NER labels, with the full name outweighing its short forms, titles and the
    gazetteer outweighing both; the best-scored type with the evidence it needs, None when no type has it (not an
    entity)."""
    if c.fixed:
        return "ORG"
    score: Counter[str] = Counter(m.label for m in c.members)
    longest = c.longest
    evidence: Counter[str] = Counter()
    for m in c.members:
        if len(longest.span) > 1 and len(m.span) == 1:  # "French" said of "Philip French" is not a nationality
            evidence.update({t: v for t, v in m.votes.items() if t != "NORP"})
        else:
            evidence.update(m.votes)
    for t, v in evidence.items():  # words around the name outweigh the labels of its mentions
        score[t] += v + (len(c.members) if v >= 3 else 0)
    score = Counter({t: v for t, v in score.items() if v > 0}) or Counter({longest.label: 1})
    score["PERSON"] += 3 * sum(1 for m in c.members if m.titled and not (m.role or m.honorific))
    person_evidence = any(m.role or m.honorific or m.titled for m in c.members) or any(
        m.label == "PERSON" and len(m.span) > 1 and not m.votes for m in c.members)
    if len(longest.span) > 1:
        score[longest.label] += sum(1 for m in c.members if len(m.span) == 1)
    score["PERSON"] += 3 * sum(1 for m in c.members if m.role or m.honorific)
    if gazetteer.is_continent(longest.text):
        return "LOC"  # continents are LOC (ANNOTATION.md)
    if c.country:
        score["GPE"] += 10
    elif not person_evidence and not longest.text.isupper() and (gazetteer.lookup_city(longest.text) or (
            gazetteer.lookup_town(longest.text) and not any(m.label == "ORG" for m in c.members))):
        score["GPE"] += 1 + sum(1 for m in c.members if m.label not in PLACE_TYPES)
    if any(m.aliases for m in c.members):
        score[longest.label] += 1
    if _BRAND_CASE.match(longest.text) and not any(m.role or m.honorific for m in c.members):
        score.pop("PERSON", None)
        score["ORG"] += 1  # "BelTA"-style casing (capitals after lower case, to the end) names agencies, not people
    if evidence["LAW"] and not passes_evidence("LAW", c, evidence):
        return None  # a law word in a name never written as a law (no article before it): a title, not an entity
    ranked = sorted((t for t in score if score[t] > 0), key=lambda t: (-score[t], _TYPE_RANK.get(t, len(_TYPE_RANK))))
    return next((t for t in ranked if passes_evidence(t, c, evidence)), None)


def _country_of(c: _Cluster, type_: str, near: set[str]) -> str | None:
    if c.country:
        return c.country
    name = c.longest.text
    if type_ == "NORP":
        return gazetteer.lookup_demonym(name)
    if type_ in PLACE_TYPES and (place := gazetteer.lookup_city(name, near)):
        return place.country_code
    return next((m.role_country for m in c.members if m.role_country), None)


def _name_of(c: _Cluster, type_: str) -> str:
    if c.country and (place := gazetteer.lookup_country(c.longest.text)):
        return place.name
    if c.fixed:
        return c.fixed
    pool = [m for m in c.members if not _ACRONYM.match(m.text)] or c.members
    best = max(pool, key=lambda m: (len(m.span), len(m.text)))
    if type_ == "NORP" and len(best.span) == 1:  # "Canadian", not "Canadians"
        best = min(pool, key=lambda m: len(m.text))
    if type_ == "PERSON" and len(best.span) == 1:  # "Lord Ashcroft": the title is part of the only name given
        peers = [m.titled for m in c.members if m.titled and m.titled.split()[0].casefold() in PEERAGE]
        if peers:
            return max(peers, key=len)
    return best.text


def _aliases_of(c: _Cluster, name: str) -> list[str]:
    names = {m.text for m in c.members} | {a for m in c.members for a in m.aliases}
    names |= {m.titled for m in c.members if m.titled}
    if c.country:
        names |= gazetteer.country_names(c.country)
    return sorted(names - {name})


def dedupe_mentions(mentions: list[Mention]) -> list[Mention]:
    """One mention per start offset (the longest), in text order: mentions are unique by (doc_id, start_char)."""
    best: dict[int, Mention] = {}
    for m in mentions:
        if m.start_char not in best or m.end_char > best[m.start_char].end_char:
            best[m.start_char] = m
    return sorted(best.values(), key=lambda m: m.start_char)


def extract_entities(parsed: Parsed) -> tuple[list[LocalEntity], list[Mention]]:
    """Document-level entities and their mentions."""
    raw = split_on_institutions(find_ner_mentions(parsed), find_institution_mentions(parsed))
    raw = drop_common_words(raw, parsed)
    raw += find_acronym_mentions(parsed, raw)
    clusters = join_plurals(cluster_mentions(raw))
    clusters.sort(key=lambda c: min(parsed.start(m.span) for m in c.members))
    typed = [(c, t) for c in clusters if (t := vote_type(c)) is not None and t not in DROPPED_TYPES]
    entities, mentions = [], []
    near = {c.country for c in clusters if c.country}
    for idx, (c, type_) in enumerate(typed):
        name = _name_of(c, type_)
        entities.append(LocalEntity(idx, name, type_, _country_of(c, type_, near), tuple(_aliases_of(c, name)),
                                    n_mentions=len(c.members)))
        for m in c.members:
            mentions.append(Mention(idx, parsed.sentence_idx(m.span), parsed.start(m.span),
                                    parsed.end(m.span), m.text, type_, m.role))
    return entities, dedupe_mentions(mentions)
