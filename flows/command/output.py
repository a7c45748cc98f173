"""What the command line prints: tables, CSV and JSON lines, the run summary; control characters made visible."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime

MAX_CELL = 60  # table cells longer than this are cut, ending in an ellipsis
ELLIPSIS = "…"
WIDTH_ROWS = 1000  # table column widths are measured on the first rows; later rows are cut to them

# C0 and C1 control characters, DEL, and the Unicode line separators and bidi controls a terminal acts on
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
VISIBLE = str.maketrans({c: _NAMED.get(chr(c)) or (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _CONTROLS})


def visible(text: str) -> str:
    """The text with every control character written as an escape (ESC as \\x1b), safe to print on a terminal."""
    return text.translate(VISIBLE)


def to_plain(value):
    """A value as CSV/JSON want it: dates and times in ISO form."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_cell(value) -> str:
    """A value as a table cell: visible characters only."""
    return "" if value is None else visible(str(to_plain(value)))


def cut(text: str, width: int) -> str:
    """The text in at most width characters, ending in an ellipsis when it was longer."""
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


def format_rows(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Rows as an aligned text table, CSV or JSON lines."""
    return "\n".join(render_rows(columns, [rows], fmt))


def render_rows(columns: list[str], chunks: Iterable[list[tuple]], fmt: str) -> Iterator[str]:
    """Lines of a result read chunk by chunk (a large result is never held whole): table, CSV or JSON lines."""
    if fmt == "json":
        for rows in chunks:
            for r in rows:
                yield json.dumps({c: to_plain(v) for c, v in zip(columns, r)}, default=str)
    elif fmt == "csv":
        yield from render_csv(columns, chunks)
    else:
        yield from render_table(columns, chunks)


def render_csv(columns: list[str], chunks: Iterable[list[tuple]]) -> Iterator[str]:
    """CSV text: the header line, then each chunk's rows (a field may hold a quoted line break)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    yield buf.getvalue().rstrip("\n")
    for rows in chunks:
        if rows:
            buf.seek(0)
            buf.truncate()
            writer.writerows([[to_plain(v) for v in r] for r in rows])
            yield buf.getvalue().rstrip("\n")


def render_table(columns: list[str], chunks: Iterable[list[tuple]]) -> Iterator[str]:
    """An aligned table: header, rule, rows (widths from the first rows, cells cut with an ellipsis), row count."""
    header = [visible(str(c)) for c in columns]
    widths: list[int] | None = None
    pending: list[list[str]] = []
    count = 0
    for rows in chunks:
        count += len(rows)
        pending += [[to_cell(v) for v in r] for r in rows]
        if widths is None and len(pending) < WIDTH_ROWS:
            continue
        if widths is None:
            widths = measure(header, pending)
            yield from render_head(header, widths)
        yield from (render_line(cells, widths) for cells in pending)
        pending = []
    if widths is None:
        widths = measure(header, pending)
        yield from render_head(header, widths)
        yield from (render_line(cells, widths) for cells in pending)
    yield f"({count} rows)"


def measure(header: list[str], rows: list[list[str]]) -> list[int]:
    """Each column's width: its longest cell or header, at most MAX_CELL."""
    return [min(MAX_CELL, max(len(row[i]) for row in [header, *rows])) for i in range(len(header))]


def render_head(header: list[str], widths: list[int]) -> list[str]:
    """The header line and the rule under it."""
    return [render_line(header, widths), "-+-".join("-" * w for w in widths)]


def render_line(cells: list[str], widths: list[int]) -> str:
    """One table line: each cell cut to its column's width and padded."""
    return " | ".join(cut(v, w).ljust(w) for v, w in zip(cells, widths))


def render_run_summary(summary) -> list[str]:
    """The lines a finished run prints: its counts, and its rejects by reason when there are any."""
    c = summary.counts
    lines = [f"newsetl run {summary.run_id}: {summary.n_seen} files seen: {summary.n_new} new, "
             f"{summary.n_changed} changed, {summary.n_deleted} deleted, {summary.n_unchanged} unchanged; "
             f"{summary.n_documents} new documents, {summary.n_rejected} rejected; "
             f"{c.get('mentions', 0)} mentions, {c.get('events', 0)} events, {c.get('quotes', 0)} quotes, "
             f"{c.get('amounts', 0)} amounts in {summary.seconds:.1f} s"]
    if summary.rejects_by_reason:
        reasons = sorted(summary.rejects_by_reason.items())
        lines.append("rejects by reason: " + ", ".join(f"{k}={v}" for k, v in reasons))
    return [visible(line) for line in lines]


def say(text: str, stream=None) -> None:
    """Print lines with their control characters made visible."""
    import sys

    print("\n".join(visible(line) for line in text.split("\n")), file=stream or sys.stdout)
