"""Entity mentions from NER plus patterns, merged within a document, typed by a vote."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from schemas.vocab import ENTITY_TYPES
from transforms.extract import gazetteer
from transforms.extract.lexicon import HONORIFICS, PORTFOLIO_WORDS, POST_NOMINALS, ROLE_NOISE, TITLE_WORDS
from transforms.extract.parsed import Parsed
from transforms.records import LocalEntity, Mention

PLACE_TYPES = ("GPE", "LOC", "FAC")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,9}$")
_STOP = frozenset("of the and for on in at to de la du des der".split())
_NONWORD = re.compile(r"[^\w\s&-]+")
# One word ending in capitals after lower case ("BelTA"): agency casing, which personal names do not use.
_BRAND_CASE = re.compile(r"^[A-Z]?[a-z]+[A-Z][A-Za-z]*[A-Z]$|^[A-Z][a-z]+[A-Z]{2,}[a-z]*$")


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

    @property
    def text(self) -> str:
        return self.span.text


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
    if span.label_ == "PERSON":
        while end - start > 1 and doc[start].lower_ in HONORIFICS | TITLE_WORDS:
            honorific = True
            start += 1
    return doc[start:end], honorific


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


def find_ner_mentions(parsed: Parsed) -> list[RawMention]:
    """NER spans of named-entity types, trimmed, with the role and honorific evidence before them."""
    out = []
    for para, doc in enumerate(parsed.docs):
        for ent in doc.ents:
            if ent.label_ not in ENTITY_TYPES or is_title_part(ent):
                continue
            span, honorific = trim_span(ent)
            if not span or not any(c.isupper() or c.isdigit() for c in span.text):
                continue
            if "\n" in span.text:
                continue
            span = Span(doc, span.start, span.end, label=ent.label_)
            role, country, before = find_role(span)
            out.append(RawMention(span, ent.label_, para=para, role=role, role_country=country,
                                  honorific=honorific or before))
    return out


def find_acronym_mentions(parsed: Parsed, mentions: list[RawMention]) -> list[RawMention]:
    """Acronyms tied to a name: '(CSTO)' after it, then bare uses of a known acronym."""
    found: list[RawMention] = []
    known: dict[str, str] = {}
    for m in mentions:
        doc, end = m.span.doc, m.span.end
        if end + 2 < len(doc):
            a, b, c = doc[end], doc[end + 1], doc[end + 2]
            if a.text == "(" and c.text == ")" and _ACRONYM.match(b.text) and b.text[0] == m.text[0].upper():
                m.aliases.add(b.text)
                known[b.text] = m.label
                found.append(RawMention(doc[b.i : b.i + 1], m.label, para=m.para))
        if m.label not in ("PERSON",) and len(m.span) > 1:
            acro = initials(m.text)
            if len(acro) >= 2:
                known.setdefault(acro, m.label)
    covered = {(id(m.span.doc), t) for m in mentions + found for t in range(m.span.start, m.span.end)}
    for para, doc in enumerate(parsed.docs):
        for tok in doc:
            if tok.text in known and (id(doc), tok.i) not in covered:
                found.append(RawMention(doc[tok.i : tok.i + 1], known[tok.text], para=para))
    return found


@dataclass
class _Cluster:
    members: list[RawMention] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    country: str | None = None
    first_pos: tuple[int, int] = (0, 0)

    @property
    def name_words(self) -> list[str]:
        return normalize_name(self.longest.text).split()

    @property
    def longest(self) -> RawMention:
        return max(self.members, key=lambda m: (len(m.span), len(m.text)))

    def is_person(self) -> bool:
        return any(m.label == "PERSON" or m.role or m.honorific for m in self.members)


def _nearest(clusters: list[_Cluster], pos: int) -> _Cluster:
    """The cluster named most recently before pos, else the first one named after it."""
    before = [c for c in clusters if c.first_pos <= pos]
    if before:
        return max(before, key=lambda c: c.first_pos)
    return min(clusters, key=lambda c: c.first_pos)


def _find_cluster(m: RawMention, key: str, clusters: list[_Cluster], pos: int) -> _Cluster | None:
    for c in clusters:
        if key in c.keys:
            return c
    if key.startswith("country:"):
        return None
    words = key.split()
    if len(words) == 1 and m.text[:1].isupper():
        people = [c for c in clusters if c.is_person() and len(c.name_words) > 1]
        by_surname = [c for c in people if c.name_words[-1] == key]
        if by_surname:
            return _nearest(by_surname, pos)
        by_first_name = [c for c in people if c.name_words[0] == key]
        if m.label == "PERSON" and len(by_first_name) == 1:
            return by_first_name[0]
    bare = m.text.replace(".", "")
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
    order = sorted(mentions, key=lambda m: (-len(m.span), m.label == "NORP", _position(m)))
    for m in order:
        country = gazetteer.lookup_country(m.text) if m.label != "NORP" else None
        key = f"country:{country.country_code}" if country else normalize_name(m.text)
        c = _find_cluster(m, key, clusters, _position(m))
        if c is None:
            c = _Cluster(first_pos=_position(m))
            clusters.append(c)
        c.members.append(m)
        c.keys.add(key)
        c.first_pos = min(c.first_pos, _position(m))
        if country:
            c.country = country.country_code
    return clusters


def _position(m: RawMention) -> tuple[int, int]:
    return (m.para, m.span.start_char)


# Tie-break order of the type vote.
_TYPE_PREFERENCE = ("PERSON", "GPE", "ORG", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART",
                    "LANGUAGE")


def vote_type(c: _Cluster) -> str:
    """The cluster's type: NER labels, with the full name outweighing its short forms, titles and the
    gazetteer outweighing both."""
    score: Counter[str] = Counter(m.label for m in c.members)
    longest = c.longest
    if len(longest.span) > 1:
        score[longest.label] += sum(1 for m in c.members if len(m.span) == 1)
    score["PERSON"] += 3 * sum(1 for m in c.members if m.role or m.honorific)
    if c.country:
        score["GPE"] += 10
    elif (city := gazetteer.lookup_city(longest.text)) and not any(
        m.label == "PERSON" and len(m.span) > 1 for m in c.members
    ) and not any(m.role or m.honorific for m in c.members):
        score["GPE"] += 2 if city.population >= 1_000_000 or longest.label != "PERSON" else 1
    if any(m.aliases for m in c.members):
        score[longest.label] += 1
    if _BRAND_CASE.match(longest.text) and not any(m.role or m.honorific for m in c.members):
        score.pop("PERSON", None)
        score["ORG"] += 1  # "BelTA"-style casing (capitals after lower case, to the end) names agencies, not people
    rank = {t: i for i, t in enumerate(_TYPE_PREFERENCE)}
    return max(score, key=lambda t: (score[t], -rank.get(t, len(rank))))


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
    pool = [m for m in c.members if not _ACRONYM.match(m.text)] or c.members
    best = max(pool, key=lambda m: (len(m.span), len(m.text)))
    return best.text


def extract_entities(parsed: Parsed) -> tuple[list[LocalEntity], list[Mention]]:
    """Document-level entities and their mentions."""
    raw = find_ner_mentions(parsed)
    raw += find_acronym_mentions(parsed, raw)
    clusters = cluster_mentions(raw)
    clusters.sort(key=lambda c: min(parsed.start(m.span) for m in c.members))
    entities, mentions = [], []
    near = {c.country for c in clusters if c.country}
    for idx, c in enumerate(clusters):
        type_ = vote_type(c)
        name = _name_of(c, type_)
        aliases = sorted(({m.text for m in c.members} | {a for m in c.members for a in m.aliases}) - {name})
        entities.append(LocalEntity(idx, name, type_, _country_of(c, type_, near), tuple(aliases)))
        for m in c.members:
            mentions.append(Mention(idx, parsed.sentence_idx(m.span), parsed.start(m.span),
                                    parsed.end(m.span), m.text, type_, m.role))
    mentions.sort(key=lambda m: m.start_char)
    return entities, mentions
