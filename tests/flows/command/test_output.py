"""Issue 14 items 8 and 9: control characters printed visibly; long cells cut with an ellipsis; streamed tables."""

from datetime import date, datetime

import pytest

from flows.command.output import format_rows, render_rows, render_run_summary, visible
from flows.run.runs import RunSummary


@pytest.mark.parametrize("text,expected", [
    ("plain text, 'quotes' and ü", "plain text, 'quotes' and ü"),
    ("clear\x1b[2J", "clear\\x1b[2J"),
    ("\x1b]0;new title\x07", "\\x1b]0;new title\\x07"),
    ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
    ("nul\x00 del\x7f", "nul\\x00 del\\x7f"),
    ("c1 csi\x9b2J", "c1 csi\\x9b2J"),
    ("bidi \u202eevil\u202c", "bidi \\u202eevil\\u202c"),
])
def test_visible(text, expected):
    assert visible(text) == expected
    assert visible(visible(text)) == expected


def test_table_renders_control_characters_and_cuts_long_cells_with_an_ellipsis():
    text = format_rows(["name", "text"], [("evil\x1b[2J.txt", "x" * 80), ("ok", None)], "table").splitlines()
    assert text[0] == "name".ljust(15) + " | " + "text".ljust(60)
    assert text[2] == "evil\\x1b[2J.txt | " + "x" * 59 + "…"
    assert len(text[2].split(" | ")[1]) == 60
    assert "\x1b" not in "".join(text)
    assert text[-1] == "(2 rows)"


@pytest.mark.parametrize("fmt,expected", [
    ("csv", ["a,b", "1,2024-01-02", "2,"]),
    ("json", ['{"a": 1, "b": "2024-01-02"}', '{"a": 2, "b": null}']),
    ("table", ["a | b         ", "--+-----------", "1 | 2024-01-02", "2 |           ", "(2 rows)"]),
])
def test_rows_stream_chunk_by_chunk(fmt, expected):
    chunks = iter([[(1, date(2024, 1, 2))], [(2, None)]])
    assert list(render_rows(["a", "b"], chunks, fmt)) == expected


def test_a_streamed_table_measures_widths_on_its_first_rows(monkeypatch):
    monkeypatch.setattr("flows.command.output.WIDTH_ROWS", 2)
    lines = list(render_rows(["n"], iter([[("a",), ("bb",)], [("a much longer cell",)]]), "table"))
    assert lines == ["n ", "--", "a ", "bb", "a…", "(3 rows)"]


def test_run_summary_lines_are_visible():
    summary = RunSummary("20260101T000000-abc", n_seen=3, n_new=3, n_documents=2, n_rejected=1,
                         counts={"mentions": 5}, rejects_by_reason={"bad\x1b[31m": 1}, seconds=1.25)
    lines = render_run_summary(summary)
    assert lines[0].startswith("newsetl run 20260101T000000-abc: 3 files seen: 3 new,")
    assert lines[0].endswith("5 mentions, 0 events, 0 quotes, 0 amounts in 1.2 s")
    assert lines[1] == "rejects by reason: bad\\x1b[31m=1"


def test_datetimes_in_csv_are_iso():
    assert format_rows(["t"], [(datetime(2024, 1, 2, 3, 4, 5),)], "csv") == "t\n2024-01-02 03:04:05"
