"""Evidence for an event: trigger senses checked against their arguments, the story's domain, a confidence."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from transforms.extract.lexicon import GROUP_NOUNS, STATE_AGENT_NOUNS

# Entity types that can act or be acted on in a political interaction ("COUNTRY": a GPE that is a country).
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "COUNTRY"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})

# Words of political, legal and security news; a story that uses few of them is not about politics.
POLITICAL_CUES = frozenset("""
government governments minister ministers ministry parliament parliamentary mp mps senator senators senate
congress election elections electoral voter voters vote votes party parties opposition president presidential
premier cabinet policy policies legislation bill treaty sanction sanctions embassy ambassador diplomat
diplomatic diplomats summit military troops army soldiers police court judge judges rebels rebel insurgents
war conflict protest protesters regime referendum constitution secretary spokesman spokeswoman mayor
governor sovereignty asylum immigration terrorism terrorist terror detainees prisoners coalition campaigners
activists leader leaders political politics politician politicians shadow chancellor cabinet voters policy
proposals manifesto reform reforms powers justice rights inquiry laws law department commission council
embargo
""".split())
# A story is political when it uses at least this many distinct cue words (fewer for one- or two-sentence texts).
POLITICAL_MIN_CUES = 4
SHORT_TEXT_SENTENCES = 2

# Triggers whose event stands without an entity target ("X condemned the decision", "X called for an inquiry").
STANDALONE_TRIGGERS = frozenset(p.strip() for p in """
accuse|criticise|criticize|condemn|denounce|censure|rebuke|lambast|castigate|slam|decry|deplore|brand|hit out
|lash out|attack verbally|call for|demand|appeal for|push for|request|reject|veto|repudiate|rule out|protest
|demonstrate|rally|march|boycott|go on strike|stage protest|stage rally|stage demonstration|stage strike
|hold protest|hold rally|hold demonstration|impose sanctions|embargo|mobilize|mobilise|deploy|send troops
|station troops|threaten|issue ultimatum|hold talks|hold summit|hold meeting|hold negotiations
|hold discussions|host summit|host talks|resume talks|resume negotiations|open talks|renew negotiations
|negotiate|ratify|invade|bomb|shell|assassinate|massacre|ambush|airstrike|open fire|launch missiles
|launch rockets|fire missiles|fire rockets|arrest|detain|deport|imprison|jail|extradite|expel|call on|urge
|appeal to|press|implore|exhort|echo criticism|echo criticisms|join call|join calls
""".split("|"))

# Heads of noun phrases naming armed or security forces.
ARMED_NOUNS = frozenset("""
troops forces soldiers soldier army armies militants militant rebels rebel insurgents insurgent gunmen gunman
fighters militia militias guerrillas terrorists terrorist police officers jets bombers warplanes navy
marines paratroopers commandos tanks artillery missiles rockets squads mob rioters attackers assailants
""".split())
# Nouns naming people or groups of people: an unresolved actor or target is kept as words only if it is one.
PEOPLE_NOUNS = GROUP_NOUNS | STATE_AGENT_NOUNS | frozenset("""
party parties union unions voters campaigners critics opponents mp members member residents civilians migrants
council committee commission court judges judge spokesman spokeswoman spokesperson president premier chancellor
secretary prisoners hostages detainees lawyers bishops unionists delegates delegation negotiators
""".split())
# People who can be released, freed or returned.
CAPTIVE_NOUNS = frozenset("""
prisoner prisoners hostage hostages detainee detainees captive captives suspect suspects inmate inmates
dissident dissidents activist activists journalist journalists soldier soldiers men women people citizens
""".split())
# Objects that make "sign"/"accept" an agreement, and those that make "accept" a concession.
AGREEMENT_NOUNS = frozenset("""
deal deals agreement agreements accord accords treaty treaties pact pacts truce ceasefire ceasefires
compromise settlement contract offer offers proposal proposals terms plan plans invitation memorandum
protocol charter convention
""".split())
CONCESSION_NOUNS = frozenset("""
ruling rulings finding findings verdict decision judgment judgement criticism blame responsibility defeat
resignation demands demand recommendations result results
""".split())
# Objects naming a policy or a move: backing, rejecting or attacking one is an event without an entity target.
POLICY_NOUNS = frozenset("""
bill bills plan plans proposal proposals report reports attempt attempts move moves decision decisions idea ideas
call calls measure measures policy policies law laws reform reforms scheme schemes strategy initiative budget
amendment amendments motion motions deal deals agreement treaty ruling rulings legislation programme pledge
pledges manifesto proposition recommendation recommendations suggestion demands request requests offer bid
""".split())
# Violent verbs whose ordinary sense is an assault; others ("attack", "hit", "fight") need armed context.
VIOLENT_TRIGGERS = frozenset("""
bomb shoot shell invade murder assassinate massacre stab behead airstrike bombard kill wound injure ambush
""".split())
ARMED_CONTEXT_TRIGGERS = frozenset("attack beat fight clash storm strike strike at hit retake raze torch".split())
# "attack", "hit out at", "launch an attack on": verbal in political news unless the context is armed.
VERBAL_ATTACKS = frozenset({"attack", "launch attack", "hit", "strike at", "storm", "beat"})
# Nouns naming claims a rejection answers: the target is whoever made them.
CLAIM_NOUNS = frozenset("claim report allegation accusation suggestion charge criticism".split())
# Negative and positive judgements in reported speech: "X said Y was wrong" is X ACCUSE Y.
NEGATIVE_JUDGEMENTS = frozenset("""
wrong fail lie mislead deceive betray incompetent irresponsible disgraceful disgusting shameful unacceptable
outrageous arrogant hypocritical complacent chaotic dishonest scandalous absurd ridiculous inadequate
disappointing vacuous cynical reckless untrustworthy contempt discriminate racist unfair unlawful illegal
flawed misguided naive mistake blunder deceit cowardly sleaze corrupt undemocratic insult insulting appalling
dangerous divisive shambles fiasco disaster squabble squabbling bully bullying smear incompatible impugn
troubling discriminatory racism treason hypocrisy incompetence failure failures failing betrayal scaremongering
misleading unworkable damaging unjust nonsense mess chaos ineffective woeful dismal pathetic desperate gimmick
stunt lies dictator dictators disgrace shameless cavalier callous botched bungled
""".split())
POSITIVE_JUDGEMENTS = frozenset("right correct".split())
# Outcomes whose denial is a criticism: "X said Y's plans would not work".
POSITIVE_OUTCOMES = frozenset("work help succeed deliver solve improve add".split())
# Words opening an indirect question.
QUESTION_MARKERS = frozenset("whether if why how what when who".split())
# Reporting verbs whose complement clause carries the speaker's judgement.
JUDGING_VERBS = frozenset("say claim argue insist warn tell believe suggest add allege contend charge".split())


@dataclass(frozen=True)
class Evidence:
    """What an event's confidence rests on."""

    actor_type: str | None
    target_type: str | None
    standalone: bool
    sense_ok: bool
    political: bool
    dated_or_placed: bool


def count_political_cues(words: list[str]) -> int:
    """Distinct political cue words among lowercased words."""
    return len(POLITICAL_CUES.intersection(words))


def is_political(n_cues: int, n_sentences: int) -> bool:
    """Whether a story with so many distinct cue words in so many sentences is about politics."""
    if n_sentences <= SHORT_TEXT_SENTENCES:
        return True  # a sentence or two shows no domain: its arguments and senses decide
    return n_cues >= min(POLITICAL_MIN_CUES, n_sentences // 2)


def fits_object(obj: Token | None) -> bool:
    """Whether an object noun carries the event by itself: a policy, a deal, a ruling, captives."""
    lemma = head_lemma(obj)
    return bool(lemma) and (lemma in POLICY_NOUNS or lemma in AGREEMENT_NOUNS or lemma in CONCESSION_NOUNS
                            or lemma in CAPTIVE_NOUNS)


def score_evidence(ev: Evidence) -> float:
    """Confidence in [0, 1]: an entity actor is required to pass 0.5; an entity target or a standalone
    trigger, a checked sense and a political story raise it; a failed sense check or an off-topic story
    sinks it below the cut."""
    if ev.actor_type not in ACTOR_TYPES:
        score = 0.2
    else:
        score = 0.4
        if ev.target_type in ACTOR_TYPES:
            score += 0.35
        elif ev.standalone:
            score += 0.2
    if ev.dated_or_placed:
        score += 0.05
    if not ev.sense_ok:
        score = min(score - 0.3, 0.45)
    if not ev.political:
        score *= 0.5
    return round(min(1.0, max(0.0, score)), 2)


def head_lemma(tok: Token | None) -> str:
    return tok.lemma_.lower() if tok is not None else ""


def is_people(tok: Token) -> bool:
    """Whether a common noun names people or a group of them."""
    return tok.lower_ in PEOPLE_NOUNS or tok.lemma_.lower() in PEOPLE_NOUNS or tok.lemma_.lower() in ARMED_NOUNS


def is_armed(tok: Token | None) -> bool:
    """Whether a noun phrase names armed or security forces."""
    if tok is None:
        return False
    return tok.lower_ in ARMED_NOUNS or head_lemma(tok) in ARMED_NOUNS or any(
        c.lower_ in ARMED_NOUNS for c in tok.children if c.dep_ == "compound")


def check_sense(type_: str, trigger: str, verb: Token, subject: Token | None, obj: Token | None,
                target_type: str | None) -> tuple[str, bool]:
    """(type, sense ok) once a trigger's arguments are known: retypes verbal attacks and signed deals,
    and fails senses whose arguments do not fit (a released product, a beaten team, demand dipping)."""
    lemma = trigger.split()[0]
    obj_lemma = head_lemma(obj)
    armed = is_armed(subject) or is_armed(obj) or target_type in PLACE_TYPES - {"GPE"}
    if type_ == "ASSAULT":
        if trigger in VERBAL_ATTACKS or lemma == "attack":
            if armed:
                return "ASSAULT", True
            return ("ACCUSE", True) if lemma in ("attack", "launch") else (type_, False)
        if lemma == "clash":
            return ("ASSAULT", True) if armed else ("ACCUSE", target_type in ACTOR_TYPES)
        if lemma in ARMED_CONTEXT_TRIGGERS or lemma == "fight":
            return type_, armed
        return type_, lemma in VIOLENT_TRIGGERS or armed
    if type_ == "RETREAT" and lemma in ("release", "free", "return", "hand"):
        return type_, target_type in ("PERSON", "NORP") or obj_lemma in CAPTIVE_NOUNS
    if type_ == "SUPPORT" and lemma == "sign":
        return ("AGREE", True) if obj_lemma in AGREEMENT_NOUNS else (type_, target_type in ACTOR_TYPES)
    if type_ == "AGREE" and lemma == "accept":
        if obj_lemma in CONCESSION_NOUNS:
            return "CONCEDE", True
        return type_, obj_lemma in AGREEMENT_NOUNS or target_type in ACTOR_TYPES
    if type_ == "CONSULT" and lemma in ("visit", "travel", "fly"):
        return type_, target_type in ("PERSON", "NORP", "COUNTRY")
    if type_ == "CONSULT" and lemma == "receive":
        return type_, target_type == "PERSON"
    if type_ == "CONSULT" and lemma in ("meet", "talk", "discuss", "consult"):
        return type_, target_type in ACTOR_TYPES
    if type_ == "THREATEN" and lemma == "warn":
        return type_, False  # a warning is a statement; the threat itself is "threaten"
    if type_ == "REQUEST" and lemma == "order" and armed:
        return "MOBILIZE", True
    if type_ == "REQUEST" and lemma == "ask" and any(
            c.dep_ == "ccomp" and any(m.lower_ in QUESTION_MARKERS for m in c.children) for c in verb.children):
        return type_, False  # "asked X whether ..." is a question
    if type_ == "REQUEST" and lemma == "insist":
        return type_, False  # "insisted he did not know": an assertion; "insisted X must" is a demand
    if type_ == "REQUEST" and lemma in ("demand", "request", "seek", "order", "press", "appeal"):
        return type_, verb.pos_ == "VERB" and (target_type in ACTOR_TYPES or obj is not None
                                               or any(c.dep_ in ("xcomp", "ccomp") for c in verb.children))
    if type_ == "REJECT" and lemma in ("deny", "dismiss"):
        return type_, obj is not None and obj.dep_ == "dobj"
    return type_, True
