"""Link noun phrases to document entities: direct mentions, pronouns, titles ('the secretary general')."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Token

from transforms.extract.gazetteer import lookup_country
from transforms.extract.lexicon import GROUP_NOUNS, ROLE_NOISE, SPEECH_VERBS, STATE_AGENT_NOUNS, TITLE_WORDS
from transforms.extract.parsed import Parsed
from transforms.records import LocalEntity, Mention

PERSONAL_PRONOUNS = frozenset("he she him her his".split())
FIRST_PERSON = frozenset("i me my".split())
GROUP_PRONOUNS = frozenset("it they them its their".split())
RELATIVE_PRONOUNS = frozenset("who which that whom".split())
# Heads of "thousands of students", "a group of rebels": the actor is what they count.
QUANTITY_NOUNS = frozenset("""
ten tens hundred hundreds thousand thousands million millions dozen dozens group groups number crowd
crowds some many most all several scores band members member majority
""".split())
MAX_PHRASE_TOKENS = 8


def phrase_text(head: Token) -> str:
    """Readable text of a noun phrase: its whole span when short, else up to its head; no leading article."""
    doc = head.doc
    start, end = head.left_edge.i, head.i + 1
    for right in head.rights:  # keep "of X" and appositions, not the clause's other attachments
        if not (right.dep_ == "appos" or (right.dep_ == "prep" and right.lower_ == "of")):
            break
        end = right.right_edge.i + 1
    if end - start > MAX_PHRASE_TOKENS:
        end = head.i + 1
    while start < end - 1 and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return doc[start:end].text


def covering(mentions: list[Mention], starts: list[int], pos: int) -> Mention | None:
    """The mention covering a text offset, in mentions sorted by start (starts: their start offsets)."""
    i = bisect_left(starts, pos + 1) - 1
    if i >= 0 and mentions[i].start_char <= pos < mentions[i].end_char:
        return mentions[i]
    return None


@dataclass
class Linker:
    """Finds the entity a token or noun phrase refers to."""

    parsed: Parsed
    entities: list[LocalEntity]
    mentions: list[Mention]
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: m.start_char)
        self._starts = [m.start_char for m in self.mentions]
        self._types = {e.cluster: e.type for e in self.entities}
        self._countries = {e.country_code: e.cluster for e in self.entities
                           if e.type == "GPE" and e.country_code and lookup_country(e.name)}
        self._codes = {e.cluster: e.country_code for e in self.entities}
        self._roots = {id(m): self._root(m) for m in self.mentions}

    def _root(self, m: Mention) -> Token | None:
        tok = self.parsed.token_at(m.end_char - 1)
        return tok

    def _in_quote(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quote_spans)

    def type_of(self, cluster: int | None) -> str | None:
        """Entity type of a document-local cluster."""
        return self._types.get(cluster) if cluster is not None else None

    def kind_of(self, cluster: int | None) -> str | None:
        """Entity type, with COUNTRY for a GPE that is a country."""
        kind = self.type_of(cluster)
        return "COUNTRY" if kind == "GPE" and cluster in self._countries.values() else kind

    def state_of(self, head: Token, phrase: list[Token]) -> int | None:
        """Whom a group acts for: a state agent its country ('British troops', 'the Turkish government', 'the
        government' when the story names one country only), other groups their people ('Fijian rebels')."""
        lemma = head.lemma_.lower()
        state = lemma in STATE_AGENT_NOUNS
        if not state and lemma not in GROUP_NOUNS:
            return None
        for t in phrase:
            m = self.mention_at(t)
            if m is None or t.i == head.i:
                continue
            if state and m.type == "GPE" and m.cluster in self._countries.values():
                return m.cluster
            if m.type == "NORP":  # a state agent's state if the story names it, else the people
                return self._countries.get(self._codes.get(m.cluster), m.cluster) if state else m.cluster
        modifiers = [t for t in phrase if t.i != head.i and t.dep_ in ("compound", "amod", "poss")]
        if head.lemma_.lower() == "government" and not modifiers and len(self._countries) == 1:
            return next(iter(self._countries.values()))
        return None

    def mention_at(self, tok: Token) -> Mention | None:
        """The mention covering a token."""
        return covering(self.mentions, self._starts, self.parsed.start(tok))

    def last_person_before(self, pos: int, exclude: int | None = None) -> Mention | None:
        """The person a pronoun at pos refers to: the last person named as a subject, outside quotes;
        else the last person named at all. Inside a quote, `exclude` (the speaker) is not 'he' or 'she'."""
        candidates = [
            m for m in reversed(self.mentions[: bisect_left(self._starts, pos)])
            if m.type == "PERSON" and m.end_char <= pos and not self._in_quote(m.start_char)
            and (exclude is None or m.cluster != exclude)
        ]
        roots = {id(m): self._roots.get(id(m)) for m in candidates}
        not_possessive = [m for m in candidates if not (roots[id(m)] is not None and roots[id(m)].dep_ == "poss")]
        for m in not_possessive:
            root = roots[id(m)]
            if root is not None and root.dep_ in ("nsubj", "nsubjpass") and pos - m.start_char < 1500:
                return m
        return (not_possessive or candidates or [None])[0]

    def person_by_role(self, phrase: list[Token], pos: int) -> Mention | None:
        """The person most recently given the role a phrase names ('the CSTO secretary general')."""
        words = [t.lower_ for t in phrase if t.lower_ not in ROLE_NOISE and not t.is_punct]
        if not words or not any(w in TITLE_WORDS for w in words):
            return None
        wanted = " ".join(words).replace(" - ", " ").replace("-", " ")
        candidates = [m for m in self.mentions if m.role and m.type == "PERSON"]
        before = [m for m in candidates if m.start_char < pos] or candidates
        for m in reversed(before):
            role = m.role.casefold().replace("-", " ")
            if role == wanted or role.endswith(wanted) or wanted.endswith(role):
                return m
        # "the Ealing North MP" after "Labour MP Stephen Pound": the same title word, if one person holds it
        title = words[-1]
        holders = {m.cluster for m in before if m.role.casefold().split()[-1] == title}
        if title in TITLE_WORDS and len(holders) == 1:
            return next(m for m in reversed(before) if m.cluster in holders)
        return None

    @staticmethod
    def _earlier_subject(tok: Token) -> Token | None:
        """For 'they' with no reporting verb: the last non-pronoun subject earlier in the sentence."""
        for t in reversed(tok.doc[tok.sent.start : tok.i]):
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON":
                return t
        return None

    @staticmethod
    def _reporting_subject(tok: Token) -> Token | None:
        """For 'X said it would ...': the non-pronoun subject of the nearest governing speech verb."""
        node = tok.head
        while node.head.i != node.i:
            if node.dep_ == "ccomp" and node.head.lemma_.lower() in SPEECH_VERBS:
                for c in node.head.children:
                    if c.dep_ == "nsubj" and c.pos_ != "PRON":
                        return c
                return None
            node = node.head
        return None

    def resolve(self, head: Token, *, speaker: int | None = None,
                prefer_person: bool = False) -> tuple[int | None, str | None]:
        """(entity cluster, text) of the noun phrase headed by a token."""
        if prefer_person:
            for child in head.subtree:
                if child.dep_ in ("appos", "npadvmod") and (m := self.mention_at(child)) and m.type == "PERSON":
                    return m.cluster, m.text
        if head.lower_ in PERSONAL_PRONOUNS:
            m = self.last_person_before(self.parsed.start(head), exclude=speaker)
            return (m.cluster, m.text) if m else (None, head.text)
        if head.lower_ in FIRST_PERSON:
            return speaker, head.text
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and head.head.head.i != head.i:
            return self.resolve(head.head.head, speaker=speaker)
        if head.lower_ in GROUP_PRONOUNS:
            antecedent = self._reporting_subject(head) or self._earlier_subject(head)
            if antecedent is not None:
                return self.resolve(antecedent, speaker=speaker)
        if head.pos_ == "PRON":
            return None, head.text
        m = self.mention_at(head)
        if m:
            names = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"
                     and c.lower_ not in TITLE_WORDS and c.lower_.rstrip(".") not in TITLE_WORDS]
            if names and self.parsed.start(names[0]) < m.start_char:
                return None, head.doc[names[0].i : head.i + 1].text  # a name split over two mentions: its words
            return m.cluster, m.text
        if head.lemma_.lower() in QUANTITY_NOUNS:
            for prep in head.children:
                if prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return self.resolve(pobj, speaker=speaker, prefer_person=prefer_person)
        phrase = [t for t in head.subtree
                  if t.i <= head.i or (t.head.i == head.i and t.dep_ in ("compound", "amod"))]
        text = phrase_text(head)
        state = self.state_of(head, phrase)
        if state is not None:
            return state, text
        role = self.person_by_role(phrase, self.parsed.start(head))
        if role:
            return role.cluster, text
        for t in head.subtree:
            if t.dep_ == "pobj" and t.head.lower_ in ("for", "of", "from", "by") and t.head.head == head:
                m = self.mention_at(t)
                if m:
                    return m.cluster, text
        person_noun = head.lower_ in TITLE_WORDS or head.lemma_.lower() in TITLE_WORDS
        owners = [t for t in phrase if t.dep_ == "poss" and t.head.i == head.i]
        for t in owners + phrase:
            m = self.mention_at(t)
            if m and self._types.get(m.cluster) != "NORP":
                if person_noun and self._types.get(m.cluster) in ("GPE", "LOC", "FAC"):
                    continue  # "the Glasgow MP" is a person, not the place
                return m.cluster, text
        return None, text
