"""`evw report`: one self-contained HTML page of charts over the warehouse (plotly, JS inlined).

Every chart is aggregated in DuckDB by one SQL statement, shown under the chart; only aggregates
reach Python and the page (never event rows). The page needs no network to view: plotly.js is
inlined once and the map is a longitude/latitude scatter on plain axes, because plotly's
`scattergeo` fetches its world topojson from a CDN at view time. Output is byte-identical for the
same warehouse and options. Reads the warehouse read-only (its snapshot while a writer holds it);
must not write anything but the output file.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import os
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer

#: CAMEO quad classes: label and colour
QUADS: dict[int, tuple[str, str]] = {
    1: ("Verbal cooperation", "#74a9cf"),
    2: ("Material cooperation", "#0570b0"),
    3: ("Verbal conflict", "#fdae6b"),
    4: ("Material conflict", "#d7301f"),
}
#: Goldstein scale colours: conflict (-10) red ... cooperation (+10) blue
GOLDSTEIN_SCALE = "RdBu"
TOP_DYADS = 5
NETWORK_PAIRS = 24
MAP_PLACES = 1000
EVENT_TYPES = 15
_ISO3 = re.compile(r"^[A-Z]{3}$")


class ReportError(RuntimeError):
    """The report could not be built; the message says why."""


@dataclass(frozen=True)
class ReportFilter:
    """Which events the report covers: a day range and/or countries (as actor1 or actor2)."""

    start: dt.date | None = None
    end: dt.date | None = None
    countries: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for c in self.countries:
            if not _ISO3.match(c):
                raise ReportError(f"bad country code {c!r}: use a 3-letter code such as SYR")
        if self.start and self.end and self.start > self.end:
            raise ReportError(f"--start {self.start} is after --end {self.end}")

    def conditions(self) -> list[str]:
        """SQL conditions on `events` (literals inlined, so the SQL shown runs as it is)."""
        out = []
        if self.start:
            out.append(f"day >= DATE '{self.start.isoformat()}'")
        if self.end:
            out.append(f"day <= DATE '{self.end.isoformat()}'")
        if self.countries:
            codes = ", ".join(f"'{c}'" for c in sorted(set(self.countries)))
            out.append(f"(actor1_country_code IN ({codes}) OR actor2_country_code IN ({codes}))")
        return out

    def where(self, *extra: str) -> str:
        conds = [*extra, *self.conditions()]
        return ("WHERE " + "\n  AND ".join(conds)) if conds else ""

    def describe(self) -> str:
        parts = []
        if self.start or self.end:
            parts.append(f"days {self.start or '…'} to {self.end or '…'}")
        if self.countries:
            parts.append("countries " + ", ".join(sorted(set(self.countries))) + " (as either actor)")
        return "; ".join(parts) or "all events"


@dataclass
class Chart:
    """One chart: its figure, the SQL behind it and the rows that SQL returned."""

    key: str
    title: str
    caption: str
    sql: str
    rows: list[dict[str, Any]]
    figure: Any = None  # plotly.graph_objects.Figure


@dataclass
class ReportResult:
    """What `build_report` wrote."""

    path: Path
    source: Path
    bytes: int
    summary: dict[str, Any]
    charts: list[Chart] = field(default_factory=list)
    query_seconds: float = 0.0
    render_seconds: float = 0.0


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    try:
        rel = con.sql(sql)
    except duckdb.Error as exc:
        raise ReportError(f"report query failed: {str(exc).splitlines()[0]}\n{sql}") from exc
    assert rel is not None
    names = rel.columns
    return [dict(zip(names, r, strict=True)) for r in rel.fetchall()]


def _period(first: dt.date | None, last: dt.date | None) -> str:
    """Bucket for trends: day up to two months, week up to two years, then month."""
    if first is None or last is None:
        return "week"
    span = (last - first).days
    return "day" if span <= 62 else "week" if span <= 731 else "month"


def summary_sql(f: ReportFilter) -> str:
    return (f"SELECT count(*) AS events, coalesce(sum(num_mentions), 0) AS mentions,\n"
            f"       count(DISTINCT day) AS days, min(day) AS first_day, max(day) AS last_day\n"
            f"FROM events\n{f.where()}").strip()


def quad_sql(f: ReportFilter) -> str:
    return (f"SELECT day, quad_class, count(*) AS events, sum(num_mentions) AS mentions\n"
            f"FROM events\n{f.where()}\nGROUP BY day, quad_class\nORDER BY day, quad_class").replace("\n\n", "\n")


def dyad_trend_sql(f: ReportFilter, period: str, top: int = TOP_DYADS) -> str:
    bucket = "day" if period == "day" else f"date_trunc('{period}', day)"
    where = f.where("actor1_country_code IS NOT NULL", "actor2_country_code IS NOT NULL")
    return f"""WITH f AS (
  SELECT day, actor1_country_code AS actor1, actor2_country_code AS actor2, num_mentions, goldstein_scale
  FROM events
  {where.replace(chr(10), chr(10) + '  ')}
), top_dyads AS (
  SELECT actor1, actor2, row_number() OVER (ORDER BY sum(num_mentions) DESC, count(*) DESC, actor1, actor2) AS dyad_rank
  FROM f GROUP BY actor1, actor2
  ORDER BY dyad_rank LIMIT {int(top)}
)
SELECT t.dyad_rank, f.actor1, f.actor2, CAST({bucket} AS DATE) AS period, count(*) AS events,
       sum(num_mentions) AS mentions,
       round(sum(goldstein_scale * num_mentions) / sum(num_mentions), 3) AS goldstein_weighted_mean
FROM f JOIN top_dyads t USING (actor1, actor2)
GROUP BY ALL
ORDER BY t.dyad_rank, period"""


def network_sql(f: ReportFilter, pairs: int = NETWORK_PAIRS) -> str:
    where = f.where("actor1_country_code IS NOT NULL", "actor2_country_code IS NOT NULL",
                    "actor1_country_code <> actor2_country_code")
    return f"""SELECT actor1_country_code AS actor1, actor2_country_code AS actor2, count(*) AS events,
       sum(num_mentions) AS mentions,
       round(sum(goldstein_scale * num_mentions) / sum(num_mentions), 3) AS goldstein_weighted_mean
FROM events
{where}
GROUP BY actor1, actor2
ORDER BY events DESC, mentions DESC, actor1, actor2
LIMIT {int(pairs)}"""


def map_sql(f: ReportFilter, places: int = MAP_PLACES) -> str:
    where = f.where("action_geo_lat IS NOT NULL", "action_geo_long IS NOT NULL")
    return f"""SELECT action_geo_fullname AS place, action_geo_country_code AS country,
       round(action_geo_lat, 3) AS lat, round(action_geo_long, 3) AS lon,
       coalesce(action_geo_is_fallback, false) AS is_country_centroid, count(*) AS events,
       round(sum(goldstein_scale * num_mentions) / sum(num_mentions), 3) AS goldstein_weighted_mean
FROM events
{where}
GROUP BY ALL
ORDER BY events DESC, place, lat, lon, is_country_centroid
LIMIT {int(places)}"""


def event_types_sql(f: ReportFilter, n: int = EVENT_TYPES) -> str:
    return f"""SELECT e.event_code, coalesce(c.name, e.event_code) AS event_name, e.quad_class,
       count(*) AS events, sum(e.num_mentions) AS mentions
FROM events e LEFT JOIN cameo_event_codes c ON c.code = e.event_code
{f.where()}
GROUP BY ALL
ORDER BY events DESC, e.event_code
LIMIT {int(n)}""".replace("\n\n", "\n")


# ----------------------------------------------------------------------------------------- figures

def _layout(**over: Any) -> dict[str, Any]:
    axis = {"gridcolor": "#e8e8e8", "zerolinecolor": "#cccccc", "linecolor": "#999999", "automargin": True}
    base: dict[str, Any] = {
        "template": "none", "height": 420, "margin": {"l": 60, "r": 30, "t": 30, "b": 50},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif", "size": 12},
        "paper_bgcolor": "white", "plot_bgcolor": "white", "xaxis": dict(axis), "yaxis": dict(axis),
        "legend": {"orientation": "h", "y": -0.18}, "hovermode": "closest",
    }
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            base[k] = {**base[k], **v}
        else:
            base[k] = v
    return base


def _empty(fig: Any, text: str = "No events match the filter") -> None:
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False},
                      annotations=[{"text": text, "showarrow": False, "font": {"size": 16}}])


def _day(d: Any) -> str:
    return d.isoformat() if isinstance(d, dt.date) else str(d)


def quad_figure(rows: list[dict[str, Any]]) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure(layout=_layout(barmode="stack", bargap=0.05, yaxis={"title": {"text": "events"}},
                                   xaxis={"type": "date"}))
    for q, (label, colour) in QUADS.items():
        qrows = [r for r in rows if r["quad_class"] == q]
        if not qrows:
            continue
        fig.add_bar(name=label, x=[_day(r["day"]) for r in qrows], y=[r["events"] for r in qrows],
                    marker={"color": colour, "line": {"width": 0}},
                    hovertemplate="%{x}<br>" + label + ": %{y} events<extra></extra>")
    if not rows:
        _empty(fig)
    return fig


def dyad_trend_figure(rows: list[dict[str, Any]]) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure(layout=_layout(yaxis={"title": {"text": "Goldstein (mention-weighted mean)"},
                                          "range": [-10.5, 10.5], "zeroline": True},
                                   xaxis={"type": "date"}))
    ranks = sorted({r["dyad_rank"] for r in rows})
    for rank in ranks:
        drows = [r for r in rows if r["dyad_rank"] == rank]
        name = f"{drows[0]['actor1']} → {drows[0]['actor2']}"
        fig.add_scatter(name=name, mode="lines+markers", x=[_day(r["period"]) for r in drows],
                        y=[r["goldstein_weighted_mean"] for r in drows],
                        customdata=[[r["events"]] for r in drows], marker={"size": 5},
                        hovertemplate=name + "<br>%{x}: %{y:.2f} (%{customdata[0]} events)<extra></extra>")
    if not rows:
        _empty(fig, "No dyad with two known countries matches the filter")
    return fig


def circle_layout(nodes: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Nodes on the unit circle, in the given order, starting at the top, clockwise."""
    n = max(len(nodes), 1)
    return {node: (round(math.sin(2 * math.pi * k / n), 6), round(math.cos(2 * math.pi * k / n), 6))
            for k, node in enumerate(nodes)}


def network_figure(rows: list[dict[str, Any]]) -> Any:
    import plotly.graph_objects as go
    from plotly.colors import sample_colorscale

    fig = go.Figure(layout=_layout(height=560, showlegend=False,
                                   xaxis={"visible": False, "range": [-1.35, 1.35]},
                                   yaxis={"visible": False, "range": [-1.25, 1.25], "scaleanchor": "x"}))
    if not rows:
        _empty(fig, "No pair of two different known countries matches the filter")
        return fig
    nodes = sorted({r["actor1"] for r in rows} | {r["actor2"] for r in rows})
    pos = circle_layout(nodes)
    most = max(r["events"] for r in rows)
    mid_x, mid_y, mid_c, mid_text = [], [], [], []
    for r in rows:
        (x0, y0), (x1, y1) = pos[r["actor1"]], pos[r["actor2"]]
        # offset each direction sideways so A->B and B->A are two parallel lines
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1.0
        ox, oy = -dy / length * 0.025, dx / length * 0.025
        g = float(r["goldstein_weighted_mean"] or 0.0)
        colour = sample_colorscale(GOLDSTEIN_SCALE, [min(max((g + 10) / 20, 0.0), 1.0)])[0]
        width = round(1 + 11 * r["events"] / most, 2)
        fig.add_scatter(x=[round(x0 + ox, 4), round(x1 + ox, 4)], y=[round(y0 + oy, 4), round(y1 + oy, 4)],
                        mode="lines", line={"width": width, "color": colour}, hoverinfo="skip", opacity=0.85)
        # arrow head position marker at 80 % of the way, carrying hover text and the colour bar
        mid_x.append(round(x0 + ox + 0.8 * dx, 4))
        mid_y.append(round(y0 + oy + 0.8 * dy, 4))
        mid_c.append(g)
        mid_text.append(f"{r['actor1']} → {r['actor2']}: {r['events']} events, {r['mentions']} mentions, "
                        f"Goldstein {g:.2f}")
    fig.add_scatter(x=mid_x, y=mid_y, mode="markers", text=mid_text, hovertemplate="%{text}<extra></extra>",
                    marker={"size": 7, "symbol": "circle", "color": mid_c, "colorscale": GOLDSTEIN_SCALE,
                            "cmin": -10, "cmax": 10, "line": {"width": 1, "color": "#333333"},
                            "colorbar": {"title": {"text": "Goldstein"}, "thickness": 12}})
    fig.add_scatter(x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text", text=nodes,
                    textposition=[("top center" if pos[n][1] >= 0 else "bottom center") for n in nodes],
                    marker={"size": 14, "color": "#444444"}, hovertemplate="%{text}<extra></extra>")
    return fig


def map_figure(rows: list[dict[str, Any]]) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure(layout=_layout(
        height=520, xaxis={"title": {"text": "longitude"}, "range": [-180, 180], "dtick": 30, "constrain": "domain"},
        yaxis={"title": {"text": "latitude"}, "range": [-90, 90], "dtick": 30, "scaleanchor": "x",
               "constrain": "domain"}))
    if not rows:
        _empty(fig, "No event with an action place matches the filter")
        return fig
    most = max(r["events"] for r in rows)
    for centroid, label, symbol in ((False, "named place", "circle"), (True, "country centroid (no place named)",
                                                                       "diamond")):
        prow = [r for r in rows if r["is_country_centroid"] is centroid]
        if not prow:
            continue
        fig.add_scatter(
            name=label, mode="markers", x=[r["lon"] for r in prow], y=[r["lat"] for r in prow],
            text=[f"{r['place']} ({r['country']})" for r in prow], customdata=[[r["events"]] for r in prow],
            hovertemplate="%{text}<br>%{customdata[0]} events, Goldstein %{marker.color:.2f}<extra></extra>",
            marker={"symbol": symbol, "size": [round(5 + 25 * math.sqrt(r["events"] / most), 1) for r in prow],
                    "color": [r["goldstein_weighted_mean"] for r in prow], "colorscale": GOLDSTEIN_SCALE,
                    "cmin": -10, "cmax": 10, "opacity": 0.75, "line": {"width": 0.5, "color": "#333333"},
                    "colorbar": {"title": {"text": "Goldstein"}, "thickness": 12}, "showscale": not centroid})
    return fig


def event_types_figure(rows: list[dict[str, Any]]) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure(layout=_layout(height=max(300, 60 + 26 * len(rows)), bargap=0.2, showlegend=False,
                                   margin={"l": 280}, xaxis={"title": {"text": "events"}},
                                   yaxis={"autorange": "reversed"}))
    if not rows:
        _empty(fig)
        return fig
    fig.add_bar(orientation="h", y=[f"{r['event_code']} {r['event_name']}" for r in rows],
                x=[r["events"] for r in rows], marker={"color": [QUADS.get(r["quad_class"], ("", "#888"))[1]
                                                                  for r in rows]},
                customdata=[[QUADS.get(r["quad_class"], ("?", ""))[0], r["mentions"]] for r in rows],
                hovertemplate="%{y}<br>%{x} events, %{customdata[1]} mentions (%{customdata[0]})<extra></extra>")
    return fig


# ----------------------------------------------------------------------------------------- page

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.2rem;margin:0 0 .3rem}
section.chart{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1.2rem 0}
p.caption{color:#555;margin:.2rem 0 .6rem}
details{margin-top:.4rem}summary{cursor:pointer;color:#555}
pre.sql{background:#f4f4f4;border:1px solid #e2e2e2;padding:.6rem;overflow-x:auto;font-size:.8rem;white-space:pre}
dl.summary{display:grid;grid-template-columns:repeat(5,auto);gap:.2rem 1.5rem;margin:.6rem 0}
dl.summary dt{color:#666;font-size:.8rem}dl.summary dd{margin:0;font-size:1.3rem;font-variant-numeric:tabular-nums}
table.rows{border-collapse:collapse;font-size:.85rem;margin-top:.5rem}
table.rows td,table.rows th{border-bottom:1px solid #eee;padding:.15rem .6rem;text-align:left}
table.rows td.n{text-align:right;font-variant-numeric:tabular-nums}
footer{color:#777;font-size:.8rem;margin-top:2rem}
"""

#: runs after plotly has drawn a chart: marks the section so a reader (or a test) can tell
_POST_SCRIPT = ("var gd=document.getElementById('{plot_id}');var s=gd.closest('section');"
                "if(s){s.dataset.rendered='true';}")


def _fmt(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return "" if v is None else str(v).lower()
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:,.3f}"
    return str(v)


def _chart_html(chart: Chart, include_js: bool) -> str:
    import plotly.io as pio

    div = pio.to_html(chart.figure, full_html=False, include_plotlyjs=include_js, div_id=f"chart-{chart.key}",
                      config={"displaylogo": False, "responsive": True}, post_script=_POST_SCRIPT,
                      validate=False)
    table = ""
    if chart.key == "event-types" and chart.rows:
        head = "<tr><th>code</th><th>event type</th><th>quad class</th><th>events</th><th>mentions</th></tr>"
        body = "".join(
            f"<tr><td>{html.escape(r['event_code'])}</td><td>{html.escape(str(r['event_name']))}</td>"
            f"<td>{html.escape(QUADS.get(r['quad_class'], ('?', ''))[0])}</td>"
            f"<td class='n' data-value='{r['events']}'>{_fmt(r['events'])}</td>"
            f"<td class='n' data-value='{r['mentions']}'>{_fmt(r['mentions'])}</td></tr>" for r in chart.rows)
        table = f"<table class='rows' id='table-{chart.key}'>{head}{body}</table>"
    return (f"<section class='chart' id='section-{chart.key}' data-chart='{chart.key}' data-rows='{len(chart.rows)}'>"
            f"<h2>{html.escape(chart.title)}</h2><p class='caption'>{html.escape(chart.caption)}</p>{div}{table}"
            f"<details open><summary>SQL ({len(chart.rows)} rows)</summary>"
            f"<pre class='sql'><code>{html.escape(chart.sql)}</code></pre></details></section>")


def render_page(charts: list[Chart], summary: dict[str, Any], f: ReportFilter, source_name: str,
                summary_query: str) -> str:
    """The whole HTML document (plotly.js inlined once, in the first chart)."""
    items = [("events", summary["events"]), ("mentions", summary["mentions"]), ("days", summary["days"]),
             ("first day", summary["first_day"]), ("last day", summary["last_day"])]
    dl = "".join(f"<div><dt>{k}</dt><dd id='summary-{k.replace(' ', '-')}' data-value='{_fmt(v)}'>"
                 f"{html.escape(_fmt(v)) or '–'}</dd></div>" for k, v in items)
    body = "".join(_chart_html(c, include_js=(i == 0)) for i, c in enumerate(charts))
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>evw report: {html.escape(source_name)}</title><style>{_CSS}</style></head><body><main>"
        f"<h1>Events in {html.escape(source_name)}</h1>"
        f"<p class='caption'>Filter: {html.escape(f.describe())}. Counts are GDELT-style <code>events</code> "
        "(one per day × actors × event code × action country; negated and hypothetical mentions excluded); "
        "Goldstein means are weighted by mentions.</p>"
        f"<dl class='summary'>{dl}</dl>"
        f"<details><summary>SQL of these numbers</summary><pre class='sql'><code>{html.escape(summary_query)}"
        f"</code></pre></details>{body}"
        "<footer>Made by <code>evw report</code> with plotly; works offline. Run any SQL above with "
        "<code>evw query \"…\"</code>.</footer></main></body></html>\n")


def build_report(warehouse: Path, output: Path, flt: ReportFilter | None = None, *, top_dyads: int = TOP_DYADS,
                 network_pairs: int = NETWORK_PAIRS, map_places: int = MAP_PLACES,
                 event_types: int = EVENT_TYPES) -> ReportResult:
    """Query the warehouse (read-only) and write the report page to `output` atomically."""
    from warehouse.query import QueryError, connect_readonly

    f = flt or ReportFilter()
    t0 = time.perf_counter()
    try:
        con, used = connect_readonly(warehouse)
    except QueryError as exc:
        raise ReportError(str(exc)) from exc
    try:
        if con.sql("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'events'").fetchall() == [(0,)]:
            raise ReportError(f"{used} has no events table; run `evw load` first")
        s_sql = summary_sql(f)
        summary = _rows(con, s_sql)[0]
        period = _period(summary["first_day"], summary["last_day"])
        specs = [
            ("quad", "Events per day by quad class",
             "Stacked: verbal and material cooperation and conflict, one bar per day.", quad_sql(f), quad_figure),
            ("dyad-trend", f"Goldstein trend of the top {top_dyads} dyads (per {period})",
             "Country dyads (actor1 → actor2, both known) ranked by mentions; mention-weighted mean Goldstein "
             "score per period (−10 conflict … +10 cooperation).", dyad_trend_sql(f, period, top_dyads),
             dyad_trend_figure),
            ("network", f"Dyad network: top {network_pairs} country pairs",
             "Directed pairs of two different countries by events; line width = events, colour = mean "
             "Goldstein; the dot sits near the target end. Nodes on a circle in alphabetical order.",
             network_sql(f, network_pairs), network_figure),
            ("map", "Where events happened (action_geo)",
             f"Top {map_places} action places by events: longitude/latitude on plain axes (no base map: "
             "plotly's map tiles would need the network); size = events, colour = mean Goldstein. Diamonds "
             "are country centroids used when no place was named.", map_sql(f, map_places), map_figure),
            ("event-types", f"Top {event_types} event types",
             "CAMEO event codes by events, coloured by quad class.", event_types_sql(f, event_types),
             event_types_figure),
        ]
        charts = [Chart(key, title, caption, sql, _rows(con, sql)) for key, title, caption, sql, _ in specs]
    finally:
        con.close()
    t1 = time.perf_counter()
    for chart, spec in zip(charts, specs, strict=True):
        chart.figure = spec[4](chart.rows)
    page = render_page(charts, summary, f, used.name, s_sql)
    data = page.encode("utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    t2 = time.perf_counter()
    return ReportResult(path=output, source=used, bytes=len(data), summary=summary, charts=charts,
                        query_seconds=t1 - t0, render_seconds=t2 - t1)


def report_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    warehouse: Annotated[Path | None, typer.Option(
        "--warehouse", help="Warehouse file (default from config; its snapshot while a load runs).")] = None,
    start: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD).")] = None,
    country: Annotated[list[str] | None, typer.Option(
        "--country", help="Only events with this country (CAMEO/ISO 3-letter) as either actor; repeatable.")] = None,
    top: Annotated[int, typer.Option(help="Country pairs in the dyad network.")] = NETWORK_PAIRS,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Write one self-contained HTML page of charts (events by quad class, dyads, network, map, event types)."""
    from warehouse.cli import console, fail, parse_day, settings

    cfg = settings(config, warehouse=warehouse)
    try:
        flt = ReportFilter(parse_day(start), parse_day(end), tuple(c.upper() for c in country or ()))
        result = build_report(cfg.warehouse, output, flt, network_pairs=top)
    except ReportError as exc:
        fail(str(exc))
        return
    console.print(f"wrote {result.path} ({result.bytes / 1e6:.1f} MB, {result.summary['events']:,} events, "
                  f"{len(result.charts)} charts) from {result.source} in "
                  f"{result.query_seconds + result.render_seconds:.1f}s; open it in a browser (works offline)")
