"""`evw report`: the HTML page's charts, numbers, SQL, filters and read-only access on a small warehouse.

The warehouse is built by the test from hand-made lake rows (warehouse.synthetic) so every number
in the page can be checked against DuckDB directly. The real-browser test is tests/test_report_browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from transforms.config import Config
from warehouse.load import run_load
from warehouse.report import ReportError, ReportFilter, build_report, circle_layout
from warehouse.synthetic import article_row, mention_row, write_day

D1, D2, D3 = dt.date(2024, 3, 4), dt.date(2024, 3, 5), dt.date(2024, 3, 20)
DAMASCUS = {"action_geo_country_code": "SYR", "action_geo_fullname": "Damascus, Syria", "action_geo_lat": 33.51,
            "action_geo_long": 36.29, "action_geo_is_fallback": False, "action_geo_type": 4}
KYIV = {"action_geo_country_code": "UKR", "action_geo_fullname": "Kyiv, Ukraine", "action_geo_lat": 50.45,
        "action_geo_long": 30.52, "action_geo_is_fallback": False, "action_geo_type": 4}


def make_warehouse(root: Path) -> Path:
    """A small warehouse: 3 days, cooperation and conflict, domestic and foreign dyads, places."""
    lake = root / "lake"
    write_day(lake, D1, [article_row(f"a{i}", D1) for i in range(4)], [
        mention_row("a0", D1, "040", "USAGOV", "RUSGOV"),
        mention_row("a1", D1, "040", "USAGOV", "RUSGOV"),
        mention_row("a1", D1, "190", "RUSMIL", "UKRMIL", sentence_index=2, **KYIV),
        mention_row("a2", D1, "112", "SYRGOV", "SYROPP", **DAMASCUS),
        mention_row("a3", D1, "036", "FRAGOV", None, sentence_index=3),
        mention_row("a3", D1, "057", "FRAGOV", "DEUGOV", sentence_index=4),
    ])
    write_day(lake, D2, [article_row(f"b{i}", D2) for i in range(3)], [
        mention_row("b0", D2, "190", "RUSMIL", "UKRMIL", **KYIV),
        mention_row("b1", D2, "130", "RUSGOV", "UKRGOV"),
        mention_row("b2", D2, "070", "USAGOV", "UKRGOV"),
        mention_row("b2", D2, "042", "USAGOV", "SYRGOV", sentence_index=2, **DAMASCUS),
    ])
    write_day(lake, D3, [article_row("c0", D3)], [
        mention_row("c0", D3, "040", "USAGOV", "RUSGOV"),
        mention_row("c0", D3, "173", "UKRCOP", "RUSCVL", sentence_index=2, is_negated=True),  # does not count
    ])
    wh = root / "warehouse.duckdb"
    run_load(lake, wh, Config(), progress=False)
    return wh


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_warehouse(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def report(warehouse: Path) -> tuple[Path, Any]:
    out = warehouse.parent / "report.html"
    return out, build_report(warehouse, out)


def q(warehouse: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def figures(page: str) -> dict[str, list[dict[str, Any]]]:
    """chart div id -> the trace list passed to Plotly.newPlot in the page."""
    out = {}
    decoder = json.JSONDecoder()
    for m in re.finditer(r'Plotly\.newPlot\(\s*"([^"]+)",\s*', page):
        data, _ = decoder.raw_decode(page, m.end())
        out[m.group(1)] = data
    return out


def test_page_is_self_contained(report: tuple[Path, Any]) -> None:
    out, result = report
    page = out.read_text(encoding="utf-8")
    assert result.bytes == out.stat().st_size
    assert page.count("* plotly.js v") == 1  # plotly.js, inlined once
    assert page.count("<script>") == 2 + len(result.charts)  # config + library + one per chart
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert not re.search(r"<link[^>]*href=['\"]?https?:", page)
    assert "scattergeo" not in json.dumps(figures(page))  # its topojson would come from a CDN
    assert result.bytes < 5_000_000


def test_every_chart_and_its_sql(report: tuple[Path, Any], warehouse: Path) -> None:
    out, result = report
    page = out.read_text(encoding="utf-8")
    keys = [c.key for c in result.charts]
    assert keys == ["quad", "dyad-trend", "network", "map", "event-types"]
    figs = figures(page)
    assert set(figs) == {f"chart-{k}" for k in keys}
    import html

    for chart in result.charts:
        assert html.escape(chart.sql) in page  # shown under the chart ...
        con = duckdb.connect(str(warehouse), read_only=True)
        try:  # ... and it is the SQL that produced the chart's rows
            rel = con.sql(chart.sql)
            assert [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()] == chart.rows
        finally:
            con.close()
        assert chart.rows, chart.key
        assert figs[f"chart-{chart.key}"], chart.key


def test_summary_numbers_equal_the_warehouse(report: tuple[Path, Any], warehouse: Path) -> None:
    out, result = report
    page = out.read_text(encoding="utf-8")
    events, mentions = q(warehouse, "SELECT count(*), sum(num_mentions) FROM events")[0]
    assert (result.summary["events"], result.summary["mentions"]) == (events, mentions)
    assert events == 10 and mentions == 11  # the negated mention does not count; USA->RUS 040 twice on D1
    assert f"id='summary-events' data-value='{events:,}'" in page
    assert f"id='summary-mentions' data-value='{mentions:,}'" in page
    assert "data-value='2024-03-04'" in page and "data-value='2024-03-20'" in page


def test_quad_chart_counts(report: tuple[Path, Any], warehouse: Path) -> None:
    out, _ = report
    traces = figures(out.read_text(encoding="utf-8"))["chart-quad"]
    got = {(t["name"], x): y for t in traces for x, y in zip(t["x"], t["y"], strict=True)}
    names = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
    want = {(names[qc], d.isoformat()): n for d, qc, n in
            q(warehouse, "SELECT day, quad_class, count(*) FROM events GROUP BY ALL")}
    assert got == want
    assert sum(got.values()) == 10
    assert all(t["type"] == "bar" for t in traces)


def test_dyad_trend_top_dyads(report: tuple[Path, Any]) -> None:
    _, result = report
    rows = next(c for c in result.charts if c.key == "dyad-trend").rows
    ranks = {(r["actor1"], r["actor2"]): r["dyad_rank"] for r in rows}
    # both have 3 mentions (the most); RUS->UKR has 3 events, USA->RUS 2
    assert (ranks[("RUS", "UKR")], ranks[("USA", "RUS")]) == (1, 2)
    usa_rus = [r for r in rows if (r["actor1"], r["actor2"]) == ("USA", "RUS")]
    assert [r["period"] for r in usa_rus] == [D1, D3]  # a span of 16 days: one point per day
    assert usa_rus[0]["period"] == D1 and usa_rus[0]["mentions"] == 2
    assert len({r["dyad_rank"] for r in rows}) == 5


def test_network_excludes_domestic_pairs(report: tuple[Path, Any]) -> None:
    out, result = report
    rows = next(c for c in result.charts if c.key == "network").rows
    pairs = {(r["actor1"], r["actor2"]): r for r in rows}
    assert ("SYR", "SYR") not in pairs
    assert pairs[("RUS", "UKR")]["events"] == 3  # attack on D1 and D2, threat on D2
    traces = figures(out.read_text(encoding="utf-8"))["chart-network"]
    lines = [t for t in traces if t["mode"] == "lines"]
    assert len(lines) == len(rows)
    widths = {round(t["line"]["width"], 2) for t in lines}
    assert max(widths) == 12.0  # the busiest pair; width grows with events
    nodes = traces[-1]
    assert nodes["text"] == sorted({c for p in pairs for c in p})


def test_map_points(report: tuple[Path, Any]) -> None:
    out, result = report
    rows = next(c for c in result.charts if c.key == "map").rows
    named = {r["place"]: r["events"] for r in rows if not r["is_country_centroid"]}
    assert named == {"Kyiv, Ukraine": 2, "Damascus, Syria": 2}
    traces = figures(out.read_text(encoding="utf-8"))["chart-map"]
    assert {t["type"] for t in traces} == {"scatter"}
    kyiv = next(t for t in traces if t["name"] == "named place")
    assert [36.29, 33.51] in [[x, y] for x, y in zip(kyiv["x"], kyiv["y"], strict=True)]


def test_event_types_table(report: tuple[Path, Any], warehouse: Path) -> None:
    out, result = report
    rows = next(c for c in result.charts if c.key == "event-types").rows
    assert (rows[0]["event_code"], rows[0]["events"]) == ("040", 2) or rows[0]["events"] >= rows[1]["events"]
    want = q(warehouse, "SELECT event_code, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1")
    assert [(r["event_code"], r["events"]) for r in rows] == want
    page = out.read_text(encoding="utf-8")
    assert "190 Use conventional military force" in page


def test_deterministic(report: tuple[Path, Any], warehouse: Path, tmp_path: Path) -> None:
    out, _ = report
    again = build_report(warehouse, tmp_path / "again.html")
    assert again.path.read_bytes() == out.read_bytes()


def test_filters(warehouse: Path, tmp_path: Path) -> None:
    r = build_report(warehouse, tmp_path / "ukr.html", ReportFilter(countries=("UKR",)))
    assert r.summary["events"] == q(warehouse, "SELECT count(*) FROM events WHERE 'UKR' IN "
                                               "(actor1_country_code, actor2_country_code)")[0][0] == 4
    assert "countries UKR" in (tmp_path / "ukr.html").read_text(encoding="utf-8")
    r = build_report(warehouse, tmp_path / "d2.html", ReportFilter(start=D2, end=D2))
    assert r.summary["events"] == 4 and r.summary["days"] == 1
    empty = build_report(warehouse, tmp_path / "none.html", ReportFilter(countries=("BRA",)))
    assert empty.summary["events"] == 0
    assert "No events match the filter" in (tmp_path / "none.html").read_text(encoding="utf-8")
    with pytest.raises(ReportError, match="bad country"):
        ReportFilter(countries=("U'S",))
    with pytest.raises(ReportError, match="after"):
        ReportFilter(start=D2, end=D1)


def test_circle_layout_is_deterministic() -> None:
    pos = circle_layout(["A", "B", "C", "D"])
    assert pos == {"A": (0.0, 1.0), "B": (1.0, 0.0), "C": (0.0, -1.0), "D": (-1.0, -0.0)}


HOLD = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(60)"


def test_cli_reads_the_snapshot_while_a_writer_holds_the_warehouse(warehouse: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        out = tmp_path / "cli.html"
        evw = Path(sys.executable).with_name("evw")
        t = time.perf_counter()
        done = subprocess.run([str(evw), "report", "--warehouse", str(warehouse), "-o", str(out), "--country", "rus"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "warehouse.snapshot.duckdb" in done.stdout.replace("\n", "")
        assert out.stat().st_size > 1_000_000 and time.perf_counter() - t < 60
        bad = subprocess.run([str(evw), "report", "--warehouse", str(warehouse), "--start", "2024-13-01"],
                             capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert bad.returncode == 1 and "bad date" in bad.stderr
    finally:
        holder.kill()
        holder.wait()
