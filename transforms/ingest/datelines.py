"""Wire datelines at the start of a story ('MINSK, 20 November (BelTA) –', 'lucknow:'): found, kept, removed."""

from __future__ import annotations

import calendar
import dataclasses
import re
import string
from dataclasses import dataclass
from datetime import date

from transforms.extract.dates import resolve_date
from transforms.extract.gazetteer import lookup_place
from transforms.records import Article

MAX_PLACE_WORDS = 4
_MONTH = "|".join(sorted({m for m in (*calendar.month_name, *calendar.month_abbr, "Sept") if m}, key=len, reverse=True))
_WEEKDAY = "|".join(d for d in calendar.day_name)
_DATE = (rf"(?:(?:{_WEEKDAY}),?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\.?(?:,?\s+\d{{4}})?"
         rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)")
# PLACE[, REGION][, DATE] [(AGENCY)] SEPARATOR, at the very start of a paragraph
_DATELINE = re.compile(
    rf"^(?P<place>[^\W\d_][^\W\d_.'’ -]*(?:[.'’ -]{{1,2}}[^\W\d_]+){{0,{MAX_PLACE_WORDS - 1}}}\.?)"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]{1,15}))??"
    rf"(?:,\s*(?P<date>{_DATE}))?"
    r"\s*(?:\((?P<agency>[^\W\d_][^()\d\n]{0,39})\))?"
    r"\s*(?P<sep>--|[-–—:|])\s+(?=\S)"
)


@dataclass(frozen=True)
class Dateline:
    """A dateline: the place it names, the date when it gives a year, and where the story text starts."""

    place: str
    date: date | None
    end: int


def match_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a paragraph, if it has the shape of one and its place checks out."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    place, when, agency = m["place"], m["date"], m["agency"]
    letters = [c for c in place if c.isalpha()]
    known = lookup_place(place)
    shouted = len(letters) >= 3 and all(c.isupper() for c in letters)
    accepted = (
        (shouted and (when or agency or known))
        or (place[0].isupper() and when and agency)
        or (all(c.islower() for c in letters) and known and m["sep"] == ":" and not (when or agency))
    )
    if not accepted or (m["region"] and not shouted):
        return None
    name = known.name if known else (string.capwords(place) if shouted else place)
    return Dateline(name, _dateline_date(when), m.end())


def strip_dateline(article: Article) -> tuple[Article, Dateline | None]:
    """The article without the dateline that opens its first paragraph, and that dateline."""
    if not article.paragraphs:
        return article, None
    dateline = match_dateline(article.paragraphs[0])
    if dateline is None:
        return article, None
    first = article.paragraphs[0][dateline.end:].strip()
    paragraphs = ((first,) if first else ()) + article.paragraphs[1:]
    return dataclasses.replace(article, paragraphs=paragraphs), dateline


def _dateline_date(text: str | None) -> date | None:
    if not text or not re.search(r"\d{4}", text):
        return None
    text = re.sub(rf"^(?:{_WEEKDAY}),?\s+", "", text)
    resolved = resolve_date(text, None)
    return resolved.value if resolved and resolved.precision == "day" else None
