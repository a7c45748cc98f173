"""Date expressions resolved against the article's publication date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {m.casefold(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.casefold(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.casefold(): i for i, d in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(rf"^(?:on\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?$", re.I),
    re.compile(rf"^(?:on\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?$", re.I),
    re.compile(rf"^(?:in\s+)?(?:early\s+|late\s+|mid-?\s*)?{_MONTH}(?:\s+(?P<year>\d{{4}}))?$", re.I),
    re.compile(r"^(?:in\s+)?(?P<year>(?:19|20)\d{2})$", re.I),
    re.compile(r"^(?P<iso>\d{4}-\d{2}-\d{2})$"),
]
_RELATIVE = re.compile(
    r"^(?:(?P<which>last|this|next|previous|coming|past)\s+(?P<unit>year|month|week)"
    r"|(?P<word>yesterday|today|tonight|tomorrow)"
    r"|(?:(?P<wd_which>last|this|next|on)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?)$",
    re.I,
)


@dataclass(frozen=True)
class ResolvedDate:
    """A calendar date and how precise the text was about it."""

    value: date
    precision: str  # day, month or year


def _nearest_year(month: int, day: int, anchor: date) -> int:
    """The year that puts month/day closest to the anchor date."""
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        except ValueError:
            continue
        if best is None or abs((d - anchor).days) < abs((best - anchor).days):
            best = d
    return best.year if best else anchor.year


def _shift_month(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def resolve_date(text: str, anchor: date | None, *, future: bool = False) -> ResolvedDate | None:
    """Resolve '20 November', 'November 2022', 'last year', 'on Monday' against the anchor date."""
    t = " ".join(text.replace(",", ", ").split()).strip(" ,.")
    t = re.sub(r"^(?:on|in|at|since|by|from|until|during)\s+", "", t, flags=re.I)
    for pat in _PATTERNS:
        m = pat.match(t)
        if not m:
            continue
        g = m.groupdict()
        if g.get("iso"):
            try:
                return ResolvedDate(date.fromisoformat(g["iso"]), "day")
            except ValueError:
                return None
        year = int(g["year"]) if g.get("year") else None
        if g.get("month"):
            month = _MONTHS[g["month"].casefold().rstrip(".")]
            day = int(g["day"]) if g.get("day") else None
            if year is None:
                if anchor is None:
                    return None
                year = _nearest_year(month, day or 15, anchor)
            try:
                return ResolvedDate(date(year, month, day or 1), "day" if day else "month")
            except ValueError:
                return None
        if year:
            return ResolvedDate(date(year, 1, 1), "year")
    if anchor is None:
        return None
    m = _RELATIVE.match(t)
    if not m:
        return None
    g = m.groupdict()
    if g["word"]:
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["word"].casefold()]
        return ResolvedDate(anchor + timedelta(days=offset), "day")
    if g["unit"]:
        step = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[g["which"].casefold()]
        unit = g["unit"].casefold()
        if unit == "year":
            return ResolvedDate(date(anchor.year + step, 1, 1), "year")
        if unit == "month":
            return ResolvedDate(_shift_month(anchor, step), "month")
        return None  # weeks have no precision level in the schema
    wd = _WEEKDAYS[g["weekday"].casefold()]
    which = (g["wd_which"] or "").casefold()
    delta = (wd - anchor.weekday()) % 7
    if which == "next" or (future and which != "last"):
        return ResolvedDate(anchor + timedelta(days=delta or 7), "day")
    back = (anchor.weekday() - wd) % 7
    return ResolvedDate(anchor - timedelta(days=(back or 7) if which == "last" else back), "day")
