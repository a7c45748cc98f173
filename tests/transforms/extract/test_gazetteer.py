import pytest

from transforms.extract import gazetteer


@pytest.mark.parametrize("word,expected", [
    ("British", True),  # listed
    ("Kenyans", True),  # derived from a country, plural
    ("Asian", True),  # a continent's
    ("Palestinian", True),  # a demonym's shape whose stem begins a country's name
    ("Sri Lankan", True),
    ("South African", True),  # the last word
    ("African-American", True),
    ("anti-American", False),  # an attitude, not a people
    ("Pro-Europeans", False),
    ("Argentine", True),
    ("Panes", False),
    ("Republican", False),
    ("Morgan", False),
    ("Manchester United", False),
])
def test_is_demonym(word, expected):
    assert gazetteer.is_demonym(word) is expected


@pytest.mark.parametrize("name,expected", [
    ("Paris", True), ("Powys", True), ("Texas", True), ("Europe", True), ("Zelvask", False), ("Morrow", False),
])
def test_is_known_place(name, expected):
    assert gazetteer.is_known_place(name) is expected
