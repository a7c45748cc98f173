"""Issue 14 item 1: progress moves at every (done, total) call; a log gets at most one plain line every few seconds."""

import io

import pytest

from flows.command.progress import PlainProgress, format_duration, format_progress, show_progress


@pytest.mark.parametrize("seconds,expected", [
    (None, "?"), (0, "0 s"), (42.4, "42 s"), (185, "3 min 05 s"), (7620, "2 h 07 min"),
])
def test_format_duration(seconds, expected):
    assert format_duration(seconds) == expected


@pytest.mark.parametrize("done,total,seconds,started_at,expected", [
    (250, 1000, 10, 0, "progress: 250/1000 documents (25%), 25.0 documents/s, ETA 30 s"),
    (0, 10, 0, 0, "progress: 0/10 documents (0%), 0.0 documents/s, ETA ?"),
    (10, 10, 4, 0, "progress: 10/10 documents (100%), 2.5 documents/s, ETA 0 s"),
    (0, 0, 1, 0, "progress: 0/0 documents (100%), 0.0 documents/s, ETA ?"),
    (600, 1000, 10, 500, "progress: 600/1000 documents (60%), 10.0 documents/s, ETA 40 s"),  # 500 were unchanged
])
def test_format_progress(done, total, seconds, started_at, expected):
    assert format_progress(done, total, seconds, started_at) == expected


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_plain_lines_are_rate_limited_with_the_first_and_last_kept():
    stream, clock = io.StringIO(), FakeClock()
    update = PlainProgress(stream, clock, every=5.0)
    for done in range(0, 41):  # a call per small chunk, one second apart
        update(done, 40)
        clock.now += 1.0
    update(40, 40)  # a repeated final call prints nothing more
    lines = stream.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == ["0/40", "5/40", "10/40", "15/40", "20/40", "25/40", "30/40",
                                                   "35/40", "40/40"]
    assert lines[1] == "progress: 5/40 documents (12%), 1.0 documents/s, ETA 35 s"


def test_plain_lines_print_a_fast_finish_at_once():
    stream, clock = io.StringIO(), FakeClock()
    update = PlainProgress(stream, clock, every=5.0)
    for done in (0, 1, 2, 3):
        update(done, 3)
        clock.now += 0.1
    assert [line.split()[1] for line in stream.getvalue().splitlines()] == ["0/3", "3/3"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_bar_moves_at_every_call():
    stream = Terminal()
    with show_progress(stream, clock=FakeClock()) as update:
        for done in range(0, 5):
            update(done, 4)
    out = stream.getvalue()
    assert all(f"{done}/4" in out for done in range(5)), out
    assert "documents/s, ETA" in out


def test_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    with show_progress(stream) as update:
        assert isinstance(update, PlainProgress)


def test_show_progress_disabled():
    with show_progress(io.StringIO(), enabled=False) as update:
        assert update is None
