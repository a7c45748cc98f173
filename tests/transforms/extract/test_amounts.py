import pytest

from transforms.extract.amounts import parse_number


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
    # issue 13 item 2: scale words and suffixes multiply; the text keeps them as written
    ("The group paid $639m for the stake.", (639e6, None, None, "USD", "$639m")),
    ("Profits rose to £600m last year.", (600e6, None, None, "GBP", "£600m")),
    ("The deal is worth $1.13bn to investors.", (1.13e9, None, None, "USD", "$1.13bn")),
    ("The fund holds $2tn in assets.", (2e12, None, None, "USD", "$2tn")),
    ("They raised £400k from fans.", (400e3, None, None, "GBP", "£400k")),
    ("Sales reached 3.5bn euros in May.", (3.5e9, None, None, "EUR", "3.5bn euros")),
    ("The bank lost $12.5 million on the trade.", (12.5e6, None, None, "USD", "$12.5 million")),
    ("It owes $3 billion to creditors.", (3e9, None, None, "USD", "$3 billion")),
    ("Debt hit £1 trillion for the first time.", (1e12, None, None, "GBP", "£1 trillion")),
    ("The loss was $500m.", (500e6, None, None, "USD", "$500m")),
])
def test_amounts(analyze, text, expected):
    assert expected in amounts(analyze, text)


def test_dates_and_durations_are_not_amounts(analyze):
    assert amounts(analyze, "On 20 November 2024 talks lasted three hours.") == []


def test_hyphenated_number_words_are_not_counts(analyze):
    assert amounts(analyze, "Profits were helped by one-off gains from the sale.") == []


def test_a_lone_m_without_currency_is_not_a_million(analyze):
    assert all(value < 1000 for value, *_ in amounts(analyze, "The wall is 5 m high and 20 m long."))
