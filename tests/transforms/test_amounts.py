import pytest

from transforms.amounts import parse_number


@pytest.mark.parametrize("text,value", [
    ("32", 32.0), ("1,200", 1200.0), ("3.5", 3.5), ("two", 2.0), ("Twelve", 12.0), ("$40", 40.0),
    ("3.5bn", 3.5e9), ("12m", 12e6), ("abc", None), ("3x", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def amounts(analyze, text):
    _, facts = analyze(text)
    return [(a.value, a.total, a.object, a.unit, a.text) for a in facts.amounts]


@pytest.mark.parametrize("text,expected", [
    ("Officials said 32 out of 34 measures have been implemented.", (32.0, 34.0, "measures", None,
                                                                     "32 out of 34 measures")),
    ("Three soldiers were wounded.", (3.0, None, "soldiers", None, "Three soldiers")),
    ("Unemployment fell to 4.5% in May.", (4.5, None, None, "%", "4.5%")),
    ("Inflation rose 3 per cent.", (3.0, None, None, "%", "3 per cent")),
    ("The firm paid $40 million for the site.", (40e6, None, None, "USD", "$40 million")),
    ("It cost 200 euros.", (200.0, None, None, "EUR", "200 euros")),
])
def test_amounts(analyze, text, expected):
    assert expected in amounts(analyze, text)


def test_dates_and_durations_are_not_amounts(analyze):
    assert amounts(analyze, "On 20 November 2024 talks lasted three hours.") == []
