"""Colors derived from a vocabulary: one distinct color per value."""

import re

import pytest

from flows.report.palette import UNKNOWN, color_of, colors_for, hue_stride, make_palette, oklch_to_hex
from schemas.vocab import ENTITY_TYPES, EVENT_TYPES


@pytest.mark.parametrize("vocabulary", [EVENT_TYPES, ENTITY_TYPES, tuple("ABCDEFGHIJKLMNOPQRSTUVWX")])
def test_every_value_gets_its_own_color(vocabulary):
    colors = colors_for(vocabulary)
    assert list(colors) == list(vocabulary) and len(set(colors.values())) == len(vocabulary)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colors.values()) and UNKNOWN not in colors.values()


@pytest.mark.parametrize("n", range(1, 25))
def test_hue_stride_visits_every_hue_once(n):
    assert sorted(i * hue_stride(n) % n for i in range(n)) == list(range(n))
    assert len(set(make_palette(n))) == n


def test_colors_follow_the_vocabulary_not_a_fixed_list():
    assert color_of("AGREE", EVENT_TYPES) == colors_for(EVENT_TYPES)["AGREE"]
    assert color_of("NOT_A_TYPE", EVENT_TYPES) == UNKNOWN
    assert colors_for(("X", "Y")) == dict(zip(("X", "Y"), make_palette(2)))


@pytest.mark.parametrize("lightness,chroma,hue,expected", [
    (1.0, 0.0, 0, "#ffffff"), (0.0, 0.0, 0, "#000000"), (0.627955, 0.257683, 29.2339, "#ff0000"),
])
def test_oklch_to_hex(lightness, chroma, hue, expected):
    assert oklch_to_hex(lightness, chroma, hue) == expected
