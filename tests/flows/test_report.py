"""The HTML report: pure rendering pieces, the page written from the seed, and the charts drawn by Chromium."""

import math
import re
import shutil
import subprocess
from datetime import date, datetime

import pytest

from flows.cli import main
from flows.report import (COUNTED, ReportData, bucket_range, choose_unit, layout_force, nice_max, render_network,
                          render_page, render_quotes, render_timeline, render_top_entities, stack_timeline)


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
        "newsetl report", datetime(2025, 1, 1), {"documents": 1, "events": 2}, (datetime(2024, 12, 23), None),
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
    "Event timeline", "Top entities by type", "Who appears with whom", "Recent quotes",
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


def test_report_charts_render_in_headless_chromium(report, tmp_path):
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (make test installs Debian's chromium when apt-get can run)")
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    charts = dict(re.findall(r'data-chart="([^"]+)"[^>]*data-rendered-marks="(\d+)"', dom))
    assert {"timeline", "network", "entities-ORG", "entities-PERSON", "entities-GPE"} <= set(charts), charts
    assert all(int(n) > 0 for n in charts.values()), charts  # every chart has shapes the browser laid out
    assert int(charts["network"]) >= 10 and int(charts["timeline"]) >= 3
    assert re.search(r'data-charts-rendered="(\d+)"', dom).group(1) == str(len(charts))
