"""Chart labels: estimated text widths, and labels set beside circles where they overlap nothing."""

from __future__ import annotations

from dataclasses import dataclass

# Advance widths in em, on the wide side of common sans-serif fonts (DejaVu Sans, Helvetica, Segoe UI), so an
# estimated box holds the drawn text; characters not listed count as a wide lowercase letter.
NARROW, WIDE_LOWER, WIDE_UPPER = set("iljtf.,:;'!|()[] "), set("mw"), set("MW")
ASCENT, DESCENT = 0.95, 0.27  # of the font size, above and below the baseline
GAP = 3.0  # between a circle and its label


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in chart coordinates."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, pad: float = 1.0) -> bool:
        """Whether the boxes come closer than pad."""
        return not (self.right + pad <= other.left or other.right + pad <= self.left
                    or self.bottom + pad <= other.top or other.bottom + pad <= self.top)

    def inside(self, width: float, height: float, pad: float = 2.0) -> bool:
        """Whether the box lies within a width x height canvas, pad away from its edges."""
        return self.left >= pad and self.top >= pad and self.right <= width - pad and self.bottom <= height - pad

    def hits_circle(self, cx: float, cy: float, r: float, pad: float = 1.0) -> bool:
        """Whether the box comes closer than pad to a circle."""
        dx = max(self.left - cx, 0.0, cx - self.right)
        dy = max(self.top - cy, 0.0, cy - self.bottom)
        return dx * dx + dy * dy < (r + pad) ** 2


def estimate_width(text: str, size: float) -> float:
    """Estimated drawn width of text at a font size (pixels), generous rather than tight."""
    em = sum(0.34 if ch in NARROW else 0.98 if ch in WIDE_LOWER else 1.0 if ch in WIDE_UPPER
             else 0.78 if ch.isupper() else 0.64 for ch in text)
    return em * size


def shorten_to(text: str, width: float, size: float) -> str:
    """The text, cut with an ellipsis if its estimated width exceeds width."""
    if estimate_width(text, size) <= width:
        return text
    while text and estimate_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def candidate_boxes(cx: float, cy: float, r: float, w: float, h: float) -> list[Box]:
    """Where a label may go around a circle: right, left, above, below, then the four diagonals."""
    d = r * 0.72 + GAP
    spots = [(cx + r + GAP, cy - h / 2), (cx - r - GAP - w, cy - h / 2), (cx - w / 2, cy - r - GAP - h),
             (cx - w / 2, cy + r + GAP), (cx + d, cy - d - h), (cx + d, cy + d), (cx - d - w, cy - d - h),
             (cx - d - w, cy + d)]
    return [Box(x, y, x + w, y + h) for x, y in spots]


def place_labels(circles: list[tuple[str, float, float, float, str]], width: float, height: float,
                 size: float = 12.0) -> dict[str, Box]:
    """Boxes for the labels of circles (key, cx, cy, r, text), in the given order of priority.

    A label goes to the first spot that stays inside the canvas and clear of every circle and of every label
    placed before it; a label with no such spot is left out (its circle keeps its tooltip).
    """
    placed: dict[str, Box] = {}
    h = (ASCENT + DESCENT) * size
    for key, cx, cy, r, text in circles:
        w = estimate_width(text, size)
        for box in candidate_boxes(cx, cy, r, w, h):
            if (box.inside(width, height) and not any(box.hits_circle(x, y, rr) for _, x, y, rr, _ in circles)
                    and not any(box.overlaps(other) for other in placed.values())):
                placed[key] = box
                break
    return placed
