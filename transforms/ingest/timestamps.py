"""Publication times as files give them: ISO 8601, RFC 2822, epoch numbers, 'March 10, 2002'."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from transforms.extract.dates import resolve_date

MIN_YEAR, MAX_YEAR = 1800, 2200
_TIME = re.compile(
    r"[,\s]*(?:at\s+)?(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?\s*$", re.I)
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")


def parse_timestamp(value: object) -> datetime | None:
    """A naive local datetime from a metadata value, or None; time-zone offsets are dropped, not converted."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and _EPOCH.match(value.strip())):
        return parse_epoch(float(value))
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    text = " ".join(value.split())
    return _plausible(parse_iso(text) or parse_written(text) or parse_rfc2822(text))


def parse_epoch(seconds: float) -> datetime | None:
    """Seconds (or milliseconds) since 1970 as a naive UTC datetime."""
    if seconds > 1e11:
        seconds /= 1000
    try:
        return _plausible(datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None))
    except (OverflowError, OSError, ValueError):
        return None


def parse_iso(text: str) -> datetime | None:
    """'2025-03-05', '2025-03-05T09:10:00Z', '2025-03-05 09:10:00+03:00'."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def parse_rfc2822(text: str) -> datetime | None:
    """'Wed, 05 Mar 2025 09:10:00 +0000' (RSS and e-mail dates)."""
    try:
        return parsedate_to_datetime(text).replace(tzinfo=None)
    except (TypeError, ValueError, IndexError):
        return None


def parse_written(text: str) -> datetime | None:
    """'March 10, 2002', '10 March 2002, 14:05', 'Mar 10, 2002 10:43 AM IST': a written date with a year."""
    hour = minute = 0
    if m := _TIME.search(text):
        hour, minute = int(m["h"]), int(m["m"])
        if m["ampm"] and m["ampm"][0].lower() == "p" and hour < 12:
            hour += 12
        elif m["ampm"] and m["ampm"][0].lower() == "a" and hour == 12:
            hour = 0
        text = text[:m.start()]
    text = re.sub(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", "", text.strip(" ,"), flags=re.I)
    resolved = resolve_date(text, None)
    if resolved is None or resolved.precision != "day" or not re.search(r"\d{4}", text):
        return None
    try:
        return datetime(resolved.value.year, resolved.value.month, resolved.value.day, hour, minute)
    except ValueError:
        return None


def _plausible(value: datetime | None) -> datetime | None:
    return value if value is not None and MIN_YEAR <= value.year <= MAX_YEAR else None
