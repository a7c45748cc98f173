"""Event triggers: which words start an event, in which clause positions, with which mode."""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, POS
from spacy.symbols import ADJ, VERB, ccomp
from spacy.tokens import Doc, Token

from transforms.extract.events.evidence import (
    JUDGING_VERBS, NEGATIVE_JUDGEMENTS, POSITIVE_JUDGEMENTS, POSITIVE_OUTCOMES,
)
from transforms.extract.lexicon import (
    ABSORBING_GOVERNORS, AGREE_ADJECTIVES, CONTROL_TYPES, DEMAND_MODALS, EVENT_TRIGGERS, MEETING_NOUNS,
    NEGATING_GOVERNORS, NEGATION_WORDS, PLANNED_AUX, PLANNED_GOVERNORS, SCHEDULING_VERBS, SPEECH_VERBS,
)

# Verbs of pledging: their complement is the event, coded planned with its own type ("vowed to lift the ban").
PLEDGE_VERBS = frozenset("pledge vow promise commit undertake swear".split())
# Verbs of opinion whose "should" complement is a demand.
OPINION_VERBS = frozenset("believe think feel".split())
MEETING_VERBS = SCHEDULING_VERBS | {"hold", "take", "convene", "begin", "open", "start"}
_DEMAND_GOVERNORS = SPEECH_VERBS | JUDGING_VERBS | OPINION_VERBS
_PLANNING_GOVERNORS = PLANNED_GOVERNORS | PLEDGE_VERBS | AGREE_ADJECTIVES
# The leading words of every trigger phrase ("call", "call for"): a lemma that is none of them starts no phrase.
_TRIGGER_HEADS = frozenset(" ".join(words[:k]) for words in (p.split(" ") for p in EVENT_TRIGGERS)
                           for k in range(1, len(words) + 1))
# Clause positions that are events only with a subject of their own (purpose clauses, modifiers are not).
_SUBORDINATE = ("advcl", "acl", "pcomp", "prep", "npadvmod", "dep", "csubj")
# Dependents that carry what a clause says of its subject ("was wrong", "had failed", "a disgrace").
PREDICATE_DEPS = ("acomp", "attr", "xcomp", "oprd", "advmod", "conj")  # a conjoined verb itself, not its objects
_NEVER = ("amod", "compound", "nmod", "poss", "aux", "auxpass")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")


def lemma_candidates(tok: Token) -> list[str]:
    """The lemma and plain-suffix stems of a verb, covering lemmatizer slips ('staged' -> 'stag')."""
    text, lemma = tok.lower_, tok.lemma_.lower()
    out = [lemma]
    for suffix, repl in (("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", ""), ("s", ""), ("d", "")):
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            out.append(text[: -len(suffix)] + repl)
    return list(dict.fromkeys(out))


def find_candidates(doc: Doc) -> list[int]:
    """Indices of the tokens that can be a trigger, a demand or a judgement at all: each needs a verb, an
    adjective or a complement clause (read from the Doc's arrays: the other tokens are never built)."""
    pos, dep = doc.to_array([POS, DEP]).T
    return np.flatnonzero((pos == VERB) | (pos == ADJ) | (dep == ccomp)).tolist()


def match_trigger(tok: Token) -> tuple[str, str] | None:
    """(PLOVER type, trigger phrase) for a verb: verb+particle, verb+object, verb+preposition, verb alone."""
    if tok.pos == ADJ and tok.lower_ in AGREE_ADJECTIVES and any(c.dep_ == "xcomp" for c in tok.children):
        return "AGREE", f"be {tok.lower_} to"
    if tok.pos != VERB or tok.dep_ in _NEVER:
        return None
    lemmas = [lemma for lemma in lemma_candidates(tok) if lemma in _TRIGGER_HEADS]  # the others start no phrase
    lemma = tok.lemma_.lower()
    if not lemmas and lemma not in MEETING_VERBS:
        return None
    children = list(tok.children)
    if lemmas and (found := _match_phrase(lemmas, children)) is not None:
        return found
    if lemma in MEETING_VERBS:
        for c in children:
            if c.dep_ in ("nsubjpass", "nsubj", "dobj") and c.lemma_.lower() in MEETING_NOUNS:
                if lemma != "take" or any(o.lower_ == "place" for o in tok.children if o.dep_ == "dobj"):
                    return "CONSULT", f"{lemma} {c.lemma_.lower()}"
    return None


def _match_phrase(lemmas: list[str], children: list[Token]) -> tuple[str, str] | None:
    """The first trigger phrase a lemma makes with the verb's particles, objects or prepositions, or alone."""
    particles = [c.lower_ for c in children if c.dep_ == "prt"]
    objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
    preps = [c.lower_ for c in children if c.dep_ == "prep"]
    preps += [m.lower_ for c in children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"
              and m.lower_ == "for"]  # "called for the embargo to be lifted"
    for lemma in lemmas:
        phrases = [f"{lemma} {p}" for p in particles]
        phrases += [f"{lemma} {p} {o.lemma_.lower()}" for p in particles for o in objects]
        phrases += [f"{lemma} {o.lower_}" for o in objects] + [f"{lemma} {o.lemma_.lower()}" for o in objects]
        phrases += [f"{lemma} {p}" for p in preps] + [lemma]
        for phrase in phrases:
            if phrase in EVENT_TRIGGERS:
                return EVENT_TRIGGERS[phrase], phrase
    return None


def is_leading_participle(tok: Token) -> bool:
    """'Welcoming the ruling, X said ...': a participle clause whose subject is the main clause's, a name or
    a pronoun (a gerund misparsed as a participle has a common-noun main subject: 'Detaining X breaks the law,
    the court ruled')."""
    if tok.dep_ != "advcl" or tok.tag_ != "VBG" or tok.i > tok.head.i or any(c.dep_ in _SUBJECTS for c in tok.children):
        return False
    return any(c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON") for c in tok.head.children)


def is_eventive(tok: Token) -> bool:
    """Whether a trigger's clause position can carry an event: subordinate clauses need their own subject."""
    if is_leading_participle(tok):
        return True
    if tok.dep_ in _SUBORDINATE:
        return any(c.dep_ in _SUBJECTS or c.dep_ == "agent" for c in tok.children)
    return True


def is_absorbed(tok: Token) -> bool:
    """A complement clause that belongs to its governor's event ('asked Y to remove', 'wants Y to attack')."""
    head = tok.head
    if tok.dep_ == "conj" and head.i != tok.i:
        return is_absorbed(head)  # "called on X to practise ... and free Y"
    if head.i == tok.i or tok.dep_ not in ("xcomp", "ccomp"):
        return False
    if head.lemma_.lower() in ABSORBING_GOVERNORS:
        return True
    if head.lemma_.lower() in PLEDGE_VERBS | AGREE_ADJECTIVES:
        return False
    governing = match_trigger(head)
    return governing is not None and governing[0] in CONTROL_TYPES


def is_pledge_of_event(tok: Token, found: tuple[str, str]) -> bool:
    """'vowed to lift the ban': the pledge is coded through its complement, planned."""
    if found[0] != "AGREE" or not (tok.lemma_.lower() in PLEDGE_VERBS or tok.pos_ == "ADJ"):
        return False
    return any(c.dep_ == "xcomp" and match_trigger(c) for c in tok.children)


def is_excluded(tok: Token, found: tuple[str, str]) -> bool:
    """Trigger uses that are no event at all."""
    if found[0] == "CONSULT" and found[1].startswith("meet") and any(c.dep_ == "auxpass" for c in tok.children):
        return True  # "demands were met" is not a meeting
    if found[0] == "REJECT" and any(c.dep_ == "xcomp" and c.lemma_.lower() in SPEECH_VERBS | {"comment", "discuss"}
                                    for c in tok.children):
        return True  # "declined to comment" refuses nothing
    return is_pledge_of_event(tok, found)


def find_mode(tok: Token, trigger: str) -> str:
    """negated, planned or asserted, from negation, modal and governing-verb cues."""
    children = list(tok.children)
    head = tok.head
    if any(c.dep_ == "neg" or (c.lower_ in NEGATION_WORDS and c.dep_ == "advmod") for c in children):
        return "negated"
    if tok.dep_ == "xcomp" and head.lemma_.lower() in NEGATING_GOVERNORS:
        return "negated"
    auxes = {c.lower_ for c in children if c.dep_ == "aux"}
    if auxes & PLANNED_AUX:
        return "planned"
    if "would" in auxes and tok.dep_ == "ccomp" and head.lemma_.lower() in SPEECH_VERBS:
        return "planned"
    if tok.dep_ == "xcomp" and (head.lemma_.lower() in _PLANNING_GOVERNORS
                                or head.lemma_ == "be"
                                or (head.lemma_ == "go" and head.tag_ == "VBG")):
        return "planned"
    if trigger.split()[0] in SCHEDULING_VERBS:
        return "planned"
    return "asserted"


def is_demand(tok: Token) -> bool:
    """'X said Y must V', 'X believes Y should V': a demand by the speaker, not an event by Y."""
    return (tok.dep_ == "ccomp" and tok.head.lemma_.lower() in _DEMAND_GOVERNORS
            and any(c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in tok.children)
            and not any(c.dep_ == "neg" for c in tok.children))


def find_judgement(tok: Token) -> tuple[str, str, Token] | None:
    """'X said Y was wrong': (ACCUSE or SUPPORT, trigger, Y's token) for a reporting verb whose complement
    judges its own subject."""
    if tok.pos != VERB or tok.lemma_.lower() not in JUDGING_VERBS:
        return None
    for clause in tok.children:
        if clause.dep_ != "ccomp":
            continue
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        if any(c.dep_ == "neg" for c in clause.children):
            if clause.lemma_.lower() in POSITIVE_OUTCOMES:
                return "ACCUSE", f"{tok.lemma_.lower()} not {clause.lemma_.lower()}", subject
            continue
        if any(t.lower_ == "too" and t.head.pos_ in ("ADJ", "ADV") and t.head.head.i == clause.i
               for t in clause.subtree):
            return "ACCUSE", f"{tok.lemma_.lower()} too", subject
        # the judgement must be predicated of the subject: the verb, its complements, not its objects
        own = [clause] + [t for c in clause.children if c.dep_ in PREDICATE_DEPS
                          for t in (c.subtree if c.dep_ != "conj" else [c])]
        judged = [t for t in own if t.lemma_.lower() in NEGATIVE_JUDGEMENTS or t.lower_ in NEGATIVE_JUDGEMENTS]
        if judged:
            return "ACCUSE", f"{tok.lemma_.lower()} {judged[0].lower_}", subject
        complements = [c for c in clause.children if c.dep_ in ("acomp", "attr")]
        if clause.lemma_ == "be" and any(c.lower_ in POSITIVE_JUDGEMENTS for c in complements):
            return "SUPPORT", f"{tok.lemma_.lower()} right", subject
    return None
