from datetime import date, datetime

import pytest

from transforms.extract.events import match_trigger

PUBLISHED = datetime(2024, 12, 23, 12, 0)


def events(analyze, text):
    _, facts = analyze(text, published_at=PUBLISHED)
    names = {e.cluster: e.name for e in facts.entities}
    return [(e.type, names.get(e.actor_cluster), names.get(e.target_cluster), e.mode, e.event_date,
             e.date_precision) for e in facts.events]


@pytest.mark.parametrize("text,expected", [
    ("Portugal asked Spain to reopen the border.",
     ("REQUEST", "Portugal", "Spain", "asserted", None, None)),
    ("Maria Lopez met with Chancellor Olaf Berg on 20 November.",
     ("CONSULT", "Maria Lopez", "Olaf Berg", "asserted", date(2024, 11, 20), "day")),
    ("Maria Lopez will meet Olaf Berg in Lisbon next month.",
     ("CONSULT", "Maria Lopez", "Olaf Berg", "planned", date(2025, 1, 1), "month")),
    ("Portugal rejected the proposal in November 2022.",
     ("REJECT", "Portugal", None, "asserted", date(2022, 11, 1), "month")),
    ("Spain did not support the plan last year.",
     ("SUPPORT", "Spain", None, "negated", date(2023, 1, 1), "year")),
    ("Police arrested Olaf Berg on Friday.",
     ("COERCE", None, "Olaf Berg", "asserted", date(2024, 12, 20), "day")),
    ("Olaf Berg was arrested by the Portuguese police yesterday.",  # state forces act for their state, else people
     ("COERCE", "Portuguese", "Olaf Berg", "asserted", date(2024, 12, 22), "day")),
    ("Spain called on Portugal to withdraw its troops.",
     ("REQUEST", "Spain", "Portugal", "asserted", None, None)),
    ("Portugal plans to impose sanctions on Spain.",
     ("SANCTION", "Portugal", "Spain", "planned", None, None)),
    ("Portugal accused Spain of spying.",
     ("ACCUSE", "Portugal", "Spain", "asserted", None, None)),
    ("Portugal is ready to resume talks with Spain.",
     ("CONSULT", "Portugal", "Spain", "planned", None, None)),
    ("Portugal said Spain must withdraw its troops.",
     ("REQUEST", "Portugal", "Spain", "asserted", None, None)),
    ("Portugal did not accept the offer.",
     ("REJECT", "Portugal", None, "asserted", None, None)),
    ("Portugal said it had expelled two Spanish diplomats.",
     ("COERCE", "Portugal", "Spanish", "asserted", None, None)),
    ("Rebels staged a protest in Lisbon.",
     ("PROTEST", None, None, "asserted", None, None)),
    ("Spain signed the treaty with Portugal.",
     ("AGREE", "Spain", "Portugal", "asserted", None, None)),
])
def test_events(analyze, text, expected):
    found = events(analyze, text)
    assert expected in found, found


def test_refused_to_sign_codes_the_refusal_only(analyze):
    types = [e[0] for e in events(analyze, "Maria Lopez refused to sign the agreement.")]
    assert types == ["REJECT"]


def test_scheduled_meeting_is_planned(analyze):
    found = events(analyze, "The summit is scheduled for 23 November.")
    assert ("CONSULT", None, None, "planned", date(2024, 11, 23), "day") in found


def test_pronoun_actor_is_the_last_person(analyze):
    found = events(analyze, "Maria Lopez said she met Olaf Berg on Monday.")
    assert ("CONSULT", "Maria Lopez", "Olaf Berg", "asserted", date(2024, 12, 23), "day") in found


def test_no_trigger_no_event(nlp):
    doc = nlp("The weather was cold and the sky was grey.")
    assert [match_trigger(t) for t in doc if match_trigger(t)] == []


@pytest.mark.parametrize("text", [
    "The Syrian-backed militia entered the town.",  # a trigger word as a modifier
    "Aid workers came to help the villagers.",  # a purpose clause without its own subject
    "Portugal wants Spain to attack the rebels.",  # a wished-for action is not an event
    "The plan was met with scepticism.",  # a passive 'meet' is not a meeting
    "Maria Lopez declined to comment.",  # refusing to comment rejects nothing
    "Observers say the race is too close to call.",  # 'call' alone is not a phone call
])
def test_not_events(analyze, text):
    assert events(analyze, text) == []


def test_asked_to_codes_the_request_only(analyze):
    assert [e[0] for e in events(analyze, "Portugal asked Spain to attack the rebels.")] == ["REQUEST"]


def test_prepositional_object_is_a_target_only_when_it_names_someone(analyze):
    found = events(analyze, "The two leaders met on the platform.")
    assert [(e[0], e[2]) for e in found] == [("CONSULT", None)]


def confident(analyze, text):
    """(type, actor, target, mode) of the events at or above the default cut."""
    _, facts = analyze(text, published_at=PUBLISHED)
    names = {e.cluster: e.name for e in facts.entities}
    return [(e.type, names.get(e.actor_cluster), names.get(e.target_cluster), e.mode)
            for e in facts.events if e.confidence >= 0.5]


@pytest.mark.parametrize("text,expected", [
    # coordinated actors: one event each
    ("Opposition leaders Maria Lopez and Olaf Berg criticised the government of Spain.",
     [("ACCUSE", "Maria Lopez", "Spain", "asserted"), ("ACCUSE", "Olaf Berg", "Spain", "asserted")]),
    # coordinated targets
    ("The minister Maria Lopez met Olaf Berg and Peter Walsh in parliament on Monday.",
     [("CONSULT", "Maria Lopez", "Olaf Berg", "asserted"), ("CONSULT", "Maria Lopez", "Peter Walsh", "asserted")]),
    # a reported judgement is an accusation
    ("Opposition leader Maria Lopez said Olaf Berg was wrong to cut the health budget.",
     [("ACCUSE", "Maria Lopez", "Olaf Berg", "asserted")]),
    # a demand under an opinion verb
    ("The opposition leader Maria Lopez believes Olaf Berg should resign as minister.",
     [("REQUEST", "Maria Lopez", "Olaf Berg", "asserted")]),
    # a denied claim: the claim is an accusation, the denial a rejection
    ("The minister Olaf Berg denied claims from Maria Lopez that the government had lied.",
     [("REJECT", "Olaf Berg", "Maria Lopez", "asserted"), ("ACCUSE", "Maria Lopez", "Olaf Berg", "asserted")]),
    # a verbal attack in politics is an accusation
    ("Opposition leader Maria Lopez attacked the minister Olaf Berg over the election.",
     [("ACCUSE", "Maria Lopez", "Olaf Berg", "asserted")]),
    # the passive subject of a raising verb acts: planned
    ("Maria Lopez is expected to criticise the minister Olaf Berg in parliament.",
     [("ACCUSE", "Maria Lopez", "Olaf Berg", "planned")]),
    # a pledge is coded with its content's type, planned
    ("The government of Spain vowed to lift sanctions on Portugal.",
     [("RETREAT", "Spain", "Portugal", "planned")]),
    # a signed deal is an agreement
    ("The government of Spain signed a deal with Portugal on Monday.",
     [("AGREE", "Spain", "Portugal", "asserted")]),
    # 'call for X to be done'
    ("The ministers Maria Lopez and Olaf Berg called for the sanctions to be lifted.",
     [("REQUEST", "Maria Lopez", None, "asserted"), ("REQUEST", "Olaf Berg", None, "asserted")]),
])
def test_confident_events(analyze, text, expected):
    found = confident(analyze, text)
    assert sorted(found) == sorted(expected), found


@pytest.mark.parametrize("text", [
    "Demand for the new chip dipped in the third quarter, the company said.",
    "Details of the chip will be released next month.",
    "Northfield beat Eastbrook 2-1 on Saturday to reach the final.",
    "The winners meet in the final next week.",
    "The band's new album was released last year.",
    "Economic output declined 0.2% in the quarter.",
    "The firm beat its savings target for the year.",
    "She fought back to win the second set.",
    "The striker was released by the club in May.",
    "Mr Kennedy visits Manchester, Liverpool and Leicester this week.",
    "He insisted he did not know the date of the election.",
    "The opposition leader promised to raise the issue in parliament.",
    "The minister asked Maria Lopez whether the figures were right.",
    # a judgement of the object, not of the clause's subject
    "Opposition leader Maria Lopez said the minister Olaf Berg had dismissed the claims as nonsense.",
    # a gerund subject misread as a participle: nobody in the sentence detains
    "Detaining suspects without trial breaks the law, the country's highest court has ruled.",
])
def test_no_confident_event(analyze, text):
    assert confident(analyze, text) == []


def words(analyze, text):
    """(actor words, target words) of every event."""
    _, facts = analyze(text, published_at=PUBLISHED)
    return [(e.actor_text, e.target_text) for e in facts.events]


@pytest.mark.parametrize("text,expected", [
    ("Opposition leader Maria Lopez accused them of lying about the election.", ("Maria Lopez", None)),  # pronoun
    ("Opposition leader Maria Lopez criticised the decision to raise taxes.", ("Maria Lopez", None)),  # abstract
    ("Maria Lopez criticised government ministers over the election.", ("Maria Lopez", "government ministers")),
    ("Boeing was sued by Lockheed Martin over the contract.", ("Lockheed Martin", "Boeing")),  # a whole name
])
def test_actor_and_target_words(analyze, text, expected):
    assert expected in words(analyze, text)


def test_nominal_deal_with_a_clear_actor(analyze):
    found = confident(analyze, "The government said the deal Turkey signed with the EU was a breakthrough.")
    assert ("AGREE", "Turkey", "EU", "asserted") in found


@pytest.mark.parametrize("text,expected", [
    ("Lisbon will host meetings of the Defence Council and the Trade Council on 22 November.",
     [("CONSULT", "Defence Council", None, "planned"), ("CONSULT", "Trade Council", None, "planned")]),
    ("The Security Council session is scheduled for 23 November.",
     [("CONSULT", "Security Council", None, "planned")]),
])
def test_meetings_of_named_bodies(analyze, text, expected):
    assert sorted(confident(analyze, text)) == sorted(expected)


def test_groups_act_as_their_people(analyze):
    found = confident(analyze, "Fijian rebels attacked the army barracks in the capital on Monday.")
    assert ("ASSAULT", "Fijian", None, "asserted") in found
