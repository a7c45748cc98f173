"""Events of an article: triggers coded with their arguments, senses checked and confidence scored."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from datetime import date
from itertools import chain

from spacy.tokens import Span, Token

from transforms.extract.dates import resolve_date
from transforms.extract.events.arguments import (
    PLACE_TYPES, Target, find_date, find_objects, find_place, find_subject, find_target, meeting_members, pairs,
)
from transforms.extract.events.evidence import (
    CLAIM_NOUNS, Evidence, STANDALONE_TRIGGERS, check_sense, count_political_cues, fits_object, is_political,
    score_evidence,
)
from transforms.extract.events.triggers import (
    find_judgement, find_mode, is_absorbed, is_demand, is_eventive, is_excluded, match_trigger, find_candidates,
)
from transforms.extract.link import Linker
from transforms.extract.parsed import Parsed
from transforms.records import Event, Quote


def _speaker_for(pos: int, quotes: list[Quote]) -> int | None:
    for q in quotes:
        if q.start_char <= pos < q.end_char:
            return q.speaker_cluster
    return None


def make_events(sent_idx: int, type_: str, trigger: str, mode: str, tok: Token, subject: Token | None,
                target: Target, linker: Linker, speaker: int | None,
                sent: Span, anchor: date | None, political: bool, standalone: bool,
                obj: Token | None = None, host: int | None = None) -> list[Event]:
    """One event per actor-target pair, each with its sense checked (against the first object, else the
    target) and its confidence scored; `host` is the place when the clause names none."""
    obj = obj if obj is not None else target[0]
    date_span = find_date(tok, sent)
    resolved = resolve_date(date_span.text, anchor, future=mode == "planned") if date_span else None
    out = []
    for actor, actor_text, target_cluster, target_text in pairs(linker, subject, target, speaker):
        target_type = linker.kind_of(target_cluster)
        kind, sense_ok = check_sense(type_, trigger, tok, subject, obj, target_type)
        place = find_place(tok, linker, {actor, target_cluster})
        place = host if place is None else place
        evidence = Evidence(
            actor_type=linker.kind_of(actor), target_type=target_type,
            standalone=(standalone or trigger in STANDALONE_TRIGGERS or (kind, type_) == ("ACCUSE", "ASSAULT")
                        or fits_object(obj) or (kind == "ASSAULT" and sense_ok)),
            sense_ok=sense_ok, political=political, dated_or_placed=date_span is not None or place is not None,
        )
        out.append(Event(
            sent_idx, kind, trigger, mode, actor, actor_text, target_cluster, target_text, place,
            date_span.text if date_span else None,
            resolved.value if resolved else None, resolved.precision if resolved else None,
            score_evidence(evidence),
        ))
    return out


def code_event(tok: Token, sent_idx: int, sent: Span, found: tuple[str, str], linker: Linker,
               quotes: list[Quote], anchor: date | None, political: bool = True) -> list[Event]:
    """The events a matched trigger describes (one per coordinated actor and target)."""
    type_, trigger = found
    speaker = _speaker_for(linker.parsed.start(tok), quotes)
    subject = find_subject(tok)
    objects = find_objects(tok, trigger)
    mode = find_mode(tok, trigger)
    if is_demand(tok):
        type_, trigger, mode = "REQUEST", f"say {next(c.lower_ for c in tok.children if c.dep_ == 'aux')}", "asserted"
        subject, objects = find_subject(tok.head), [subject] if subject is not None else []
    if type_ == "AGREE" and mode == "negated":
        type_, mode = "REJECT", "asserted"  # "did not accept" is a rejection
    members = meeting_members(tok, trigger, subject, linker)
    # a place that hosts ("Minsk will host meetings of A and B", "Minsk hosted talks") is where it happens
    hosting = linker.mention_at(subject) if subject is not None else None
    host = (hosting.cluster if hosting is not None and hosting.type in PLACE_TYPES
            and (members is not None or tok.lemma_ == "host") else None)
    if members is not None:  # the bodies named meet
        subject, objects = members, [o for o in objects if o.i != members.i]
    target = find_target(objects, linker, speaker)
    events = make_events(sent_idx, type_, trigger, mode, tok, subject, target, linker, speaker, sent, anchor,
                         political, standalone=members is not None, obj=objects[0] if objects else None, host=host)
    if type_ == "REJECT" and target[0] is not None and target[0].lemma_.lower() in CLAIM_NOUNS:
        # "X denied Y's claims": Y's claims are an accusation of X
        events += [replace(e, type="ACCUSE", trigger=target[0].lemma_.lower(), mode="asserted",
                           actor_cluster=e.target_cluster, actor_text=e.target_text, target_cluster=e.actor_cluster,
                           target_text=e.actor_text, location_cluster=None)
                   for e in events if e.target_cluster is not None and e.actor_cluster is not None]
    return events


def code_judgement(tok: Token, sent_idx: int, sent: Span, found: tuple[str, str, Token], linker: Linker,
                   quotes: list[Quote], anchor: date | None, political: bool) -> list[Event]:
    """The speaker accuses (or backs) the one they judge; only between two distinct entities."""
    type_, trigger, judged = found
    speaker = _speaker_for(linker.parsed.start(tok), quotes)
    subject = find_subject(tok)
    target = find_target([judged], linker, speaker)
    if target[1] is None or subject is None:
        return []
    return [e for e in make_events(sent_idx, type_, trigger, "asserted", tok, subject, target, linker, speaker,
                                   sent, anchor, political, standalone=True)
            if e.actor_cluster is not None and e.target_cluster is not None]


def is_story_political(parsed: Parsed) -> bool:
    """Whether the article is political or security news, by its distinct cue words."""
    words = list(chain.from_iterable(parsed.lowers))
    return is_political(count_political_cues(words), len(parsed.sentences))


def keep_best(events: list[Event]) -> list[Event]:
    """One event per sentence, type, actor and target, the most confident; none without a target where the
    same actor has one of that type in the sentence."""
    best: dict[tuple, Event] = {}
    for e in events:
        key = (e.sentence_idx, e.type, e.actor_cluster, e.target_cluster, e.actor_text)
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    targeted = {(e.sentence_idx, e.type, e.actor_cluster) for e in best.values()
                if e.target_cluster is not None and e.actor_cluster is not None}
    return [e for e in best.values()
            if e.target_cluster is not None or (e.sentence_idx, e.type, e.actor_cluster) not in targeted]


def extract_events(parsed: Parsed, linker: Linker, quotes: list[Quote], anchor: date | None) -> list[Event]:
    """Events of every sentence, with actor, target, mode, resolved date, place and confidence."""
    political = is_story_political(parsed)
    events = []
    candidates = [find_candidates(doc) for doc in parsed.docs]
    for sentence_idx, (para, sent) in enumerate(parsed.sentences):
        at = candidates[para]
        for i in at[bisect_left(at, sent.start) : bisect_left(at, sent.end)]:
            tok = sent.doc[i]
            found = match_trigger(tok)
            if found and is_eventive(tok) and not is_absorbed(tok) and not is_excluded(tok, found):
                events += code_event(tok, sentence_idx, sent, found, linker, quotes, anchor, political)
            elif is_demand(tok) and is_eventive(tok):
                events += code_event(tok, sentence_idx, sent, ("REQUEST", "say should"), linker, quotes, anchor,
                                     political)
            elif judgement := find_judgement(tok):
                events += code_judgement(tok, sentence_idx, sent, judgement, linker, quotes, anchor, political)
    return keep_best(events)
