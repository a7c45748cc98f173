"""The HTML report: pure rendering pieces, its queries, the pages written from a dated (seed) and an undated
warehouse, and the charts drawn by Chromium."""

import math
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from flows.command.cli import main
from flows.report.palette import color_of
from flows.report.report import (COUNTED, QUERIES, Period, ReportData, bucket_range, choose_unit, describe_period,
                          layout_force, nice_max, render_network, render_page, render_quotes, render_timeline,
                          render_top_entities, split_undated, stack_timeline)
from schemas.vocab import EVENT_TYPES


@pytest.mark.parametrize("first,last,unit,n", [
    (date(2024, 11, 20), date(2024, 11, 23), "day", 4),
    (date(2024, 11, 20), date(2025, 1, 21), "day", 63),
    (date(2022, 11, 1), date(2024, 12, 23), "month", 26),
    (date(1990, 5, 1), date(2024, 1, 1), "year", 35),
])
def test_timeline_buckets(first, last, unit, n):
    assert choose_unit(first, last) == unit
    buckets = bucket_range(first, last, unit)
    assert len(buckets) == n and buckets == sorted(set(buckets))


def test_stack_timeline_keeps_undated_events_apart():
    rows = [(date(2024, 11, 20), "CONSULT", 3, 1), (date(2024, 11, 22), "AGREE", 1, 0),
            (date(2025, 1, 5), "CONSULT", 1, 0)]
    assert stack_timeline(rows, "month") == {
        date(2024, 11, 1): [("AGREE", False, 1), ("CONSULT", False, 2), ("CONSULT", True, 1)],
        date(2024, 12, 1): [],
        date(2025, 1, 1): [("CONSULT", False, 1)],
    }
    assert render_timeline(rows).count('fill-opacity="0.4"') == 1


def test_timeline_query_never_dates_an_event_by_its_ingestion():
    """An event's day is its date from the text, else its document's publication date, else none (counted apart)."""
    con = duckdb.connect()
    con.sql("CREATE TABLE documents AS SELECT * FROM (VALUES ('d1', TIMESTAMP '2024-11-20 10:00', "
            "TIMESTAMP '2026-11-29 22:00'), ('d2', NULL, TIMESTAMP '2026-11-29 22:00')) t(doc_id, published_at, "
            "ingested_at)")
    con.sql("CREATE TABLE event_timeline AS SELECT * FROM (VALUES ('d1', DATE '2024-11-18', 'AGREE'), "
            "('d1', NULL, 'AGREE'), ('d2', DATE '2003-01-01', 'ACCUSE'), ('d2', NULL, 'ACCUSE'), "
            "('d2', NULL, 'ACCUSE'), ('d2', NULL, 'AID')) t(doc_id, event_date, type)")
    rows = con.sql(QUERIES["timeline"]).fetchall()
    assert split_undated(rows) == (
        [(date(2003, 1, 1), "ACCUSE", 1, 0), (date(2024, 11, 18), "AGREE", 1, 0), (date(2024, 11, 20), "AGREE", 1, 1)],
        {"ACCUSE": 2, "AID": 1},
    )


def test_timeline_counts_undated_events_apart():
    html = render_timeline([(date(2024, 11, 20), "AGREE", 2, 1)], {"ACCUSE": 311, "AID": 1})
    assert "<b>312 events without a date</b>" in html and 'data-undated-events="312"' in html
    assert html.count("<rect") == 2 and "2 plotted" in html
    assert "AGREE 2</span>" in html and "ACCUSE 311</span>" in html and "SANCTION 0</span>" in html


def test_timeline_without_any_dated_event_draws_no_bar():
    html = render_timeline([], {"ACCUSE": 3, "REQUEST": 1})
    assert "<svg" not in html and "<rect" not in html and "None of the 4 events has a date" in html
    assert re.findall(r"background:(#[0-9a-f]{6})", html) == [color_of(t, EVENT_TYPES) for t in EVENT_TYPES]


@pytest.mark.parametrize("period,expected", [
    (Period(datetime(2024, 11, 20, 9), datetime(2024, 12, 23, 18)), "Documents published 2024-11-20 to 2024-12-23."),
    (Period(datetime(2024, 11, 20, 9), datetime(2024, 11, 20, 18)), "Documents published on 2024-11-20."),
    (Period(None, None, 400, datetime(2026, 11, 29, 22), datetime(2026, 11, 29, 23)),
     "No document gives a publication date; 400 ingested on 2026-11-29."),
    (Period(datetime(2004, 1, 5), datetime(2005, 3, 1), 12, datetime(2026, 11, 28), datetime(2026, 11, 29)),
     "Documents published 2004-01-05 to 2005-03-01; 12 without a publication date, ingested 2026-11-28 to "
     "2026-11-29."),
    (Period(), "No documents yet."),
])
def test_describe_period_says_ingested_when_no_publication_date(period, expected):
    assert describe_period(period) == expected


@pytest.mark.parametrize("published,shown,note", [
    ([datetime(2024, 12, 23, 13, 53), None], ["2024-12-23", "undated"], "come last"),
    ([None, None], ["undated", "undated"], "not the latest quotes, just the first 2"),
    ([datetime(2024, 12, 23), datetime(2024, 12, 20)], ["2024-12-23", "2024-12-20"], "Newest first"),
])
def test_quotes_show_their_publication_date_else_undated(published, shown, note):
    html = render_quotes([("Speaker", f"Words {i}", when, "Title", []) for i, when in enumerate(published)])
    assert re.findall(r"</b> · ([^ ]+) · ", html) == shown and note in html


@pytest.mark.parametrize("value,expected", [(0, 1), (1, 1), (3, 5), (7, 10), (10, 10), (11, 20), (230, 500)])
def test_nice_max(value, expected):
    assert nice_max(value) == expected


@pytest.mark.parametrize("n_nodes", [1, 2, 18, 30])
def test_layout_force_is_deterministic_and_spreads_nodes(n_nodes):
    nodes = [f"E{i}" for i in range(n_nodes)]
    edges = [(f"E{i}", f"E{i + 1}", 1 + i % 3) for i in range(n_nodes - 1)]
    pos = layout_force(nodes, edges, 960, 560)
    assert pos == layout_force(nodes, edges, 960, 560) and set(pos) == set(nodes)
    points = list(pos.values())
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    assert all(math.dist(a, b) > 5 for i, a in enumerate(points) for b in points[i + 1:])


def test_network_labels_are_drawn_over_every_circle_inside_the_chart():
    nodes = [(f"E{i}", f"Entity with a rather long name {i}", "ORG", 30 - i) for i in range(30)]
    edges = [(f"E{i}", f"E{(i * 7) % 30}", 1 + i % 4) for i in range(30) if i != (i * 7) % 30]
    html = render_network(nodes, edges)
    labels = re.findall(r'<text class="label halo" data-label="[^"]+" x="([\d.]+)" y="([\d.]+)">', html)
    assert labels and html.rindex("<circle") < html.index('class="label halo"')
    assert all(0 < float(x) < 960 and 0 < float(y) < 560 for x, y in labels)
    assert f"{len(labels)} of 30 named" in html


@pytest.mark.parametrize("render,empty", [
    (lambda: render_timeline([]), "No events yet"),
    (lambda: render_top_entities([]), "No entities yet"),
    (lambda: render_network([], []), "No entities share a sentence yet"),
    (lambda: render_quotes([]), "No quotes yet"),
])
def test_empty_sections_say_so(render, empty):
    assert empty in render()


def sample_data(name="Armenia") -> ReportData:
    return ReportData(
        "newsetl report", datetime(2025, 1, 1), {"documents": 1, "events": 2},
        Period(datetime(2024, 12, 23), datetime(2024, 12, 23)),
        timeline=[(date(2024, 11, 20), "CONSULT", 1, 0), (date(2024, 12, 23), "REQUEST", 1, 1)],
        top_entities=[("GPE", name, 4, 1)],
        nodes=[("E1", name, "GPE", 4), ("E2", "CSTO", "ORG", 2)], edges=[("E1", "E2", 3)],
        quotes=[("Speaker", "Words about " + name, datetime(2024, 12, 23), "Title", [name])],
    )


def test_page_escapes_text_from_the_documents():
    page = render_page(sample_data("<script>alert(1)</script>"))
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_page_is_self_contained():
    page = render_page(sample_data())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(|@import|<link""", page)
    assert page.count("<script>") == 1 and page.count("<svg") == 3  # timeline, one entity type, network


@pytest.fixture(scope="module")
def report(seed_warehouse, tmp_path_factory):
    """The report of the seed warehouse, written by `newsetl report`."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "--warehouse", str(seed_warehouse[0].warehouse), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("expected", [
    "Event timeline", "Top entities by type", "Who appears with whom", "Quotes",
    'data-chart="timeline"', 'data-chart="network"', 'data-chart="entities-PERSON"',
    "Collective Security Treaty Organization", "Imangali Tasmagambetov", "32 out of 34 measures",
])
def test_report_of_the_seed(report, expected):
    assert expected in report.read_text()


@pytest.mark.parametrize("label,relation", COUNTED.items())
def test_report_counts_match_the_warehouse(report, seed_warehouse, label, relation):
    (n,), = seed_warehouse[3].sql(f"SELECT count(*) FROM {relation}").fetchall()
    assert f"<b>{n:,}</b><span>{label}</span>" in report.read_text()


def test_report_is_small_and_offline(report):
    page = report.read_text()
    assert report.stat().st_size < 200_000
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(|@import|<link""", page)


def find_chromium() -> str | None:
    return next((p for name in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(name))), None)


def render_dom(page: Path, tmp_path: Path) -> str:
    """The page's DOM after headless Chromium laid it out and ran its script."""
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (make test installs Debian's chromium when apt-get can run)")
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout


def attribute(dom: str, name: str, chart: str | None = None) -> str:
    """An attribute the page's script set (on one chart's svg, or on the first element carrying it)."""
    where = rf'data-chart="{chart}"[^>]*' if chart else ""
    return re.search(rf'{where}{name}="([^"]*)"', dom).group(1)


def check_network_labels(dom: str) -> None:
    """Network labels, as Chromium drew them: some shown, none outside the chart, none on a circle or label."""
    assert int(attribute(dom, "data-labels", "network")) >= 2
    assert attribute(dom, "data-labels-outside", "network") == "0"
    assert attribute(dom, "data-label-collisions", "network") == "0"


def test_report_charts_render_in_headless_chromium(report, tmp_path):
    dom = render_dom(report, tmp_path)
    charts = dict(re.findall(r'data-chart="([^"]+)"[^>]*data-rendered-marks="(\d+)"', dom))
    assert {"timeline", "network", "entities-ORG", "entities-PERSON", "entities-GPE"} <= set(charts), charts
    assert all(int(n) > 0 for n in charts.values()), charts  # every chart has shapes the browser laid out
    assert int(charts["network"]) >= 10 and int(charts["timeline"]) >= 3
    assert re.search(r'data-charts-rendered="(\d+)"', dom).group(1) == str(len(charts))
    assert attribute(dom, "data-legend-colors") == str(len(EVENT_TYPES))
    check_network_labels(dom)


# Written for these tests (no date anywhere in the text, and plain text files give no publication date).
UNDATED = {
    "aid.txt": "Ministers agree aid plan for the north\n\nThe government of Norway agreed to send aid to Kenya, the "
               "foreign minister Maria Olsen said.\n\n\"We will help the people of Kenya and we will not wait,\" "
               "Maria Olsen told reporters in Oslo.\n\nKenya's president John Mwangi accused rebels of attacking "
               "villages near Nairobi. The United Nations urged both sides to hold talks in Geneva.\n",
    "talks.txt": "Talks resume between neighbours\n\nOfficials from Kenya and Uganda met in Kampala to discuss the "
                 "border, and Uganda threatened to close its markets.\n\n\"Our patience is not endless,\" said "
                 "Uganda's trade minister Peter Okello, who criticised Kenya over tariffs.\n",
}


@pytest.fixture(scope="module")
def undated_report(prefect_server, tmp_path_factory):
    """`newsetl report` of a warehouse whose documents and events carry no date: (report path, connection)."""
    from flows.store.catalog import reader_config
    from flows.run.pipeline import run_pipeline
    from flows.settings import Settings

    root = tmp_path_factory.mktemp("undated")
    (root / "input").mkdir()
    for name, text in UNDATED.items():
        (root / "input" / name).write_text(text)
    settings = Settings(input=root / "input", warehouse=root / "wh").resolved()
    run_pipeline(settings)
    out = root / "report.html"
    assert main(["report", "--warehouse", str(settings.warehouse), "--out", str(out)]) == 0
    con = duckdb.connect(str(settings.warehouse / "newsetl.duckdb"), read_only=True,
                         config=reader_config(settings.warehouse))
    yield out, con
    con.close()


def test_undated_report_counts_every_event_apart_and_says_ingested(undated_report):
    out, con = undated_report
    (events, dated, ingested), = con.sql("SELECT count(*), count(event_date), any_value(reported_on) "
                                         "FROM event_timeline").fetchall()
    assert events >= 2 and dated == 0  # the fixture is what this test means: events, none with a date
    page = out.read_text()
    assert f'data-undated-events="{events}"' in page and f"None of the {events} events has a date" in page
    assert "No document gives a publication date; 2 ingested on " in page and "Documents published" not in page
    timeline = page[page.index('id="event-timeline"'):page.index('id="top-entities-by-type"')]
    assert "<rect" not in timeline and ingested.isoformat() not in timeline


def test_undated_report_renders_in_headless_chromium_without_a_bar(undated_report, tmp_path):
    dom = render_dom(undated_report[0], tmp_path)
    assert 'data-chart="timeline"' not in dom  # no bar at the ingestion date, nor anywhere
    assert int(attribute(dom, "data-rendered-marks", "network")) >= 2
    assert attribute(dom, "data-legend-colors") == "16" == str(len(EVENT_TYPES))
    check_network_labels(dom)


def test_every_event_type_gets_its_own_color_in_chromium(tmp_path):
    data = sample_data()
    data.timeline = [(date(2024, 11, 20 - i % 3), t, 1 + i, 0) for i, t in enumerate(EVENT_TYPES)]
    page = tmp_path / "report.html"
    page.write_text(render_page(data))
    dom = render_dom(page, tmp_path)
    assert attribute(dom, "data-rendered-marks", "timeline") == "16"
    assert attribute(dom, "data-mark-colors", "timeline") == "16" == str(len(EVENT_TYPES))
    assert attribute(dom, "data-legend-colors") == "16"
