"""Who a quote's attribution phrase refers to, resolved as a reader would: names, pronouns by gender and
number, titles and roles the story gave a person, reports to their publisher, spokespeople to their principal."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Token

from transforms.extract.lexicon import ROLE_NOISE, TITLE_WORDS
from transforms.extract.link import GROUP_PRONOUNS, RELATIVE_PRONOUNS, Linker, covering, phrase_text
from transforms.extract.quotes.attribution import is_quote_verb
from transforms.records import Mention

MALE_WORDS = frozenset("""
mr mr. sir lord baron king prince duke earl father brother chairman spokesman congressman businessman husband son
""".split())
FEMALE_WORDS = frozenset("""
mrs mrs. ms ms. miss lady dame baroness queen princess duchess countess mother sister chairwoman spokeswoman
congresswoman businesswoman wife daughter
""".split())
MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())
_GENDERED_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS
_TITLE_CUES = MALE_WORDS | FEMALE_WORDS | TITLE_WORDS  # words that may stand before a surname ("Mr", "Minister")
# People who speak for someone else: their words are their principal's unless they are named.
SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson spokespeople spokesmen representative".split())
# Documents whose words belong to whoever wrote or published them.
DOCUMENT_NOUNS = frozenset("""
report study survey paper review analysis research findings statement letter document manifesto submission
briefing memo memorandum guidance audit evaluation assessment inquiry dossier white
""".split())
# A court and the people or texts that speak for it.
COURT_NOUNS = frozenset("court judges judge justices tribunal bench panel ruling judgment judgement verdict".split())
COURT_NAME_WORDS = frozenset("court tribunal lords justice judicial".split())
# Common nouns an organisation is referred back to by ("the firm said").
ORG_NOUNS = frozenset("""
company firm group party charity union council department ministry agency organisation organization body
commission committee authority bank watchdog association federation institute institution regulator
campaign club business retailer airline maker operator insurer lender carrier network board trust
alliance coalition society foundation forum partnership lobby movement church
""".split())
# Common nouns for one person who may speak: the antecedent of a later "he" or "she".
PERSON_NOUNS = SPOKESPEOPLE | TITLE_WORDS | frozenset("""
aide adviser advisor official source insider lawyer barrister solicitor witness doctor teacher officer man woman
""".split())
# Modifiers that change who holds a role: "the shadow chancellor" is not "the chancellor".
ROLE_QUALIFIERS = frozenset("shadow deputy vice junior assistant former".split())
SUBJECT_DEPS = ("nsubj", "nsubjpass")
SALIENCE_WINDOW = 1500  # characters back in which the last acting person is the antecedent of "he"/"she"


def _indefinite(head: Token) -> bool:
    """'a spokesman', 'another minister': someone not named before."""
    return any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in head.children)


def _clause_level(subject: Token) -> int:
    """3 for the subject of a main clause or of a speech verb, else 2."""
    verb = subject.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return 3 if verb.dep_ == "ROOT" or is_quote_verb(subject.head) else 2


def _gender_of_word(word: str) -> str | None:
    """'m', 'f' or None for an honorific or a gendered noun."""
    w = word.lower()
    return "m" if w in MALE_WORDS else "f" if w in FEMALE_WORDS else None


@dataclass
class SpeakerResolver:
    """Resolves the head token of an attribution phrase to an entity cluster of the document."""

    linker: Linker
    short_quotes: list[tuple[int, int]] = field(default_factory=list)  # scare quotes and titles
    by_role: dict[str, int] = field(default_factory=dict)  # "spokesman" -> whose an earlier "X spokesman" was
    spoke: list[Mention] = field(default_factory=list)  # where earlier quotes' speakers were named

    def __post_init__(self) -> None:
        self.parsed = self.linker.parsed
        self.types = {e.cluster: e.type for e in self.linker.entities}
        self.mentions: list[Mention] = sorted(self.linker.mentions + self._titled_surnames(),
                                              key=lambda m: m.start_char)
        self._starts = [m.start_char for m in self.mentions]
        self.works = self._works()
        self.gender = self._genders()
        self.roles = self._roles()
        self.people = self._people()

    # --- evidence computed once per document -------------------------------------------------------------

    def _titled_surnames(self) -> list[Mention]:
        """'Mr Chernin' where NER saw no name: a mention of the person whose full name ends with that surname."""
        by_surname: dict[str, set[int]] = {}
        for e in self.linker.entities:
            if e.type == "PERSON":
                by_surname.setdefault(e.name.split()[-1], set()).add(e.cluster)
        out = []
        for idx, (para, sent) in enumerate(self.parsed.sentences):
            doc, words, lowers = sent.doc, self.parsed.words[para], self.parsed.lowers[para]
            if _TITLE_CUES.isdisjoint(lowers[sent.start : sent.end - 1]):
                continue  # no honorific or title in the sentence
            for i in range(sent.start, sent.end - 1):
                title = _gender_of_word(words[i]) is not None or lowers[i] in TITLE_WORDS
                if not title or not words[i][:1].isupper() or doc[i + 1].pos_ != "PROPN":
                    continue
                nxt = doc[i + 1]
                pos = self.parsed.start(nxt)
                if self.linker.mention_at(nxt) is None and len(by_surname.get(nxt.text, ())) == 1:
                    cluster = next(iter(by_surname[nxt.text]))
                    out.append(Mention(cluster, idx, pos, pos + len(nxt.text), nxt.text, "PERSON"))
        return out

    def mention_at(self, tok: Token) -> Mention | None:
        """The mention (NER or titled surname) covering a token."""
        return covering(self.mentions, self._starts, self.parsed.start(tok))

    @staticmethod
    def _in_any_quote(pos: int, spans: list[tuple[int, int]]) -> bool:
        return any(s <= pos < e for s, e in spans)

    def _quoted(self, pos: int) -> bool:
        """Inside a quotation of four words or more (a speaker is named outside them)."""
        return self._in_any_quote(pos, self.linker.quote_spans)

    def _works(self) -> set[int]:
        """Clusters named only inside short quoted passages: titles of works, not speakers."""
        inside: dict[int, bool] = {}
        for m in self.mentions:
            quoted = self._in_any_quote(m.start_char, self.short_quotes)
            inside[m.cluster] = inside.get(m.cluster, True) and quoted
        return {c for c, only_quoted in inside.items() if only_quoted}

    def _word_before(self, m: Mention) -> Token | None:
        """The token right before a mention (an honorific NER left out)."""
        tok = self.parsed.token_at(m.start_char)
        if tok is None or tok.i == 0:
            return None
        return tok.doc[tok.i - 1]

    def _genders(self) -> dict[int, str]:
        """'m' or 'f' per person cluster, from honorifics, gendered role words and unambiguous pronouns."""
        votes: dict[int, Counter] = {}
        for m in self.mentions:
            if m.type != "PERSON":
                continue
            words = [w for w in m.text.split()[:1]]
            before = self._word_before(m)
            if before is not None:
                words.append(before.text)
            words += (m.role or "").split()
            for w in words:
                if g := _gender_of_word(w):
                    votes.setdefault(m.cluster, Counter())[g] += 2
        for para, sent in self.parsed.sentences:
            offset, starts, lowers = self.parsed.offsets[para], self.parsed.starts[para], self.parsed.lowers[para]
            if _GENDERED_PRONOUNS.isdisjoint(lowers[sent.start : sent.end]):
                continue  # no he or she: no vote
            start, end = self.parsed.start(sent), self.parsed.end(sent)
            quotes = [(s, e) for s, e in self.linker.quote_spans if s < end and start < e]  # those in the sentence
            seen: list[int] = []
            for i in range(sent.start, sent.end):
                pos = offset + starts[i]
                if quotes and self._in_any_quote(pos, quotes):
                    continue
                m = covering(self.mentions, self._starts, pos)
                if m is not None and m.type == "PERSON" and m.cluster not in seen:
                    seen.append(m.cluster)
                    if len(seen) > 1:
                        break  # two people named: no pronoun later in the sentence votes
                low = lowers[i]
                g = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
                if g and len(seen) == 1:
                    votes.setdefault(seen[0], Counter())[g] += 1
        return {c: v.most_common(1)[0][0] for c, v in votes.items() if len(v) == 1 or v["m"] != v["f"]}

    def _people(self) -> set[int]:
        """PERSON clusters a pronoun may refer to: a one-word name needs a title, a role or a gendered word
        (a company or a work NER typed PERSON has none)."""
        names = {e.cluster: e.name for e in self.linker.entities if e.type == "PERSON"}
        titled = set(self.gender) | {cluster for _, cluster, _ in self.roles}
        for m in self.mentions:
            before = self._word_before(m)
            if m.cluster in names and before is not None and before.lower_.rstrip(".") in TITLE_WORDS:
                titled.add(m.cluster)
        return {c for c, name in names.items() if len(name.split()) > 1 or c in titled}

    def _roles(self) -> list[tuple[int, int, set[str]]]:
        """(position, cluster, role words) for every role the story gives a person: a title before the
        name, an appositive ('X, the charity's director'), a predicate ('X is the new chairman')."""
        out = []
        for m in self.mentions:
            if m.type != "PERSON":
                continue
            if m.role:
                out.append((m.start_char, m.cluster, {w.lower() for w in m.role.split()}))
            root = self.parsed.token_at(m.end_char - 1)
            if root is None:
                continue
            phrases = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                phrases.append(root.head)
            if root.dep_ in SUBJECT_DEPS and root.head.lemma_ == "be":
                phrases += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
            for head in phrases:
                words = {t.lower_ for t in head.subtree if not t.is_punct and t.i <= head.i + 3}
                words |= {head.lemma_.lower()}
                out.append((m.start_char, m.cluster, words - ROLE_NOISE))
        return out

    # --- lookups --------------------------------------------------------------------------------------------

    def _before(self, pos: int) -> list[Mention]:
        """Mentions ending before pos, outside quotes, nearest first."""
        return [m for m in reversed(self.mentions[: bisect_left(self._starts, pos)])
                if m.end_char <= pos and not self._quoted(m.start_char) and m.cluster not in self.works]

    def _root(self, m: Mention) -> Token | None:
        """The last token of a mention, which carries its dependency."""
        return self.parsed.token_at(m.end_char - 1)

    def note_speaker(self, head: Token, cluster: int | None) -> None:
        """Remember who spoke where: a speaker is the most salient antecedent of a later 'he' or 'she'."""
        if cluster is not None and self.types.get(cluster) == "PERSON":
            pos = self.parsed.start(head)
            self.spoke.append(Mention(cluster, 0, pos, pos + len(head.text), head.text, "PERSON"))

    def _salience(self, m: Mention) -> int:
        """3: subject of a main clause or of a speech verb, or a quote's speaker; 2: subject of another clause;
        1: named; 0: possessive."""
        if any(m is x for x in self.spoke):  # noted speakers are their own Mention objects
            return 3
        root = self._root(m)
        if root is None:
            return 1
        if root.dep_ == "appos" and root.head.i != root.i:
            root = root.head
        if root.dep_ == "pobj" and root.head.dep_ == "agent":  # "welcomed by X": X acts
            return 3
        if root.dep_ in SUBJECT_DEPS:
            return _clause_level(root)
        return 0 if root.dep_ == "poss" else 1

    def _acting(self, candidates: list[Mention], pos: int) -> Mention | None:
        """The nearest candidate speaking or acting in a main clause, else the nearest subject, else the
        nearest one named (possessives last)."""
        near = [m for m in candidates if pos - m.start_char < SALIENCE_WINDOW] or candidates[:1]
        for level in (3, 2, 1):
            for m in near:
                if self._salience(m) >= level:
                    return m
        return (candidates or [None])[0]

    def person_pronoun(self, tok: Token) -> int | None:
        """He/she: the nearest person of compatible gender speaking or acting before it."""
        want = "m" if tok.lower_ in MALE_PRONOUNS else "f"
        pos = self.parsed.start(tok)
        spoke = [m for m in self.spoke if m.end_char <= pos]
        people = [m for m in sorted(self._before(pos) + spoke, key=lambda m: -m.start_char)
                  if m.cluster in self.people and self.gender.get(m.cluster, want) == want]
        m = self._acting(people, pos)
        unnamed = self._unnamed_actor(pos, want, m.end_char if m else pos - SALIENCE_WINDOW)
        if unnamed is not None:  # "a spokesman for X defended it. He said": the spokesman, not a person before
            return self.resolve(unnamed)[0] if unnamed.pos_ == "NOUN" else None
        if m is None:
            return None
        self.gender.setdefault(m.cluster, want)  # an earlier pronoun tells a later one
        return m.cluster

    def _unnamed_actor(self, pos: int, want: str, after: int) -> Token | None:
        """The nearest main-clause subject between `after` and pos naming a person by a common noun
        ('a spokesman') or by a name no entity holds: the antecedent a reader takes for 'he'/'she'."""
        for _, sent in reversed(self.parsed.sentences):
            if self.parsed.start(sent) >= pos:
                continue
            if self.parsed.end(sent) <= after:
                return None
            for t in reversed(sent):
                at = self.parsed.start(t)
                if at >= pos or at < after or t.dep_ not in SUBJECT_DEPS or self._quoted(at):
                    continue
                if self.mention_at(t) is not None or _clause_level(t) < 3:
                    continue
                noun = t.lemma_.lower()
                one_person = t.pos_ == "NOUN" and t.tag_ == "NN" and noun in PERSON_NOUNS
                if one_person and _gender_of_word(noun) in (None, want):
                    if _indefinite(t) or self.resolve(t)[0] is not None:
                        return t  # "the chancellor" the story never tied to a name is left to the names
                if t.pos_ == "PROPN" and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.children):
                    return t
        return None

    def group_pronoun(self, tok: Token) -> int | None:
        """They/it: an organisation or group in the same sentence, else the nearest one acting before it."""
        pos = self.parsed.start(tok)
        types = ("ORG",) if tok.lower_ in ("it", "its") else ("ORG", "NORP")
        for t in reversed(tok.doc[tok.sent.start : tok.i]):
            m = self.mention_at(t)
            if m is not None and t.dep_ in SUBJECT_DEPS and self.types.get(m.cluster) in types:
                return m.cluster
        groups = [m for m in self._before(pos) if self.types.get(m.cluster) in types]
        m = self._acting(groups, pos)
        return m.cluster if m else None

    def _mention_in(self, tokens: list[Token], types: tuple[str, ...] | None = None) -> int | None:
        """The first entity of the given types the tokens name (possessive pronouns resolved)."""
        for t in tokens:
            if t.lower_ in ("its", "their"):
                return self.group_pronoun(t)
            if t.lower_ in ("his", "her"):
                return self.person_pronoun(t)
            m = self.mention_at(t)
            if m is not None and m.cluster not in self.works and (types is None or self.types.get(m.cluster) in types):
                return m.cluster
        return None

    def _named_beside(self, head: Token) -> Mention | None:
        """'Maeve Sherlock, chief executive of X, said' / 'director of X, Norman Brennan, said': the person
        named beside a nominal subject, between commas."""
        verb = head.head
        if head.dep_ not in SUBJECT_DEPS or verb.i < head.i:
            return None
        for t in head.doc[head.i + 1 : verb.i]:
            if (m := self.mention_at(t)) and m.type == "PERSON" and head.doc[t.i - 1].text in (",", "(") \
                    or (m and m.type == "PERSON" and self.mention_at(head.doc[t.i - 1]) is m):
                if any(x.text == "," for x in head.doc[head.i : t.i]):
                    return m
        left = head.left_edge.i - 1
        if left > 0 and head.doc[left].text == ",":
            m = self.mention_at(head.doc[left - 1])
            if m is not None and m.type == "PERSON":
                return m
        return None

    def _modifiers(self, head: Token) -> list[Token]:
        """Compounds, adjectives, possessives and 'for/of/by/from X' objects of a noun phrase head."""
        out = []
        for child in head.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod"):
                out += [t for t in child.subtree]
            elif child.dep_ == "prep" and child.lower_ in ("for", "of", "by", "from", "at"):
                out += [t for t in child.subtree if t.dep_ == "pobj" or t.dep_ in ("compound", "poss")]
        return out

    # --- nominal speakers -----------------------------------------------------------------------------------

    def person_by_role(self, head: Token, *, exact: bool = False) -> int | None:
        """'The chancellor', 'the charity's director': the person the story gave that role, nearest first;
        `exact`: every modifier of the phrase is in the role ('the Tory finance spokesman')."""
        noun = head.lemma_.lower()
        wanted = {t.lower_ for t in head.subtree if t.i < head.i and t.dep_ in ("compound", "amod")} - ROLE_NOISE
        qualifiers = wanted & ROLE_QUALIFIERS
        pos = self.parsed.start(head)
        best, best_key = None, None
        for at, cluster, words in self.roles:
            if noun not in words and head.lower_ not in words:
                continue
            if (words & ROLE_QUALIFIERS) != qualifiers or (exact and not wanted <= words):
                continue
            key = (len(wanted & words), at < pos, at if at < pos else -at)
            if best_key is None or key > best_key:
                best, best_key = cluster, key
        return best

    def document_author(self, head: Token) -> int | None:
        """'The report', 'its study': whoever the text says wrote or published it."""
        found = self._mention_in(self._modifiers(head), ("ORG", "PERSON", "GPE", "NORP"))
        if found is not None:
            return found
        noun = head.lemma_.lower()
        pos = self.parsed.start(head)
        for _, sent in reversed(self.parsed.sentences):
            if self.parsed.start(sent) >= pos:
                continue
            for tok in sent:
                if tok.lemma_.lower() != noun or self._quoted(self.parsed.start(tok)):
                    continue
                found = self._mention_in(self._modifiers(tok), ("ORG", "PERSON", "GPE", "NORP"))
                if found is None and tok.dep_ in ("dobj", "nsubjpass") and (verb := tok.head).pos_ == "VERB":
                    subj = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
                    subj = [g for c in subj for g in ([c] if c.dep_ == "nsubj" else c.children)]
                    found = self._mention_in(subj, ("ORG", "PERSON", "GPE", "NORP"))
                if found is not None:
                    return found
        orgs = [m for m in self._before(pos) if self.types.get(m.cluster) == "ORG"]
        return orgs[0].cluster if orgs else None

    def court(self, head: Token) -> int | None:
        """'The judges', 'the court', 'the ruling': the court the story named."""
        found = self._mention_in(self._modifiers(head), ("ORG",))
        if found is not None:
            return found
        pos = self.parsed.start(head)
        courts = [m for m in self._before(pos) + self.mentions[bisect_left(self._starts, pos):]
                  if self.types.get(m.cluster) == "ORG" and COURT_NAME_WORDS & set(m.text.lower().split())]
        return courts[0].cluster if courts else None

    def organisation(self, head: Token) -> int | None:
        """'The firm', 'the party': the organisation named with that noun, else the nearest one acting."""
        found = self._mention_in(self._modifiers(head), ("ORG",))
        if found is not None:
            return found
        noun = head.lemma_.lower()
        pos = self.parsed.start(head)
        for m in self._before(pos):  # "the Making Decisions Alliance ... the alliance", whatever its NER type
            if noun in m.text.lower().split() and self.types.get(m.cluster) not in ("PERSON", "GPE"):
                return m.cluster
        orgs = [m for m in self._before(pos) if self.types.get(m.cluster) == "ORG"]
        for m in orgs:
            root = self._root(m)
            if root is not None and noun in {t.lemma_.lower() for t in (root.head, *root.children)}:
                return m.cluster
        m = self._acting(orgs, pos)
        return m.cluster if m else None

    def spokesperson(self, head: Token) -> int | None:
        """A spokesperson speaks for the principal named with them, else for an earlier 'X spokesman's."""
        key = head.lemma_.lower()
        named = None if _indefinite(head) else self.person_by_role(head, exact=True)
        if named is not None:
            return named
        found = self._mention_in(self._modifiers(head), ("ORG", "PERSON", "GPE", "NORP"))
        if found is not None:
            self.by_role[key] = found
            return found
        return self.by_role.get(key)

    # --- entry point ----------------------------------------------------------------------------------------

    def resolve(self, head: Token) -> tuple[int | None, str | None]:
        """(entity cluster, words) of the attribution phrase headed by a token; cluster None if unresolved."""
        text = phrase_text(head) if head.pos_ != "PRON" else head.text
        for child in head.children:  # a named spokesperson, "the chancellor, Gordon Brown MP"
            if child.dep_ == "appos":
                for t in child.subtree:
                    if (m := self.mention_at(t)) and m.type == "PERSON":
                        return m.cluster, m.text
        low = head.lower_
        if low in RELATIVE_PRONOUNS and head.i > 0:
            prev = head.doc[head.i - 1]
            prev = head.doc[head.i - 2] if prev.is_punct and head.i > 1 else prev
            if (m := self.mention_at(prev)) is not None:
                return m.cluster, m.text
            if head.head.dep_ == "relcl" and head.head.head.i != head.i:
                return self.resolve(head.head.head)
        if low in MALE_PRONOUNS | FEMALE_PRONOUNS:
            return self.person_pronoun(head), text
        if low in GROUP_PRONOUNS:
            return self.group_pronoun(head), text
        if head.pos_ == "PRON":
            return None, text
        m = self.mention_at(head)
        if m is not None and m.cluster not in self.works:
            return m.cluster, m.text
        if head.pos_ == "NOUN" and (named := self._named_beside(head)) is not None:
            return named.cluster, named.text
        noun = head.lemma_.lower()
        if noun in SPOKESPEOPLE:
            return self.spokesperson(head), text
        if noun in COURT_NOUNS:
            return self.court(head), text
        if noun in DOCUMENT_NOUNS:
            return self.document_author(head), text
        if not _indefinite(head) and (noun in TITLE_WORDS or any(noun in words for _, _, words in self.roles)):
            if (cluster := self.person_by_role(head)) is not None:
                return cluster, text
        if noun in ORG_NOUNS:
            return self.organisation(head), text
        if head.pos_ == "PROPN":
            return None, text
        return self._mention_in(self._modifiers(head), ("ORG", "PERSON", "GPE")), text
