from datetime import date

import pytest

from transforms.extract.dates import resolve_date

ANCHOR = date(2024, 12, 23)  # a Monday


@pytest.mark.parametrize("text,expected,precision", [
    ("20 November", date(2024, 11, 20), "day"),
    ("on 22 November", date(2024, 11, 22), "day"),
    ("November 20, 2023", date(2023, 11, 20), "day"),
    ("the 3rd of January", date(2025, 1, 3), "day"),
    ("November 2022", date(2022, 11, 1), "month"),
    ("in January", date(2025, 1, 1), "month"),
    ("2019", date(2019, 1, 1), "year"),
    ("last year", date(2023, 1, 1), "year"),
    ("next month", date(2025, 1, 1), "month"),
    ("this month", date(2024, 12, 1), "month"),
    ("yesterday", date(2024, 12, 22), "day"),
    ("tomorrow", date(2024, 12, 24), "day"),
    ("Friday", date(2024, 12, 20), "day"),
    ("last Monday", date(2024, 12, 16), "day"),
    ("next Friday", date(2024, 12, 27), "day"),
    ("2024-05-06", date(2024, 5, 6), "day"),
])
def test_resolve(text, expected, precision):
    resolved = resolve_date(text, ANCHOR)
    assert (resolved.value, resolved.precision) == (expected, precision)


def test_future_weekday_when_planned():
    assert resolve_date("on Friday", ANCHOR, future=True).value == date(2024, 12, 27)


@pytest.mark.parametrize("text,anchor", [
    ("last week", ANCHOR), ("recently", ANCHOR), ("31 February", ANCHOR), ("20 November", None),
])
def test_unresolvable(text, anchor):
    assert resolve_date(text, anchor) is None


def test_explicit_year_needs_no_anchor():
    assert resolve_date("5 May 2020", None).value == date(2020, 5, 5)
