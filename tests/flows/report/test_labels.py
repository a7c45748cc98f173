"""Chart labels: widths, shortening and placement beside circles without overlaps."""

import pytest

from flows.report.labels import Box, estimate_width, place_labels, shorten_to


@pytest.mark.parametrize("text,width,expected", [
    ("Kenya", 200, "Kenya"),
    ("European Convention on Human Rights", 150, "European Convention…"),
    ("", 10, ""),
])
def test_shorten_to(text, width, expected):
    short = shorten_to(text, width, 12)
    assert short == expected and estimate_width(short, 12) <= max(width, estimate_width("…", 12))


def test_estimate_width_grows_with_text_and_size():
    assert estimate_width("ill", 12) < estimate_width("MWM", 12) < estimate_width("MWM", 14)


@pytest.mark.parametrize("box,expected", [
    (Box(0, 0, 10, 10), True), (Box(11.5, 0, 20, 10), False), (Box(5, 5, 6, 6), True), (Box(0, 11.5, 10, 20), False),
])
def test_box_overlaps(box, expected):
    assert Box(0, 0, 10, 10).overlaps(box) is expected


def test_box_hits_circle():
    box = Box(10, 10, 20, 20)
    assert box.hits_circle(15, 15, 1) and box.hits_circle(25, 15, 6) and not box.hits_circle(30, 30, 5)


def crowd(n: int) -> list[tuple[str, float, float, float, str]]:
    """n circles on a tight grid, some at the canvas edges, with long names."""
    return [(f"E{i}", 10 + (i % 8) * 60, 10 + (i // 8) * 30, 4 + i % 5, f"Entity number {i} of the crowd")
            for i in range(n)]


@pytest.mark.parametrize("n", [1, 2, 10, 40])
def test_placed_labels_stay_inside_and_clear(n):
    circles = crowd(n)
    boxes = place_labels(circles, 480, 140)
    assert boxes or n == 40  # a few circles leave room; 40 on a 480 x 140 canvas may leave none
    assert all(b.inside(480, 140) for b in boxes.values())
    assert not any(b.hits_circle(x, y, r) for b in boxes.values() for _, x, y, r, _ in circles)
    placed = list(boxes.values())
    assert not any(a.overlaps(b) for i, a in enumerate(placed) for b in placed[i + 1:])


def test_labels_go_in_priority_order_and_are_left_out_when_no_room():
    circles = [("big", 50, 20, 10, "First"), ("near", 50, 42, 10, "Second one is long")]
    boxes = place_labels(circles, 100, 64)
    assert "big" in boxes and "near" not in boxes
    assert boxes["big"].left > 60  # right of its circle, the first choice
