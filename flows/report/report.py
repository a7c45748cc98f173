"""The HTML report: a few DuckDB queries, then pure functions that render one self-contained page (inline SVG)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from pathlib import Path

from flows.report.labels import ASCENT, place_labels, shorten_to
from flows.report.palette import color_of
from schemas.vocab import ENTITY_TYPES, EVENT_TYPES

# Label -> relation counted; events are those the timeline shows (at or above event_min_confidence).
COUNTED = {"documents": "documents", "entities": "entities", "mentions": "mentions", "events": "event_timeline",
           "quotes": "quotes", "amounts": "amounts", "rejects": "rejects", "runs": "runs"}
TOP_PER_TYPE, NETWORK_NODES, RECENT_QUOTES = 8, 30, 10
LABEL_SIZE = 12  # px, the .label font size in STYLE

NODES = ("SELECT entity_id, name, type, mentions FROM entity_summary WHERE mentions > 0 AND entity_id IN "
         "(SELECT entity_id_a FROM entity_cooccurrence WHERE sentences > 0 UNION "
         " SELECT entity_id_b FROM entity_cooccurrence WHERE sentences > 0) "
         f"ORDER BY mentions DESC, name, entity_id LIMIT {NETWORK_NODES}")
QUERIES = {
    # An event's day: its date resolved from the text, else its document's publication date; never the ingestion
    # date (event_timeline.reported_on falls back to it), so events with neither have no day and are counted apart.
    "timeline": "SELECT coalesce(t.event_date, CAST(d.published_at AS DATE)) AS day, t.type, count(*) AS n, "
                "count(*) FILTER (WHERE t.event_date IS NULL) AS undated "
                "FROM event_timeline t LEFT JOIN documents d USING (doc_id) GROUP BY ALL ORDER BY day NULLS LAST, type",
    "top_entities": "SELECT type, name, mentions, documents FROM entity_summary WHERE mentions > 0 "
                    f"QUALIFY row_number() OVER (PARTITION BY type ORDER BY mentions DESC, name) <= {TOP_PER_TYPE} "
                    "ORDER BY sum(mentions) OVER (PARTITION BY type) DESC, type, mentions DESC, name",
    "nodes": NODES,
    "edges": f"WITH top AS ({NODES}) SELECT entity_id_a, entity_id_b, sentences FROM entity_cooccurrence "
             "WHERE sentences > 0 AND entity_id_a IN (SELECT entity_id FROM top) "
             "AND entity_id_b IN (SELECT entity_id FROM top)",
    "quotes": "SELECT speaker, quote, published_at, title, about FROM quotes_by_speaker "
              f"ORDER BY published_at DESC NULLS LAST, doc_id, sentence_idx LIMIT {RECENT_QUOTES}",
    "period": "SELECT min(published_at), max(published_at), count(*) FILTER (WHERE published_at IS NULL), "
              "min(ingested_at) FILTER (WHERE published_at IS NULL), "
              "max(ingested_at) FILTER (WHERE published_at IS NULL) FROM documents",
}


@dataclass(frozen=True)
class Period:
    """When the documents were published and, for those giving no publication date, when they were ingested."""

    published_from: datetime | None = None
    published_to: datetime | None = None
    unpublished: int = 0
    ingested_from: datetime | None = None
    ingested_to: datetime | None = None


@dataclass
class ReportData:
    """Everything the page shows, already queried."""

    title: str
    generated_at: datetime
    counts: dict[str, int]
    period: Period
    timeline: list[tuple[date, str, int, int]] = field(default_factory=list)
    undated_events: dict[str, int] = field(default_factory=dict)
    top_entities: list[tuple[str, str, int, int]] = field(default_factory=list)
    nodes: list[tuple[str, str, str, int]] = field(default_factory=list)
    edges: list[tuple[str, str, int]] = field(default_factory=list)
    quotes: list[tuple] = field(default_factory=list)


def collect_report(con, title: str = "newsetl report") -> ReportData:
    """Query the warehouse (views and analyst views) for the report."""
    rows = {name: con.sql(sql).fetchall() for name, sql in QUERIES.items()}
    counts = {label: con.sql(f"SELECT count(*) FROM {name}").fetchall()[0][0] for label, name in COUNTED.items()}
    timeline, undated = split_undated(rows["timeline"])
    return ReportData(title, datetime.now().replace(microsecond=0), counts, Period(*rows["period"][0]), timeline,
                      undated, rows["top_entities"], rows["nodes"], rows["edges"], rows["quotes"])


def write_report(con, out: Path, title: str = "newsetl report") -> int:
    """Write the report page to `out`; returns its size in bytes."""
    page = render_page(collect_report(con, title)).encode("utf-8")
    Path(out).write_bytes(page)
    return len(page)


# --- pure rendering -------------------------------------------------------------------------------------


def split_undated(rows: list[tuple]) -> tuple[list[tuple[date, str, int, int]], dict[str, int]]:
    """Timeline rows with a day, and per event type the number of events without any (not plotted)."""
    undated: dict[str, int] = {}
    for day, type_, n, _ in rows:
        if day is None:
            undated[type_] = undated.get(type_, 0) + n
    return [r for r in rows if r[0] is not None], undated


def vocab_order(vocabulary: tuple[str, ...]):
    """A sort key putting values in vocabulary order, unknown values last."""
    return lambda value: (vocabulary.index(value) if value in vocabulary else len(vocabulary), value)


def choose_unit(first: date, last: date) -> str:
    """Timeline bucket: day for up to two months, month for up to six years, else year."""
    span = (last - first).days
    return "day" if span <= 62 else "month" if span <= 6 * 366 else "year"


def bucket_of(day: date, unit: str) -> date:
    """The first day of the bucket a date falls in."""
    return day if unit == "day" else day.replace(day=1) if unit == "month" else day.replace(month=1, day=1)


def bucket_range(first: date, last: date, unit: str) -> list[date]:
    """Every bucket from the first date's to the last date's, gaps included."""
    out, current = [], bucket_of(first, unit)
    while current <= last:
        out.append(current)
        if unit == "day":
            current = date.fromordinal(current.toordinal() + 1)
        elif unit == "month":
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        else:
            current = date(current.year + 1, 1, 1)
    return out


def label_of(bucket: date, unit: str) -> str:
    """Axis label of a bucket."""
    return bucket.isoformat() if unit == "day" else bucket.strftime("%Y-%m") if unit == "month" else str(bucket.year)


def nice_max(value: int) -> int:
    """A round axis maximum at or above value (1, 2, 5 × 10^n)."""
    if value <= 1:
        return 1
    magnitude = 10 ** int(math.log10(value))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= value)


def stack_timeline(rows: list[tuple[date, str, int, int]], unit: str) -> dict[date, list[tuple[str, bool, int]]]:
    """Per bucket, the bar's segments bottom-up: (event type, undated?, count), types in vocabulary order."""
    first, last = min(r[0] for r in rows), max(r[0] for r in rows)
    counts: dict[date, dict[tuple[str, bool], int]] = {b: {} for b in bucket_range(first, last, unit)}
    for day, type_, n, undated in rows:
        bucket = counts[bucket_of(day, unit)]
        for key, k in (((type_, False), n - undated), ((type_, True), undated)):
            if k:
                bucket[key] = bucket.get(key, 0) + k
    order = vocab_order(EVENT_TYPES)
    return {b: [(t, u, k) for (t, u), k in sorted(c.items(), key=lambda i: (order(i[0][0]), i[0][1]))]
            for b, c in counts.items()}


def render_timeline(rows: list[tuple[date, str, int, int]], undated: dict[str, int] | None = None,
                    width: int = 960, height: int = 300) -> str:
    """Stacked bars of dated events per day, month or year by event type; events without a date counted apart."""
    undated = undated or {}
    if not rows and not undated:
        return '<p class="empty">No events yet.</p>'
    totals = {t: undated.get(t, 0) + sum(r[2] for r in rows if r[1] == t) for t in {r[1] for r in rows} | set(undated)}
    legend = render_event_legend(totals)
    apart = sum(undated.values())
    if not rows:
        return (f'<p class="empty" data-undated-events="{apart}">None of the {apart:,} events has a date: no date in '
                f"its sentence, and its document gives no publication date. Nothing to plot.</p>{legend}")
    unit = choose_unit(min(r[0] for r in rows), max(r[0] for r in rows))
    stacks = stack_timeline(rows, unit)
    top = nice_max(max(sum(k for *_, k in segments) for segments in stacks.values()))
    left, plot_h = 40, height - 60
    step = (width - left - 10) / len(stacks)
    parts = [f'<line x1="{left}" y1="{20 + plot_h}" x2="{width - 10}" y2="{20 + plot_h}" class="axis"/>']
    for tick in (0, top // 2, top) if top > 1 else (0, 1):
        y = 20 + plot_h - plot_h * tick / top
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{tick}</text>')
    every = max(1, math.ceil(len(stacks) / 12))
    for i, (bucket, segments) in enumerate(stacks.items()):
        x, y = left + i * step, 20 + plot_h
        for type_, by_publication, k in segments:
            h = plot_h * k / top
            y -= h
            tip = f"{label_of(bucket, unit)}: {k} {type_}" + (", no date in the text (published then)"
                                                                 if by_publication else "")
            lighter = ' fill-opacity="0.4"' if by_publication else ""
            parts.append(f'<rect data-mark x="{x + step * 0.1:.1f}" y="{y:.1f}" width="{max(step * 0.8, 1):.1f}" '
                         f'height="{h:.1f}" fill="{color_of(type_, EVENT_TYPES)}"{lighter}>'
                         f"<title>{escape(tip)}</title></rect>")
        if i % every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{plot_h + 38}" class="tick" '
                         f'text-anchor="middle">{label_of(bucket, unit)}</text>')
    by_publication = sum(r[3] for r in rows)
    note = f"Events per {unit}: {sum(r[2] for r in rows):,} plotted"
    if by_publication:
        note += (f"; the lighter segments are the {by_publication:,} with no date in their sentence, placed at their "
                 "document's publication date")
    if apart:
        note += (f". <b>{apart:,} events without a date</b> (none in the text, no publication date) are counted "
                 "apart, not plotted")
    return svg("timeline", width, height, parts) + legend + f'<p class="note" data-undated-events="{apart}">{note}.</p>'


def render_event_legend(totals: dict[str, int]) -> str:
    """Every event type of the vocabulary with its color and its number of events (types without events muted)."""
    items = "".join(f'<span class="key{"" if totals.get(t) else " none"}"><i style="background:'
                    f'{color_of(t, EVENT_TYPES)}"></i>{t} {totals.get(t, 0):,}</span>' for t in EVENT_TYPES)
    unknown = sorted(set(totals) - set(EVENT_TYPES))
    items += "".join(f'<span class="key"><i style="background:{color_of(t, EVENT_TYPES)}"></i>{escape(t)} '
                     f"{totals[t]:,}</span>" for t in unknown)
    return f'<div class="legend" data-legend="event-types">{items}</div>'


def render_legend(values: list[str], vocabulary: tuple[str, ...]) -> str:
    """Color swatches naming the values."""
    items = "".join(f'<span class="key"><i style="background:{color_of(v, vocabulary)}"></i>{escape(v)}</span>'
                    for v in values)
    return f'<div class="legend">{items}</div>'


def render_entity_bars(type_: str, rows: list[tuple[str, int]], width: int = 460) -> str:
    """Horizontal bars of the most mentioned entities of one type."""
    top = max(n for _, n in rows)
    row_h, label_w = 22, 230
    parts = []
    for i, (name, n) in enumerate(rows):
        y = i * row_h + 4
        w = (width - label_w - 40) * n / top
        short = shorten_to(name, label_w - 10, LABEL_SIZE)
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" class="label" text-anchor="end">{escape(short)}'
                     f'<title>{escape(name)}</title></text>')
        parts.append(f'<rect data-mark x="{label_w}" y="{y + 2}" width="{max(w, 1):.1f}" height="{row_h - 6}" '
                     f'fill="{color_of(type_, ENTITY_TYPES)}"><title>{escape(name)}: {n} mentions</title></rect>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" class="tick">{n}</text>')
    chart = svg(f"entities-{type_}", width, len(rows) * row_h + 8, parts)
    return f'<figure class="card"><figcaption>{escape(type_)}</figcaption>{chart}</figure>'


def render_top_entities(rows: list[tuple[str, str, int, int]]) -> str:
    """One small bar chart per entity type, the most mentioned types first."""
    if not rows:
        return '<p class="empty">No entities yet.</p>'
    by_type: dict[str, list[tuple[str, int]]] = {}
    for type_, name, mentions, _ in rows:
        by_type.setdefault(type_, []).append((name, mentions))
    return '<div class="grid">' + "".join(render_entity_bars(t, r) for t, r in by_type.items()) + "</div>"


def layout_force(nodes: list[str], edges: list[tuple[str, str, int]], width: float, height: float,
                 iterations: int = 300, gravity: float = 0.2) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold positions (short-range push, pull to the center), started on a circle: deterministic."""
    n = len(nodes)
    if n == 0:
        return {}
    center = complex(width / 2, height / 2)
    turn = [complex(math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i in range(n)]
    pos = {v: center + complex(0.4 * width * t.real, 0.4 * height * t.imag) for v, t in zip(nodes, turn)}
    k = 0.8 * math.sqrt(width * height / n)
    heat = width / 10
    for _ in range(iterations):
        disp = {v: gravity * (center - pos[v]) for v in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                delta = pos[a] - pos[b]
                if (dist := max(abs(delta), 0.01)) < 1.5 * k:  # only neighbours push: components stay close
                    disp[a] += delta * k * k / dist ** 2
                    disp[b] -= delta * k * k / dist ** 2
        for a, b, _ in edges:
            pull = (pos[a] - pos[b]) * abs(pos[a] - pos[b]) / k
            disp[a] -= pull
            disp[b] += pull
        for v in nodes:
            pos[v] += disp[v] / max(abs(disp[v]), 0.01) * min(abs(disp[v]), heat)
        heat = max(heat * 0.98, 0.5)
    return {v: (p.real, p.imag) for v, p in pos.items()}


def fit_into(pos: dict[str, tuple[float, float]], box: tuple[float, float, float, float]):
    """Scale and shift positions to fill a box (left, top, right, bottom)."""
    left, top, right, bottom = box
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = max(xs) - min(xs) or 1.0, max(ys) - min(ys) or 1.0
    return {v: (left + (x - min(xs)) * (right - left) / span_x, top + (y - min(ys)) * (bottom - top) / span_y)
            for v, (x, y) in pos.items()}


def render_network(nodes: list[tuple[str, str, str, int]], edges: list[tuple[str, str, int]],
                   width: int = 960, height: int = 560) -> str:
    """Entities as circles (size: mentions, color: type), linked when named in the same sentence; labels on top,
    beside their circle where they overlap no other circle or label and stay inside the chart."""
    if not nodes:
        return '<p class="empty">No entities share a sentence yet.</p>'
    pos = fit_into(layout_force([n[0] for n in nodes], edges, width, height), (90, 28, width - 90, height - 28))
    top = max(n[3] for n in nodes)
    circles = [(entity_id, *pos[entity_id], 5 + 14 * math.sqrt(mentions / top), shorten_to(name, 200, LABEL_SIZE))
               for entity_id, name, _, mentions in nodes]
    labels = place_labels(circles, width, height, LABEL_SIZE)
    parts = []
    for a, b, weight in edges:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        parts.append(f'<line class="edge" data-a="{escape(a)}" data-b="{escape(b)}" x1="{x1:.1f}" y1="{y1:.1f}" '
                     f'x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{1 + math.log(weight) * 1.5:.1f}">'
                     f"<title>{weight} sentences</title></line>")
    for (entity_id, name, type_, mentions), (_, x, y, r, _) in zip(nodes, circles):
        parts.append(f'<g class="node" data-node="{escape(entity_id)}"><circle data-mark cx="{x:.1f}" cy="{y:.1f}" '
                     f'r="{r:.1f}" fill="{color_of(type_, ENTITY_TYPES)}"><title>{escape(name)} ({type_}): '
                     f"{mentions} mentions</title></circle></g>")
    for entity_id, *_, text in circles:  # drawn last: no circle covers a label
        if box := labels.get(entity_id):
            parts.append(f'<text class="label halo" data-label="{escape(entity_id)}" x="{box.left:.1f}" '
                         f'y="{box.top + ASCENT * LABEL_SIZE:.1f}">{escape(text)}</text>')
    types = sorted({n[2] for n in nodes}, key=vocab_order(ENTITY_TYPES))
    shown = f"{len(labels)} of {len(nodes)} named where a label fits; hover a circle for any name"
    return (svg("network", width, height, parts) + render_legend(types, ENTITY_TYPES)
            + f'<p class="note">{shown}.</p>')


def render_quotes(rows: list[tuple]) -> str:
    """The most recent quotes with speaker, their document's publication date, headline and the entities named."""
    if not rows:
        return '<p class="empty">No quotes yet.</p>'
    undated = sum(1 for r in rows if r[2] is None)
    if undated == len(rows):
        note = ("No document quoted here gives a publication date, so these are not the latest quotes, just the "
                f"first {len(rows)} by document id.")
    else:
        note = "Newest first by their document's publication date" + (
            f"; {undated} from documents without one come last." if undated else ".")
    items = [f'<p class="note">{note}</p>']
    for speaker, quote, published_at, title, about in rows:
        text = quote if len(quote or "") <= 600 else quote[:597] + "…"
        when = published_at.strftime("%Y-%m-%d") if published_at else "undated"
        tags = "".join(f'<span class="tag">{escape(a)}</span>' for a in about or [])
        items.append(f'<blockquote>“{escape(text or "")}”<footer><b>{escape(speaker or "unknown speaker")}</b>'
                     f' · {when} · <cite>{escape(title or "")}</cite> {tags}</footer></blockquote>')
    return "".join(items)


def render_counts(counts: dict[str, int], period: Period) -> str:
    """The headline numbers as cards, and when the documents were published (or only ingested)."""
    cards = "".join(f'<div class="count"><b>{n:,}</b><span>{escape(name)}</span></div>' for name, n in counts.items())
    return f'<div class="counts">{cards}</div><p class="note" data-period>{describe_period(period)}</p>'


def describe_period(period: Period) -> str:
    """One sentence: the publication dates' span, and the ingestion dates of documents that give none."""
    if not period.unpublished:
        if period.published_from is None:
            return "No documents yet."
        return f"Documents published {span_of(period.published_from, period.published_to)}."
    ingested = f"ingested {span_of(period.ingested_from, period.ingested_to)}"
    if period.published_from is None:
        return f"No document gives a publication date; {period.unpublished:,} {ingested}."
    return (f"Documents published {span_of(period.published_from, period.published_to)}; "
            f"{period.unpublished:,} without a publication date, {ingested}.")


def span_of(first: datetime, last: datetime) -> str:
    """'on 2024-11-20' for one day, else '2024-11-20 to 2024-12-23'."""
    return f"on {first:%Y-%m-%d}" if first.date() == last.date() else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"


def svg(name: str, width: int, height: float, parts: list[str]) -> str:
    """An inline SVG chart the page's script checks."""
    return (f'<svg data-chart="{name}" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
            f'role="img">{"".join(parts)}</svg>')


def render_page(data: ReportData) -> str:
    """The whole page: inline CSS, SVG and script; nothing fetched from anywhere."""
    sections = [
        ("Counts", render_counts(data.counts, data.period)),
        ("Event timeline", render_timeline(data.timeline, data.undated_events)),
        ("Top entities by type", render_top_entities(data.top_entities)),
        ("Who appears with whom", '<p class="note">The most mentioned entities that share a sentence with another; '
                                  "lines join entities named in the same sentence.</p>"
         + render_network(data.nodes, data.edges)),
        ("Quotes", render_quotes(data.quotes)),
    ]
    slugs = ["-".join(h.lower().split()) for h, _ in sections]
    nav = " · ".join(f'<a href="#{slug}">{escape(h)}</a>' for slug, (h, _) in zip(slugs, sections))
    body = "".join(f'<section id="{slug}"><h2>{escape(h)}</h2>{content}</section>'
                   for slug, (h, content) in zip(slugs, sections))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(data.title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>'
            f'<body><header><h1>{escape(data.title)}</h1><p class="note">Generated {data.generated_at:%Y-%m-%d %H:%M}'
            f" by newsetl.</p><nav>{nav}</nav></header>{body}<script>{SCRIPT}</script></body></html>")


STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:0 auto;max-width:1000px;
padding:16px}
h1{margin:0 0 4px}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
.note{color:#666;font-size:12px}.empty{color:#999;font-style:italic}
.counts{display:flex;flex-wrap:wrap;gap:8px}
.count{background:#f4f6f8;border-radius:6px;padding:8px 14px;min-width:90px}
.count b{display:block;font-size:22px}.count span{color:#555}
svg{max-width:100%;height:auto;display:block}.axis{stroke:#999}.tick{font-size:11px;fill:#555}
.label{font-size:12px;fill:#222}.halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.key.none{opacity:.45}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;margin:6px 0}
.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px}
.card{margin:0;background:#fafbfc;border:1px solid #eee;border-radius:6px;padding:8px}
figcaption{font-weight:600;margin-bottom:4px}
.edge{stroke:#9aa5b1;stroke-opacity:.6}.node{cursor:pointer}.node circle{stroke:#fff;stroke-width:1.5}
.dim{opacity:.15}.hot{stroke:#333;stroke-opacity:1}
blockquote{margin:12px 0;padding:8px 12px;border-left:4px solid #4e79a7;background:#f7f9fb}
blockquote footer{margin-top:6px;font-size:12px;color:#555}
.tag{display:inline-block;background:#e8eef5;border-radius:10px;padding:0 8px;margin:2px;font-size:11px}
"""

SCRIPT = """
(function () {
  // mark each chart with how many of its shapes the browser actually laid out (checked by the tests)
  var rendered = 0;
  document.querySelectorAll('svg[data-chart]').forEach(function (chart) {
    var marks = 0, fills = {};
    chart.querySelectorAll('[data-mark]').forEach(function (el) {
      var box = el.getBBox();
      if (box.width > 0 && box.height > 0) { marks++; fills[getComputedStyle(el).fill] = true; }
    });
    chart.setAttribute('data-rendered-marks', String(marks));
    chart.setAttribute('data-mark-colors', String(Object.keys(fills).length));
    if (marks > 0) { rendered++; }
  });
  document.documentElement.setAttribute('data-charts-rendered', String(rendered));
  document.querySelectorAll('[data-legend]').forEach(function (legend) {
    var colors = {};
    legend.querySelectorAll('i').forEach(function (i) { colors[getComputedStyle(i).backgroundColor] = true; });
    legend.setAttribute('data-legend-colors', String(Object.keys(colors).length));
  });
  var net = document.querySelector('svg[data-chart="network"]');
  if (!net) { return; }
  var nodes = net.querySelectorAll('.node'), edges = net.querySelectorAll('.edge');
  var labels = net.querySelectorAll('[data-label]'), circles = net.querySelectorAll('circle');
  // network labels as drawn: how many leave the chart, or touch a circle or another label (checked by the tests)
  var view = net.viewBox.baseVal, outside = 0, collisions = 0, boxes = [];
  labels.forEach(function (label) {
    var b = label.getBBox();
    if (b.x < 0 || b.y < 0 || b.x + b.width > view.width || b.y + b.height > view.height) { outside++; }
    circles.forEach(function (c) {
      var cx = c.cx.baseVal.value, cy = c.cy.baseVal.value, r = c.r.baseVal.value;
      var dx = Math.max(b.x - cx, 0, cx - b.x - b.width), dy = Math.max(b.y - cy, 0, cy - b.y - b.height);
      if (dx * dx + dy * dy < r * r) { collisions++; }
    });
    boxes.forEach(function (o) {
      if (b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height && o.y < b.y + b.height) { collisions++; }
    });
    boxes.push(b);
  });
  net.setAttribute('data-labels', String(labels.length));
  net.setAttribute('data-labels-outside', String(outside));
  net.setAttribute('data-label-collisions', String(collisions));
  // hovering an entity highlights its links, neighbours and their labels
  nodes.forEach(function (node) {
    node.addEventListener('mouseenter', function () {
      var id = node.getAttribute('data-node'), near = {};
      near[id] = true;
      edges.forEach(function (e) {
        var a = e.getAttribute('data-a'), b = e.getAttribute('data-b'), on = (a === id || b === id);
        if (on) { near[a] = true; near[b] = true; }
        e.classList.toggle('hot', on); e.classList.toggle('dim', !on);
      });
      nodes.forEach(function (n) { n.classList.toggle('dim', !near[n.getAttribute('data-node')]); });
      labels.forEach(function (l) { l.classList.toggle('dim', !near[l.getAttribute('data-label')]); });
    });
    node.addEventListener('mouseleave', function () {
      nodes.forEach(function (n) { n.classList.remove('dim'); });
      labels.forEach(function (l) { l.classList.remove('dim'); });
      edges.forEach(function (e) { e.classList.remove('dim', 'hot'); });
    });
  });
})();
"""
