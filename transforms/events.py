"""Events from the dependency parse: trigger lexicon -> PLOVER type, actor, target, mode, date, place."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from transforms.dates import resolve_date
from transforms.lexicon import (
    CONTROL_TRIGGERS_BLOCK, EVENT_TRIGGERS, MEETING_NOUNS, NEGATING_GOVERNORS, NEGATION_WORDS,
    PLANNED_AUX, PLANNED_GOVERNORS, SCHEDULING_VERBS,
)
from transforms.link import Linker
from transforms.parsed import Parsed
from transforms.records import Event, Quote

TARGET_PREPS = ("with", "to", "on", "against", "from", "for")
PLACE_PREPS = ("in", "at")
PLACE_TYPES = ("GPE", "LOC", "FAC")


def match_trigger(tok: Token) -> tuple[str, str] | None:
    """(PLOVER type, trigger phrase) for a verb, trying verb+particle, verb+object, verb+preposition, verb."""
    if tok.pos_ != "VERB":
        return None
    lemma = tok.lemma_.lower()
    phrases = []
    for c in tok.children:
        if c.dep_ == "prt":
            phrases.append(f"{lemma} {c.lower_}")
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            phrases += [f"{lemma} {c.lower_}", f"{lemma} {c.lemma_.lower()}"]
    for c in tok.children:
        if c.dep_ == "prep":
            phrases.append(f"{lemma} {c.lower_}")
    phrases.append(lemma)
    for p in phrases:
        if p in EVENT_TRIGGERS:
            return EVENT_TRIGGERS[p], p
    if lemma in SCHEDULING_VERBS:
        for c in tok.children:
            if c.dep_ in ("nsubjpass", "nsubj", "dobj") and c.lemma_.lower() in MEETING_NOUNS:
                return "CONSULT", f"{lemma} {c.lemma_.lower()}"
    return None


def find_subject(tok: Token) -> Token | None:
    """The actor: the subject, the passive agent, or the subject shared with a governing verb."""
    for c in tok.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    for c in tok.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    if tok.dep_ in ("xcomp", "conj") and tok.head is not tok:
        return find_subject(tok.head)
    return None


def find_object(tok: Token, trigger: str) -> Token | None:
    """The target: direct object (unless it is part of the trigger), passive subject, or prepositional object."""
    light = trigger.split()[-1] if " " in trigger else None
    for c in tok.children:
        if c.dep_ == "dobj" and c.lower_ != light and c.lemma_.lower() != light:
            return c
        if c.dep_ == "nsubjpass" and c.lemma_.lower() != light and any(x.dep_ == "agent" for x in tok.children):
            return c
    heads = [tok] + [c for c in tok.children if c.dep_ == "dobj"]
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME"):
                        return p
    return None


def find_mode(tok: Token, trigger: str) -> str:
    """negated, planned or asserted, from negation, modal and governing-verb cues."""
    children = list(tok.children)
    if any(c.dep_ == "neg" or c.lower_ in NEGATION_WORDS and c.dep_ in ("advmod", "neg") for c in children):
        return "negated"
    head = tok.head
    if tok.dep_ == "xcomp" and head.lemma_.lower() in NEGATING_GOVERNORS:
        return "negated"
    if any(c.dep_ == "aux" and c.lower_ in PLANNED_AUX for c in children):
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


def _governed_by_trigger(tok: Token) -> bool:
    head = tok.head
    return tok.dep_ == "xcomp" and head is not tok and (m := match_trigger(head)) is not None and (
        m[0] in CONTROL_TRIGGERS_BLOCK
    )


def _speaker_for(pos: int, quotes: list[Quote]) -> int | None:
    for q in quotes:
        if q.start_char <= pos < q.end_char:
            return q.speaker_cluster
    return None


def extract_events(parsed: Parsed, linker: Linker, quotes: list[Quote], anchor: date | None) -> list[Event]:
    """Events of every sentence, with actor, target, mode, resolved date and place."""
    events = []
    for sentence_idx, (_, sent) in enumerate(parsed.sentences):
        for tok in sent:
            found = match_trigger(tok)
            if not found or _governed_by_trigger(tok):
                continue
            type_, trigger = found
            speaker = _speaker_for(parsed.start(tok), quotes)
            subject = find_subject(tok)
            actor, actor_text = linker.resolve(subject, speaker=speaker) if subject is not None else (None, None)
            obj = find_object(tok, trigger)
            target, target_text = linker.resolve(obj, speaker=speaker) if obj is not None else (None, None)
            mode = find_mode(tok, trigger)
            date_span = find_date(tok, sent)
            resolved = resolve_date(date_span.text, anchor, future=mode == "planned") if date_span else None
            place = find_place(tok, linker, {actor, target})
            if place is None and tok.lemma_ == "host" and actor is not None and subject is not None:
                m = linker.mention_at(subject)
                place = actor if m and m.type in PLACE_TYPES else None
            events.append(Event(
                sentence_idx, type_, trigger, mode, actor, actor_text, target, target_text, place,
                date_span.text if date_span else None,
                resolved.value if resolved else None, resolved.precision if resolved else None,
            ))
    return events
