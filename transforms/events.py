"""Events from the dependency parse: trigger lexicon -> PLOVER type, actor, target, mode, date, place."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from transforms.dates import resolve_date
from transforms.lexicon import (
    ABSORBING_GOVERNORS, AGREE_ADJECTIVES, CONTROL_TYPES, DEMAND_MODALS, EVENT_TRIGGERS, MEETING_NOUNS,
    NEGATING_GOVERNORS, NEGATION_WORDS, PLANNED_AUX, PLANNED_GOVERNORS, SCHEDULING_VERBS, SPEECH_VERBS,
)
from transforms.link import Linker
from transforms.parsed import Parsed
from transforms.records import Event, Quote

TARGET_PREPS = ("with", "to", "on", "against", "from", "for")
PLACE_PREPS = ("in", "at")
PLACE_TYPES = ("GPE", "LOC", "FAC")
MEETING_VERBS = SCHEDULING_VERBS | {"hold", "take", "convene", "begin", "open", "start"}
# Clause positions that are events only with a subject of their own (purpose clauses, modifiers are not).
_SUBORDINATE = ("advcl", "acl", "pcomp", "prep", "npadvmod", "dep")
_NEVER = ("amod", "compound", "nmod", "poss", "aux", "auxpass")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
# Passive forms that describe the subject's own stance: "X is opposed to", "X is committed to".
STATIVE_PASSIVES = frozenset("oppose commit determine prepare dedicate resolve".split())


def lemma_candidates(tok: Token) -> list[str]:
    """The lemma and plain-suffix stems of a verb, covering lemmatizer slips ('staged' -> 'stag')."""
    text, lemma = tok.lower_, tok.lemma_.lower()
    out = [lemma]
    for suffix, repl in (("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", ""), ("s", ""), ("d", "")):
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            out.append(text[: -len(suffix)] + repl)
    return list(dict.fromkeys(out))


def match_trigger(tok: Token) -> tuple[str, str] | None:
    """(PLOVER type, trigger phrase) for a verb: verb+particle, verb+object, verb+preposition, verb alone."""
    if tok.pos_ == "ADJ" and tok.lower_ in AGREE_ADJECTIVES and any(c.dep_ == "xcomp" for c in tok.children):
        return "AGREE", f"be {tok.lower_} to"
    if tok.pos_ != "VERB" or tok.dep_ in _NEVER:
        return None
    children = list(tok.children)
    particles = [c.lower_ for c in children if c.dep_ == "prt"]
    objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
    preps = [c.lower_ for c in children if c.dep_ == "prep"]
    for lemma in lemma_candidates(tok):
        phrases = [f"{lemma} {p}" for p in particles]
        phrases += [f"{lemma} {p} {o.lemma_.lower()}" for p in particles for o in objects]
        phrases += [f"{lemma} {o.lower_}" for o in objects] + [f"{lemma} {o.lemma_.lower()}" for o in objects]
        phrases += [f"{lemma} {p}" for p in preps] + [lemma]
        for phrase in phrases:
            if phrase in EVENT_TRIGGERS:
                return EVENT_TRIGGERS[phrase], phrase
    lemma = tok.lemma_.lower()
    if lemma in MEETING_VERBS:
        for c in children:
            if c.dep_ in ("nsubjpass", "nsubj", "dobj") and c.lemma_.lower() in MEETING_NOUNS:
                if lemma != "take" or any(o.lower_ == "place" for o in tok.children if o.dep_ == "dobj"):
                    return "CONSULT", f"{lemma} {c.lemma_.lower()}"
    return None


def is_eventive(tok: Token) -> bool:
    """Whether a trigger's clause position can carry an event: subordinate clauses need their own subject."""
    if tok.dep_ in _SUBORDINATE:
        return any(c.dep_ in _SUBJECTS or c.dep_ == "agent" for c in tok.children)
    return True


def find_subject(tok: Token) -> Token | None:
    """The actor: the subject, the passive agent, or the subject shared with a governing verb."""
    for c in tok.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    passive = any(c.dep_ == "auxpass" for c in tok.children) and tok.lemma_.lower() not in STATIVE_PASSIVES
    for c in tok.children:
        if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and not passive):
            return c
    if tok.dep_ in ("xcomp", "conj", "acomp") and tok.head.i != tok.i:
        return find_subject(tok.head)
    if tok.pos_ == "ADJ" and tok.head.i != tok.i:
        return find_subject(tok.head)
    return None


def find_objects(tok: Token, trigger: str) -> list[Token]:
    """Target candidates in order: direct object (unless part of the trigger), passive subject,
    prepositional objects of the verb or of its object."""
    words = set(trigger.split()[1:])
    passive = any(c.dep_ == "auxpass" for c in tok.children) and tok.lemma_.lower() not in STATIVE_PASSIVES
    out = []
    for c in tok.children:
        if c.dep_ == "dobj" and c.lower_ not in words and c.lemma_.lower() not in words:
            out.append(c)
        if c.dep_ == "nsubjpass" and passive and c.lemma_.lower() not in words:
            out.append(c)
    for h in [tok] + [c for c in tok.children if c.dep_ == "dobj"]:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                out += [p for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME")]
    return out


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
    if tok.dep_ == "xcomp" and (head.lemma_.lower() in PLANNED_GOVERNORS or head.lemma_ == "be"
                                or (head.lemma_ == "go" and head.tag_ == "VBG")):
        return "planned"
    if trigger.split()[0] in SCHEDULING_VERBS:
        return "planned"
    return "asserted"


def find_date(tok: Token, sent: Span) -> Span | None:
    """The DATE entity inside the trigger's clause, nearest the trigger."""
    subtree = {t.i for t in tok.subtree}
    dates = [e for e in sent.ents if e.label_ == "DATE" and e.root.i in subtree]
    return min(dates, key=lambda e: abs(e.root.i - tok.i)) if dates else None


def find_place(tok: Token, linker: Linker, skip: set[int | None]) -> int | None:
    """A place entity in the trigger's clause introduced by 'in' or 'at'."""
    for t in tok.subtree:
        if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS:
            m = linker.mention_at(t)
            if m and m.type in PLACE_TYPES and m.cluster not in skip:
                return m.cluster
    return None


def is_absorbed(tok: Token) -> bool:
    """A complement clause that belongs to its governor's event ('asked Y to remove', 'wants Y to attack')."""
    head = tok.head
    if head.i == tok.i or tok.dep_ not in ("xcomp", "ccomp"):
        return False
    if head.lemma_.lower() in ABSORBING_GOVERNORS:
        return True
    governing = match_trigger(head)
    return governing is not None and governing[0] in CONTROL_TYPES


def is_demand(tok: Token) -> bool:
    """'X said Y must V': a demand by the speaker, not an event by Y."""
    return (tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH_VERBS
            and any(c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in tok.children))


def _speaker_for(pos: int, quotes: list[Quote]) -> int | None:
    for q in quotes:
        if q.start_char <= pos < q.end_char:
            return q.speaker_cluster
    return None


def code_event(tok: Token, sent_idx: int, sent: Span, found: tuple[str, str], linker: Linker,
               quotes: list[Quote], anchor: date | None) -> Event:
    """The event a matched trigger describes."""
    type_, trigger = found
    parsed = linker.parsed
    speaker = _speaker_for(parsed.start(tok), quotes)
    subject = find_subject(tok)
    objects = find_objects(tok, trigger)
    obj = objects[0] if objects else None
    mode = find_mode(tok, trigger)
    if is_demand(tok):
        type_, trigger, mode = "REQUEST", f"say {next(c.lower_ for c in tok.children if c.dep_ == 'aux')}", "asserted"
        subject, obj = find_subject(tok.head), subject
    if type_ == "AGREE" and mode == "negated":
        type_, mode = "REJECT", "asserted"  # "did not accept" is a rejection
    actor, actor_text = linker.resolve(subject, speaker=speaker) if subject is not None else (None, None)
    target, target_text = linker.resolve(obj, speaker=speaker) if obj is not None else (None, None)
    if obj is not None and obj.dep_ == "pobj" and target is None:
        target_text = None  # a prepositional object is a target only when it names someone
    for candidate in objects[1:] if target is None else ():
        cluster, text = linker.resolve(candidate, speaker=speaker)
        if cluster is not None:
            target, target_text = cluster, text
            break
    date_span = find_date(tok, sent)
    resolved = resolve_date(date_span.text, anchor, future=mode == "planned") if date_span else None
    place = find_place(tok, linker, {actor, target})
    if place is None and tok.lemma_ == "host" and subject is not None:
        m = linker.mention_at(subject)
        place = actor if m and m.type in PLACE_TYPES else None
    return Event(
        sent_idx, type_, trigger, mode, actor, actor_text, target, target_text, place,
        date_span.text if date_span else None,
        resolved.value if resolved else None, resolved.precision if resolved else None,
    )


def extract_events(parsed: Parsed, linker: Linker, quotes: list[Quote], anchor: date | None) -> list[Event]:
    """Events of every sentence, with actor, target, mode, resolved date and place."""
    events = []
    for sentence_idx, (_, sent) in enumerate(parsed.sentences):
        for tok in sent:
            found = match_trigger(tok)
            if not found or not is_eventive(tok) or is_absorbed(tok):
                continue
            if found[0] == "CONSULT" and found[1].startswith("meet") and any(c.dep_ == "auxpass" for c in tok.children):
                continue  # "demands were met" is not a meeting
            if found[0] == "REJECT" and any(c.dep_ == "xcomp" and c.lemma_.lower() in SPEECH_VERBS | {"comment"}
                                            for c in tok.children):
                continue  # "declined to comment" refuses nothing
            events.append(code_event(tok, sentence_idx, sent, found, linker, quotes, anchor))
    return events
