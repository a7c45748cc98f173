"""Events from the dependency parse: trigger lexicon -> PLOVER type, actor, target, mode, date, place."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Span, Token

from transforms.dates import resolve_date
from transforms.event_rules import (
    CLAIM_NOUNS, JUDGING_VERBS, NEGATIVE_JUDGEMENTS, POSITIVE_JUDGEMENTS, POSITIVE_OUTCOMES, STANDALONE_TRIGGERS,
    Evidence, check_sense,
    count_political_cues, fits_object, is_people, is_political, score_evidence,
)
from transforms.lexicon import (
    PORTFOLIO_WORDS, ABSORBING_GOVERNORS, AGREE_ADJECTIVES, CONTROL_TYPES, DEMAND_MODALS, EVENT_TRIGGERS, MEETING_NOUNS,
    NEGATING_GOVERNORS, NEGATION_WORDS, PLANNED_AUX, PLANNED_GOVERNORS, SCHEDULING_VERBS, SPEECH_VERBS,
)
from transforms.link import Linker
from transforms.parsed import Parsed
from transforms.records import Event, Quote

# Verbs of pledging: their complement is the event, coded planned with its own type ("vowed to lift the ban").
PLEDGE_VERBS = frozenset("pledge vow promise commit undertake swear".split())
# Verbs of opinion whose "should" complement is a demand.
OPINION_VERBS = frozenset("believe think feel".split())
# Raising verbs whose passive subject is the subject of their complement ("X is expected to attack Y").
RAISING_PASSIVES = frozenset("expect set schedule due say think believe understand report tip rumour".split())

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
    preps += [m.lower_ for c in children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"
              and m.lower_ == "for"]  # "called for the embargo to be lifted"
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


def is_leading_participle(tok: Token) -> bool:
    """'Welcoming the ruling, X said ...': a participle clause whose subject is the main clause's."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i < tok.head.i and not any(
        c.dep_ in _SUBJECTS for c in tok.children)


def is_eventive(tok: Token) -> bool:
    """Whether a trigger's clause position can carry an event: subordinate clauses need their own subject."""
    if is_leading_participle(tok):
        return True
    if tok.dep_ in _SUBORDINATE:
        return any(c.dep_ in _SUBJECTS or c.dep_ == "agent" for c in tok.children)
    return True


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
    if tok.dep_ == "xcomp" and (head.lemma_.lower() in PLANNED_GOVERNORS | PLEDGE_VERBS | AGREE_ADJECTIVES
                                or head.lemma_ == "be"
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


def is_demand(tok: Token) -> bool:
    """'X said Y must V', 'X believes Y should V': a demand by the speaker, not an event by Y."""
    return (tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH_VERBS | JUDGING_VERBS | OPINION_VERBS
            and any(c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in tok.children)
            and not any(c.dep_ == "neg" for c in tok.children))


def _speaker_for(pos: int, quotes: list[Quote]) -> int | None:
    for q in quotes:
        if q.start_char <= pos < q.end_char:
            return q.speaker_cluster
    return None


def with_conjuncts(tok: Token | None, linker: Linker) -> list[Token]:
    """A noun phrase head and the names coordinated with it ('the Tories and the Lib Dems')."""
    if tok is None:
        return []
    return [tok] + [c for c in tok.conjuncts if linker.mention_at(c) is not None]


def find_target(objects: list[Token], linker: Linker, speaker: int | None) -> tuple[Token | None, int | None, str | None]:
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


def pairs(linker: Linker, subject: Token | None, target: tuple[Token | None, int | None, str | None],
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


def make_events(sent_idx: int, type_: str, trigger: str, mode: str, tok: Token, subject: Token | None,
                target: tuple[Token | None, int | None, str | None], linker: Linker, speaker: int | None,
                sent: Span, anchor: date | None, political: bool, standalone: bool,
                obj: Token | None = None) -> list[Event]:
    """One event per actor-target pair, each with its sense checked (against the first object, else the
    target) and its confidence scored."""
    obj = obj if obj is not None else target[0]
    date_span = find_date(tok, sent)
    resolved = resolve_date(date_span.text, anchor, future=mode == "planned") if date_span else None
    out = []
    for actor, actor_text, target_cluster, target_text in pairs(linker, subject, target, speaker):
        target_type = linker.kind_of(target_cluster)
        kind, sense_ok = check_sense(type_, trigger, tok, subject, obj, target_type)
        place = find_place(tok, linker, {actor, target_cluster})
        if place is None and tok.lemma_ == "host" and subject is not None:
            m = linker.mention_at(subject)
            place = actor if m and m.type in PLACE_TYPES else None
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
    members = meeting_members(tok, trigger, linker)
    if members is not None:  # "X will host meetings of A and B": A and B meet; a host place is the place
        host = linker.mention_at(subject) if subject is not None else None
        subject, objects = members, [o for o in objects if o.i != members.i]
        if host is not None and host.type in PLACE_TYPES:
            return [replace(e, location_cluster=host.cluster) if e.location_cluster is None else e
                    for e in make_events(sent_idx, type_, trigger, mode, tok, subject, find_target(objects, linker, speaker),
                                         linker, speaker, sent, anchor, political, standalone=True)]
        return make_events(sent_idx, type_, trigger, mode, tok, subject, find_target(objects, linker, speaker),
                           linker, speaker, sent, anchor, political, standalone=True)
    target = find_target(objects, linker, speaker)
    events = make_events(sent_idx, type_, trigger, mode, tok, subject, target, linker, speaker, sent, anchor,
                         political, standalone=False, obj=objects[0] if objects else None)
    if type_ == "REJECT" and target[0] is not None and target[0].lemma_.lower() in CLAIM_NOUNS:
        # "X denied Y's claims": Y's claims are an accusation of X
        events += [Event(e.sentence_idx, "ACCUSE", target[0].lemma_.lower(), "asserted", e.target_cluster,
                         e.target_text, e.actor_cluster, e.actor_text, None, e.date_text, e.event_date,
                         e.date_precision, e.confidence)
                   for e in events if e.target_cluster is not None and e.actor_cluster is not None]
    return events


def meeting_members(tok: Token, trigger: str, linker: Linker) -> Token | None:
    """The body whose gathering a meeting trigger names ('meetings of the X Council', 'the X Council session'),
    when the subject is a host place or missing: the first named member (coordinated ones follow)."""
    words = trigger.split()
    if len(words) != 2 or words[1] not in MEETING_NOUNS:
        return None
    subject = find_subject(tok)
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


def find_judgement(tok: Token) -> tuple[str, str, Token] | None:
    """'X said Y was wrong': (ACCUSE or SUPPORT, trigger, Y's token) for a reporting verb whose complement
    judges its own subject."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in JUDGING_VERBS:
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
        nested = {n.i for t in clause.subtree if t.dep_ == "ccomp" and t.i != clause.i for n in t.subtree}
        own = [t for t in clause.subtree if t.i not in nested]
        judged = [t for t in own if t.lemma_.lower() in NEGATIVE_JUDGEMENTS or t.lower_ in NEGATIVE_JUDGEMENTS]
        if judged:
            return "ACCUSE", f"{tok.lemma_.lower()} {judged[0].lower_}", subject
        complements = [c for c in clause.children if c.dep_ in ("acomp", "attr")]
        if clause.lemma_ == "be" and any(c.lower_ in POSITIVE_JUDGEMENTS for c in complements):
            return "SUPPORT", f"{tok.lemma_.lower()} right", subject
    return None


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
    words = [t.lower_ for d in parsed.docs for t in d]
    return is_political(count_political_cues(words), len(parsed.sentences))


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
    for sentence_idx, (_, sent) in enumerate(parsed.sentences):
        for tok in sent:
            found = match_trigger(tok)
            if found and is_eventive(tok) and not is_absorbed(tok) and not is_excluded(tok, found):
                events += code_event(tok, sentence_idx, sent, found, linker, quotes, anchor, political)
            elif is_demand(tok) and is_eventive(tok):
                events += code_event(tok, sentence_idx, sent, ("REQUEST", "say should"), linker, quotes, anchor,
                                     political)
            elif judgement := find_judgement(tok):
                events += code_judgement(tok, sentence_idx, sent, judgement, linker, quotes, anchor, political)
    return keep_best(events)
