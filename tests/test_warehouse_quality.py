"""Data-quality tests: a bad lake row is quarantined (the load goes on); a failing test of a derived model
rolls the load back and says what is wrong. (More in tests/test_reliability_load.py.)"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from transforms.config import Config
from warehouse.checksum import checksums
from warehouse.data_tests import QualityError, compile_tests, run_tests
from warehouse.load import run_load
from warehouse.snapshot import snapshot_path
from warehouse.synthetic import article_row, mention_row, write_day

GOOD, BAD = dt.date(2021, 5, 1), dt.date(2021, 5, 2)

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def _unknown_code(arts: list[dict[str, Any]], ments: list[dict[str, Any]]) -> None:
    ments[0]["event_code"] = "0999"


def _quad_disagrees(arts: list[dict[str, Any]], ments: list[dict[str, Any]]) -> None:
    ments[0]["quad_class"] = 4  # 040 is verbal cooperation
    ments[0]["goldstein_scale"] = -10.0


def _orphan(arts: list[dict[str, Any]], ments: list[dict[str, Any]]) -> None:
    ments[0]["article_id"] = "nowhere"


def _duplicate_id(arts: list[dict[str, Any]], ments: list[dict[str, Any]]) -> None:
    ments[1]["mention_id"] = ments[0]["mention_id"]


def _duplicate_article_across_days(arts: list[dict[str, Any]], ments: list[dict[str, Any]]) -> None:
    arts.append(article_row("g0", BAD))  # the same article id as one already loaded for GOOD


def _confidence_out_of_range(arts: list[dict[str, Any]], ments: list[dict[str, Any]]) -> None:
    ments[0]["confidence"] = 1.5


CASES: dict[str, tuple[Callable[[list[dict[str, Any]], list[dict[str, Any]]], None], str]] = {
    "unknown code": (_unknown_code, r"event_mentions\.relationships\(event_code -> cameo_event_codes\.code\)"),
    "quad and goldstein disagree with code": (_quad_disagrees, r"event_mentions\.codes_agree_with_codebook"),
    "orphan mention": (_orphan, r"event_mentions\.relationships\(article_id -> articles\.article_id\)"),
    "duplicate mention id": (_duplicate_id, r"event_mentions\.unique\(mention_id\)"),
    "duplicate article id across days": (_duplicate_article_across_days, r"articles\.unique\(article_id\)"),
    "confidence out of range": (_confidence_out_of_range, r"event_mentions\.range\(confidence\)"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_rows_are_quarantined_and_the_rest_is_loaded(case: str, tmp_path: Path) -> None:
    spoil, expected = CASES[case]
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    write_day(lake, GOOD, [article_row("g0", GOOD)], [mention_row("g0", GOOD, "040", "USAGOV", "RUSGOV")])
    run_load(lake, wh, Config(), progress=False)
    snap_before = snapshot_path(wh).stat().st_mtime_ns

    arts = [article_row("b0", BAD), article_row("b1", BAD)]
    ments = [mention_row("b0", BAD, "040", "USAGOV", "RUSGOV"), mention_row("b1", BAD, "190", "RUSMIL", "UKRMIL")]
    spoil(arts, ments)
    write_day(lake, BAD, arts, ments)
    report = run_load(lake, wh, Config(), progress=False)
    assert report.rows_quarantined >= 1 and re.search(expected, report.summary())
    con = duckdb.connect(str(wh), read_only=True)
    try:
        reasons = [r[0] for r in con.execute("SELECT reason FROM quarantine WHERE stage = 'load'").fetchall()]
    finally:
        con.close()
    assert any(re.fullmatch(expected, r) for r in reasons), reasons
    assert snapshot_path(wh).stat().st_mtime_ns != snap_before  # committed and published


def test_a_failing_model_test_fails_the_load_and_changes_nothing(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    write_day(lake, GOOD, [article_row("g0", GOOD)], [mention_row("g0", GOOD, "040", "USAGOV", "RUSGOV")])
    run_load(lake, wh, Config(), progress=False)
    snap_before = snapshot_path(wh).stat().st_mtime_ns
    con = duckdb.connect(str(wh), read_only=True)
    before = checksums(con)
    con.close()
    from warehouse import data_tests

    specs = dict(data_tests.specs())
    specs["events"] = [*specs["events"], {"expression": {"name": "always_fails", "rows": "SELECT * FROM {table}"}}]
    monkeypatch.setattr(data_tests, "specs", lambda: specs)
    write_day(lake, BAD, [article_row("b0", BAD)], [mention_row("b0", BAD, "040", "USAGOV", "RUSGOV")])
    with pytest.raises(QualityError, match=r"events\.always_fails") as err:
        run_load(lake, wh, Config(), progress=False)
    message = str(err.value)
    assert message.startswith("data-quality checks failed: ")
    assert "nothing was committed" in message and "bug in evw's SQL" in message and "FAIL " in message
    assert wh.with_name("w.quality-report.txt").read_text().startswith("data-quality checks failed")
    con = duckdb.connect(str(wh), read_only=True)
    assert checksums(con) == before
    con.close()
    assert snapshot_path(wh).stat().st_mtime_ns == snap_before


def test_report_shows_sample_rows() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE events AS SELECT * FROM (VALUES (1, 'a'), (1, 'b'), (2, 'c')) t(global_event_id, x)")
    tests = [t for t in compile_tests(["events"]) if t.name == "unique(global_event_id)"]
    report = run_tests(con, tests)
    assert not report.ok
    text = report.render()
    assert "FAIL events.unique(global_event_id): 1 offending rows" in text
    assert "global_event_id | copies" in text and "1 | 2" in text


def test_dates_outside_the_accepted_range_are_quarantined(tmp_path: Path) -> None:
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    old = dt.date(1975, 4, 30)  # inside the range since issue 17 (event data goes back to 1945)
    write_day(lake, old, [article_row("o0", old)], [mention_row("o0", old, "040", "USAGOV", "VNMGOV")])
    too_old = dt.date(1944, 12, 31)
    write_day(lake, too_old, [article_row("t0", too_old)], [mention_row("t0", too_old, "040", "USAGOV", "VNMGOV")])
    report = run_load(lake, wh, Config(), progress=False)
    assert report.quarantined["articles.range(published_date)"] == 1
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("SELECT article_id FROM articles").fetchall() == [("o0",)]
        assert con.execute("SELECT count(*) FROM event_mentions").fetchone() == (1,)
    finally:
        con.close()
    assert snapshot_path(wh).exists()
