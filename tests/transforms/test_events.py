from datetime import date, datetime

import pytest

from transforms.events import match_trigger

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
    ("Olaf Berg was arrested by the Portuguese police yesterday.",
     ("COERCE", None, "Olaf Berg", "asserted", date(2024, 12, 22), "day")),
    ("Spain called on Portugal to withdraw its troops.",
     ("REQUEST", "Spain", "Portugal", "asserted", None, None)),
    ("Portugal plans to impose sanctions on Spain.",
     ("SANCTION", "Portugal", "Spain", "planned", None, None)),
    ("Portugal accused Spain of spying.",
     ("ACCUSE", "Portugal", "Spain", "asserted", None, None)),
    ("Portugal is ready to resume talks with Spain.",
     ("AGREE", "Portugal", None, "asserted", None, None)),
    ("Portugal said Spain must withdraw its troops.",
     ("REQUEST", "Portugal", "Spain", "asserted", None, None)),
    ("Portugal did not accept the offer.",
     ("REJECT", "Portugal", None, "asserted", None, None)),
    ("Portugal said it had expelled two Spanish diplomats.",
     ("COERCE", "Portugal", None, "asserted", None, None)),
    ("Rebels staged a protest in Lisbon.",
     ("PROTEST", None, None, "asserted", None, None)),
    ("Spain signed the treaty with Portugal.",
     ("SUPPORT", "Spain", "Portugal", "asserted", None, None)),
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
