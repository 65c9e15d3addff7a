"""`evw report` in a real browser: headless Chromium (Debian `chromium`) opens the page offline.

Checks that every chart drew marks (bars, lines, points in plotly's SVG, one per row of the chart's
SQL), that no chart failed, and that the numbers in the rendered page equal the warehouse's. The
network is disabled (an unusable proxy, no name resolution), so anything the page tried to fetch
would be missing. The screenshot is kept under the pytest tmp dir and its path printed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest
from lxml import html as lxml_html
from test_report import make_warehouse

from warehouse.report import ReportFilter, build_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (make test-deps)")]


def chromium(page: Path, profile: Path, *extra: str, attempts: int = 2) -> str:
    """Run headless Chromium on `page` offline; its stdout. A rare hang is killed (whole process group) and retried."""
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
           f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=1200,3800",
           "--virtual-time-budget=20000", "--run-all-compositor-stages-before-draw", *extra, page.as_uri()]
    for attempt in range(attempts):
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=45)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            if attempt + 1 == attempts:
                raise
            continue
        assert proc.returncode == 0, err[-2000:]
        return out
    raise AssertionError("unreachable")


def has_class(cls: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Path]:
    tmp = tmp_path_factory.mktemp("report_browser")
    wh = make_warehouse(tmp)
    result = build_report(wh, tmp / "report.html", ReportFilter())
    return lxml_html.fromstring(chromium(result.path, tmp / "profile", "--dump-dom")), result, wh


def test_every_chart_drew_its_marks(rendered: tuple[Any, Any, Path]) -> None:
    dom, result, _ = rendered
    for chart in result.charts:
        section = dom.get_element_by_id(f"section-{chart.key}")
        assert section.get("data-rendered") == "true", f"{chart.key} did not finish drawing"
        div = dom.get_element_by_id(f"chart-{chart.key}")
        assert div.xpath(f".//*[{has_class('main-svg')}]"), chart.key
        assert not div.xpath(f".//*[{has_class('plotly-notifier')}]"), chart.key
        bars = div.xpath(f".//*[{has_class('bars')}]//*[{has_class('point')}]")
        points = div.xpath(f".//*[{has_class('scatter')}]//*[{has_class('point')}]")
        lines = div.xpath(f".//*[{has_class('scatter')}]//*[{has_class('js-line')}]")
        n = len(chart.rows)
        if chart.key in ("quad", "event-types"):
            assert len(bars) == n, chart.key  # one bar per (day, quad class) / event type
        elif chart.key == "dyad-trend":
            assert len(points) == n and len(lines) == len({r["dyad_rank"] for r in chart.rows})
        elif chart.key == "network":
            assert len(lines) == n  # one edge per pair
            nodes = {r["actor1"] for r in chart.rows} | {r["actor2"] for r in chart.rows}
            assert len(points) == n + len(nodes)  # edge markers + country nodes
            labels = {t.text_content() for t in div.xpath(f".//*[{has_class('textpoint')}]")}
            assert labels == nodes
        elif chart.key == "map":
            assert len(points) == n
        assert n > 0


def test_numbers_in_the_page_equal_the_warehouse(rendered: tuple[Any, Any, Path]) -> None:
    dom, _, wh = rendered
    con = duckdb.connect(str(wh), read_only=True)
    try:
        events, mentions, days = con.execute("SELECT count(*), sum(num_mentions), count(DISTINCT day) "
                                             "FROM events").fetchone() or (0, 0, 0)
        by_type = con.execute("SELECT event_code, count(*), sum(num_mentions) FROM events GROUP BY 1 "
                              "ORDER BY 2 DESC, 1").fetchall()
    finally:
        con.close()
    text = {k: dom.get_element_by_id(f"summary-{k}").text_content() for k in ("events", "mentions", "days")}
    assert text == {"events": f"{events:,}", "mentions": f"{mentions:,}", "days": f"{days:,}"}
    rows = dom.get_element_by_id("table-event-types").xpath(".//tr[td]")
    shown = [(r[0].text_content(), int(r[3].text_content().replace(",", "")), int(r[4].text_content().replace(",", "")))
             for r in rows]
    assert shown == by_type
    # the axis of the event-type chart names the same codes
    ticks = [t.text_content().split(" ")[0] for t in dom.get_element_by_id("chart-event-types").xpath(
        f".//*[{has_class('ytick')}]")]
    assert sorted(ticks) == sorted(c for c, _, _ in by_type)
    legend = {t.text_content() for t in dom.get_element_by_id("chart-quad").xpath(f".//*[{has_class('legendtext')}]")}
    assert legend == {"Verbal cooperation", "Material cooperation", "Verbal conflict", "Material conflict"}


def test_screenshot(rendered: tuple[Any, Any, Path], tmp_path: Path) -> None:
    _, result, _ = rendered
    shot = result.path.with_name("report.png")
    chromium(result.path, tmp_path / "profile", f"--screenshot={shot}")
    assert shot.stat().st_size > 50_000  # five drawn charts, not a blank page
    print(f"\nreport screenshot: {shot}")
