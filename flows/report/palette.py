"""Categorical colors derived from a vocabulary: one distinct color per value, however many values it lists."""

from __future__ import annotations

import math

UNKNOWN = "#8c8c8c"  # values outside the vocabulary: a grey no generated color comes close to
LIGHTNESS = (0.56, 0.74)  # alternate so neighbouring values (adjacent hues, stacked segments) also differ in lightness
CHROMA = 0.15


def make_palette(n: int) -> tuple[str, ...]:
    """n colors evenly spread around the OKLCH hue circle (perceptually even steps), as sRGB hex.

    Consecutive colors stride about 0.38 of the circle, so values listed next to each other get far-apart hues.
    """
    stride = hue_stride(n)
    return tuple(oklch_to_hex(LIGHTNESS[i % len(LIGHTNESS)], CHROMA, 25 + 360 * (i * stride % n) / n)
                 for i in range(n))


def hue_stride(n: int) -> int:
    """The step near 0.38 n that visits every one of n evenly spaced hues once."""
    return min((s for s in range(1, max(n, 2)) if math.gcd(s, n) == 1), key=lambda s: abs(s - 0.382 * n), default=1)


def colors_for(vocabulary: tuple[str, ...]) -> dict[str, str]:
    """Each vocabulary value's color, in vocabulary order."""
    return dict(zip(vocabulary, make_palette(len(vocabulary))))


def color_of(value: str, vocabulary: tuple[str, ...]) -> str:
    """A stable color for a vocabulary value (unknown values are grey)."""
    return colors_for(vocabulary).get(value, UNKNOWN)


def oklch_to_hex(lightness: float, chroma: float, hue: float) -> str:
    """An OKLCH color as sRGB hex, chroma reduced until it fits the sRGB gamut."""
    while True:
        rgb = oklab_to_srgb(lightness, chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue)))
        if all(-1e-4 <= c <= 1 + 1e-4 for c in rgb) or chroma <= 0:  # tolerance far below 1/255
            return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)
        chroma -= 0.005


def oklab_to_srgb(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    """Björn Ottosson's OKLab to gamma-encoded sRGB (components may fall outside 0..1)."""
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    linear = (4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
              -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
              -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_)
    return tuple(12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055 for c in linear)
