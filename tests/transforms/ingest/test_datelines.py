from datetime import date

import pytest

from transforms.ingest.datelines import match_dateline, strip_dateline
from transforms.records import Article


@pytest.mark.parametrize("paragraph,place,when,rest", [
    ("MINSK, 20 November (BelTA) – The talks went on.", "Minsk", None, "The talks went on."),
    ("LONDON, 16 February 2005 (Reuters) - Oil rose.", "London", date(2005, 2, 16), "Oil rose."),
    ("lucknow: The state government said.", "Lucknow", None, "The state government said."),
    ("NEW DELHI: The court ruled.", "New Delhi", None, "The court ruled."),
    ("WASHINGTON (AP) — The president said.", "Washington", None, "The president said."),
    ("Minsk, 20 November (BelTA) - The talks went on.", "Minsk", None, "The talks went on."),
    ("PARIS, Monday, March 3, 2025 (AFP) -- Strikes began.", "Paris", date(2025, 3, 3), "Strikes began."),
    ("KYIV, Ukraine (AP) — Sirens sounded.", "Kyiv", None, "Sirens sounded."),
    ("SPRINGFIELD CENTRE, 4 May (Local Wire) - Roads closed.", "Springfield Centre", None, "Roads closed."),
])
def test_datelines_found(paragraph, place, when, rest):
    found = match_dateline(paragraph)
    assert (found.place, found.date, paragraph[found.end:]) == (place, when, rest)


@pytest.mark.parametrize("paragraph", [
    "The minister said: we will go on.",
    "UPDATE: talks resume tomorrow.",
    "note: this is not a place.",
    "London: a city of contrasts, the report says.",
    "NATO: allies meet in Brussels.",
    "Armenia asked the Collective Security Treaty Organization (CSTO) to remove the document.",
    "BREAKING - markets fall.",
    "In Minsk, 20 November was a cold day - people stayed home.",
])
def test_not_datelines(paragraph):
    assert match_dateline(paragraph) is None


def test_strip_dateline_keeps_the_rest():
    article = Article("T", None, None, ("GENEVA, 4 March (Reuters) - Talks resumed.", "Second."))
    stripped, dateline = strip_dateline(article)
    assert stripped.paragraphs == ("Talks resumed.", "Second.") and dateline.place == "Geneva"
    assert strip_dateline(Article("T", None, None, ("Plain start.",))) == (
        Article("T", None, None, ("Plain start.",)), None)
