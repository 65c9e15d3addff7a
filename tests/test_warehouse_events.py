"""GDELT-style events from mentions: counting rules, exclusions, deterministic ids, the one-a-day view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from transforms.config import Config
from warehouse.checksum import checksums
from warehouse.load import run_load
from warehouse.synthetic import article_row, digest, mention_row, write_day

D = dt.date(2022, 6, 10)


def _ts(hour: int) -> dt.datetime:
    return dt.datetime.combine(D, dt.time(hour), dt.UTC)


def _build(lake: Path) -> None:
    arts = [
        article_row("a1", D, source_name="outlet1", url="https://o1.example/a1", published_at=_ts(9)),
        # a near-duplicate of a1 carried by another outlet
        article_row("a2", D, source_name="outlet2", url="https://o2.example/a2", published_at=_ts(10),
                    duplicate_of="a1"),
        article_row("a3", D, source_name="outlet1", url="https://o1.example/a3", published_at=_ts(7),
                    ingested_at=_ts(8)),
        article_row("a4", D, source_name="outlet3", url="https://o3.example/a4", published_at=_ts(6)),
    ]
    ev = ("040", "USAGOV", "RUSGOV")
    moscow: dict[str, Any] = {"action_geo_type": 4, "action_geo_fullname": "Moscow, Russia", "action_geo_lat": 55.75,
              "action_geo_long": 37.62, "action_geo_feature_id": "524901", "action_geo_char_offset": 40,
              "action_geo_is_fallback": False}
    ments = [
        mention_row("a1", D, *ev, sentence_index=0, confidence=0.9),
        mention_row("a1", D, *ev, sentence_index=3, confidence=0.7, **moscow),
        mention_row("a2", D, *ev, sentence_index=2, confidence=0.5),
        mention_row("a3", D, *ev, sentence_index=5, confidence=0.6),
        mention_row("a4", D, *ev, sentence_index=4, is_negated=True),  # "did not meet": no event
        mention_row("a4", D, *ev, sentence_index=6, is_hypothetical=True),  # "may meet": no event
        # the same dyad and code placed in another country: a separate event
        mention_row("a4", D, *ev, sentence_index=8, action_geo_country_code="CHE"),
        mention_row("a4", D, "190", "RUSMIL", "UKRMIL", sentence_index=9),
    ]
    write_day(lake, D, arts, ments)


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("events")
    _build(tmp / "lake")
    run_load(tmp / "lake", tmp / "w.duckdb", Config(), progress=False)
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        rel = con.sql("SELECT * FROM events ORDER BY global_event_id")
        cols = rel.columns
        rows = [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
        one_a_day = con.sql("SELECT * FROM events_one_a_day ORDER BY global_event_id").fetchall()
    finally:
        con.close()
    return {"rows": rows, "one_a_day": one_a_day, "dir": tmp}


def _event(events: dict[str, Any], code: str, geo: str) -> dict[str, Any]:
    found = [r for r in events["rows"] if r["event_code"] == code and r["action_geo_country_code"] == geo]
    assert len(found) == 1, found
    return found[0]


def test_counts_follow_gdelt_semantics_without_duplicates(events: dict[str, Any]) -> None:
    e = _event(events, "040", "USA")
    assert e["num_mentions"] == 4  # negated and hypothetical mentions excluded
    assert e["num_articles"] == 2  # a1 and its near-duplicate a2 count once, plus a3
    assert e["num_sources"] == 2  # outlet1 (a1, a3) and outlet2 (a2)
    assert e["avg_confidence"] == pytest.approx((0.9 + 0.7 + 0.5 + 0.6) / 4, abs=1e-6)
    assert e["is_root_event"] is True  # a1 sentence 0 is the headline


def test_first_report_and_place_and_ids(events: dict[str, Any]) -> None:
    e = _event(events, "040", "USA")
    assert e["source_url"] == "https://o1.example/a3"  # a3 was published first
    assert e["date_added"] == _ts(8)  # earliest ingest among reporting articles
    assert e["first_mention_id"] == digest("a3", 5, 55, "USAGOV", "RUSGOV", "040")
    # a named place beats the actors'-country fallback, even when it is not in the first report
    assert (e["action_geo_fullname"], e["action_geo_is_fallback"], e["action_geo_type"]) == ("Moscow, Russia",
                                                                                           False, 4)
    assert e["event_id"] == digest(D, "USAGOV", "RUSGOV", "040", "USA")
    assert e["global_event_id"] == int(e["event_id"][:15], 16)
    assert (e["day"], e["month_year"], e["year"]) == (D, 202206, 2022)
    assert e["fraction_date"] == pytest.approx(2022 + (6 * 30 + 10) / 365)
    assert (e["actor1_country_code"], e["actor1_type1_code"], e["actor2_code"]) == ("USA", "GOV", "RUSGOV")


def test_other_place_and_other_dyad_are_separate_events(events: dict[str, Any]) -> None:
    assert len(events["rows"]) == 3
    swiss = _event(events, "040", "CHE")
    assert swiss["num_mentions"] == 1 and swiss["is_root_event"] is False
    conflict = _event(events, "190", "RUS")
    assert conflict["quad_class"] == 4


def test_one_a_day_view_collapses_places_without_deleting(events: dict[str, Any]) -> None:
    rows = events["one_a_day"]
    assert len(rows) == 2
    meet = next(r for r in rows if r[4] == "040")
    usa = _event(events, "040", "USA")
    assert meet[0] == usa["global_event_id"]  # the most-mentioned event represents the group
    assert meet[8] == 2 and meet[9] == 5  # merged events, summed mentions


def test_events_are_deterministic_across_warehouses(events: dict[str, Any], tmp_path: Path) -> None:
    run_load(events["dir"] / "lake", tmp_path / "other.duckdb", Config(), progress=False)
    sums = []
    for path in (events["dir"] / "w.duckdb", tmp_path / "other.duckdb"):
        con = duckdb.connect(str(path), read_only=True)
        try:
            sums.append(checksums(con, ["events", "daily_dyad_counts", "events_one_a_day"]))
        finally:
            con.close()
    assert sums[0] == sums[1]
