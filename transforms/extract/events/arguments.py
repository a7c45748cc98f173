"""Event arguments: actor, target, date and place of a trigger, read from the dependency parse."""

from __future__ import annotations

from spacy.tokens import Span, Token

from transforms.extract.events.evidence import is_people
from transforms.extract.events.triggers import is_leading_participle
from transforms.extract.lexicon import MEETING_NOUNS, PORTFOLIO_WORDS
from transforms.extract.link import Linker

# Raising verbs whose passive subject is the subject of their complement ("X is expected to attack Y").
RAISING_PASSIVES = frozenset("expect set schedule due say think believe understand report tip rumour".split())
# Passive forms that describe the subject's own stance: "X is opposed to", "X is committed to".
STATIVE_PASSIVES = frozenset("oppose commit determine prepare dedicate resolve".split())
TARGET_PREPS = ("with", "to", "on", "against", "from", "for")
PLACE_PREPS = ("in", "at")
PLACE_TYPES = ("GPE", "LOC", "FAC")
# A target: the object's token, the entity it names and the words kept for it.
Target = tuple[Token | None, int | None, str | None]


def find_subject(tok: Token, *, raised: bool = False) -> Token | None:
    """The actor: the subject, the passive agent, or the subject shared with a governing verb
    (the passive subject of a raising verb: 'X is expected to attack')."""
    for c in tok.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    passive = any(c.dep_ == "auxpass" for c in tok.children) and tok.lemma_.lower() not in STATIVE_PASSIVES
    if raised and tok.lemma_.lower() not in RAISING_PASSIVES:
        raised = False
    subjects = [c for c in tok.children
                if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and (raised or not passive))]
    if subjects:  # "The ministers X and Y called ...": a misparse gives two subjects; the name is the actor
        return next((c for c in subjects if c.pos_ == "PROPN"), subjects[0])
    if tok.dep_ == "conj" and passive:
        return None  # "X pleaded guilty and was jailed": X is jailed, not jailing
    if (tok.dep_ in ("xcomp", "conj", "acomp") or is_leading_participle(tok)) and tok.head.i != tok.i:
        return find_subject(tok.head, raised=tok.dep_ == "xcomp")
    if tok.pos_ == "ADJ" and tok.head.i != tok.i:
        return find_subject(tok.head)
    return None


def find_objects(tok: Token, trigger: str) -> list[Token]:
    """Target candidates in order: direct object (unless part of the trigger), passive subject,
    prepositional objects of the verb or of its object."""
    words = set(trigger.split()[1:])
    passive = any(c.dep_ == "auxpass" for c in tok.children) and tok.lemma_.lower() not in STATIVE_PASSIVES
    out = []
    if tok.dep_ in ("relcl", "acl") and not any(c.dep_ in ("dobj", "nsubjpass") for c in tok.children) and any(
            c.dep_ == "nsubj" and c.lower_ not in ("who", "which", "that") for c in tok.children):
        out.append(tok.head)  # "the deal Turkey signed": the noun is the object
    for c in tok.children:
        if c.dep_ == "dobj" and c.lower_ not in words and c.lemma_.lower() not in words:
            out.append(c)
        if c.dep_ == "nsubjpass" and passive and c.lemma_.lower() not in words:
            out.append(c)
    for h in [tok] + [c for c in tok.children if c.dep_ == "dobj"]:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                out += [p for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME")]
    if not out:  # "refused to support X": the target of the absorbed complement
        for c in tok.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB":
                out += [o for o in c.children if o.dep_ == "dobj"]
    return out


def find_date(tok: Token, sent: Span) -> Span | None:
    """The DATE entity inside the trigger's clause, nearest the trigger."""
    dates = [e for e in sent.ents if e.label_ == "DATE"]
    if not dates:
        return None  # most sentences: no clause to walk
    subtree = {t.i for t in tok.subtree}
    dates = [e for e in dates if e.root.i in subtree]
    return min(dates, key=lambda e: abs(e.root.i - tok.i)) if dates else None


def find_place(tok: Token, linker: Linker, skip: set[int | None]) -> int | None:
    """A place entity in the trigger's clause introduced by 'in' or 'at'."""
    for t in tok.subtree:
        if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS:
            m = linker.mention_at(t)
            if m and m.type in PLACE_TYPES and m.cluster not in skip:
                return m.cluster
    return None


def with_conjuncts(tok: Token | None, linker: Linker) -> list[Token]:
    """A noun phrase head and the names coordinated with it ('the Tories and the Lib Dems')."""
    if tok is None:
        return []
    return [tok] + [c for c in tok.conjuncts if linker.mention_at(c) is not None]


def find_target(objects: list[Token], linker: Linker, speaker: int | None) -> Target:
    """(token, cluster, text) of the target: the first object naming an entity, else the first object's words
    (a prepositional object is kept only when it names someone)."""
    if not objects:
        return None, None, None
    for candidate in objects:
        cluster, text = linker.resolve(candidate, speaker=speaker, prefer_person=True)
        if cluster is not None:
            return candidate, cluster, text
    first = objects[0]
    _, text = linker.resolve(first, speaker=speaker)
    return first, None, None if first.dep_ == "pobj" else text


def readable(tok: Token | None, cluster: int | None, text: str | None) -> str | None:
    """The words kept for an actor or target: an entity's, a name's, or a phrase naming people; never a
    pronoun, a figure or an abstract noun."""
    if cluster is not None:
        return text
    if tok is None or tok.pos_ in ("PRON", "NUM") or tok.like_num:
        return None
    return text if tok.pos_ == "PROPN" or is_people(tok) else None


def pairs(linker: Linker, subject: Token | None, target: Target,
          speaker: int | None) -> list[tuple[int | None, str | None, int | None, str | None]]:
    """(actor, actor text, target, target text) for every coordinated actor and target."""
    actors = [(t, *linker.resolve(t, speaker=speaker, prefer_person=True)) for t in with_conjuncts(subject, linker)]
    actors = [a for a in actors if a[1] is not None] or actors[:1] or [(None, None, None)]
    tok, cluster, text = target
    targets = [(cluster, readable(tok, cluster, text))]
    if tok is not None and cluster is not None:
        extra = [linker.resolve(t, speaker=speaker, prefer_person=True) for t in with_conjuncts(tok, linker)[1:]]
        targets += [t for t in extra if t[0] is not None]
    out = []
    for at_tok, a, at in actors:
        if at_tok is not None and at_tok.lower_ in PORTFOLIO_WORDS:
            continue  # "Culture, Media and Sport Secretary X": a portfolio word is no actor
        for t, tt in dict.fromkeys(targets):
            if a is None or a != t:
                out.append((a, readable(at_tok, a, at), t, tt))
            elif tok is None or tok.pos_ == "PRON":  # "X accused them": an actor is never its own target
                out.append((a, readable(at_tok, a, at), None, None))
            # a named target resolved to the actor means the actor was misread: no event
    return list(dict.fromkeys(out))


def meeting_members(tok: Token, trigger: str, subject: Token | None, linker: Linker) -> Token | None:
    """The body whose gathering a meeting trigger names ('meetings of the X Council', 'the X Council session'),
    when the subject is a host place or missing: the first named member (coordinated ones follow)."""
    words = trigger.split()
    if len(words) != 2 or words[1] not in MEETING_NOUNS:
        return None
    if subject is not None and (m := linker.mention_at(subject)) is not None and m.type not in PLACE_TYPES:
        return None
    for noun in (c for c in tok.children if c.lemma_.lower() == words[1]):
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                names = [p for p in c.children if p.dep_ == "pobj" and linker.mention_at(p) is not None]
                if names:
                    return names[0]
        owners = [c for c in noun.lefts if c.dep_ in ("compound", "poss") and linker.mention_at(c) is not None]
        if owners:
            return owners[-1]  # the name nearest the noun: "the CSTO Collective Security Council session"
    return None
