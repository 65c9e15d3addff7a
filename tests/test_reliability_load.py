"""Issue 17, load side: no single input record blocks a load.

One date rule (`schemas.dates`) decides for ingest and for the warehouse data tests; a row failing a
row-level data test is quarantined with the test's name as reason and the load goes on (and so do
later loads); exact copies are dropped, not quarantined; only most rows of a partition failing stops
a load, with what to do; the result does not depend on the load history; stale temporary files of
a killed snapshot publish are removed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import dates
from transforms import lake as lakeio
from transforms.config import Config
from transforms.ingest.dates import parse_published
from warehouse.checksum import checksums
from warehouse.data_tests import QualityError
from warehouse.load import run_load
from warehouse.row_quarantine import SYSTEMIC_MIN_ROWS
from warehouse.snapshot import snapshot_path
from warehouse.synthetic import article_row, mention_row, write_day

GOOD, BAD, LATER = dt.date(2021, 5, 1), dt.date(2021, 5, 2), dt.date(2021, 5, 3)
NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)
CONTENT = ["articles", "event_mentions", "events", "quarantine", "daily_dyad_counts", "country_quad_daily",
           "top_dyads", "monthly_dyad_goldstein", "event_type_trends", "actor_activity", "events_one_a_day"]

Rows = list[dict[str, Any]]


def _sums(warehouse: Path, tables: list[str] = CONTENT) -> dict[str, tuple[int, str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return checksums(con, tables)
    finally:
        con.close()


def _query(warehouse: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _good_day(lake: Path, day: dt.date = GOOD, prefix: str = "g") -> None:
    write_day(lake, day, [article_row(f"{prefix}0", day)], [mention_row(f"{prefix}0", day, "040", "USAGOV", "RUSGOV")])


# --- one date rule -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "accepted"), [
    ("1975-06-01", True),            # the record of issue 17
    ("1945-01-01", True),            # the first accepted day
    ("1953-07-27T10:00:00Z", True),  # PETRARCH-era test records
    (-786_931_200, True),            # an epoch number before 1970 (1945-01-24)
    ("1944-12-31T23:59:59Z", False),
    ("1800-01-01", False),
    ("0201-05-05", False),
    ("9999-12-31", False),
    (0, False),                      # epoch zero: the usual "no date" placeholder
    ((NOW + dt.timedelta(days=2)).isoformat(), True),
    ((NOW + dt.timedelta(days=2, seconds=1)).isoformat(), False),
])
def test_ingest_applies_the_shared_date_rule(value: object, accepted: bool) -> None:
    when, fallback = parse_published(value, NOW)
    assert fallback is not accepted
    if accepted:
        assert dates.is_accepted(when, NOW) and dates.is_accepted_date(when.date(), NOW.date())


@settings(max_examples=60, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1700, 1, 1), max_value=dt.datetime(9999, 12, 30)))
def test_what_ingest_accepts_the_warehouse_accepts(when: dt.datetime) -> None:
    """For any date: ingest keeps it exactly when it lies in the shared range, and whatever ingest
    keeps (or falls back to) passes the warehouse's range test for that day."""
    now = dt.datetime.now(dt.UTC)
    parsed, fallback = parse_published(when.isoformat(), now)
    aware = when.replace(tzinfo=dt.UTC)
    assert fallback is not dates.is_accepted(aware, now)
    assert dates.is_accepted_date(parsed.date())


def test_the_warehouse_range_test_uses_the_shared_rule(tmp_path: Path) -> None:
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    first, before = dates.EARLIEST_DATE, dates.EARLIEST_DATE - dt.timedelta(days=1)
    last, after = dates.latest_date(), dates.latest_date() + dt.timedelta(days=1)
    for i, day in enumerate((first, before, last, after)):
        write_day(lake, day, [article_row(f"d{i}", day)], [mention_row(f"d{i}", day, "040", "USAGOV", "RUSGOV")])
    report = run_load(lake, wh, Config(), progress=False)
    assert sorted(r[0] for r in _query(wh, "SELECT published_date FROM articles")) == [first, last]
    assert _query(wh, "SELECT DISTINCT reason FROM quarantine WHERE stage = 'load' AND reason LIKE 'articles.%'") == [
        ("articles.range(published_date)",)]
    assert report.quarantined["articles.range(published_date)"] == 2


# --- the record of issue 17, through ingest -------------------------------------------------------

def test_issue_17_record_is_loaded_and_later_loads_go_on(tmp_path: Path) -> None:
    from transforms.ingest import run_ingest

    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    old = {"id": "old", "published": "1975-06-01",
           "text": "US President Gerald Ford met Soviet leader Leonid Brezhnev in Helsinki."}
    epoch = {"id": "epoch", "published": 0, "text": "The United Nations Security Council met in New York."}
    (tmp_path / "a.jsonl").write_text(json.dumps(old) + "\n" + json.dumps(epoch) + "\n", encoding="utf-8")
    cfg = Config(lake=lake, warehouse=wh)
    run_ingest([str(tmp_path / "a.jsonl")], lake=lake, config=cfg, progress=False, now=NOW)
    run_load(lake, wh, cfg, progress=False)
    got = dict(_query(wh, "SELECT article_id, published_date FROM articles"))
    assert got == {"old": dt.date(1975, 6, 1), "epoch": NOW.date()}  # 0 is no date: the run time, flagged
    new = {"id": "new", "published": "2026-03-01", "text": "Turkish police arrested protesters in Istanbul."}
    (tmp_path / "b.jsonl").write_text(json.dumps(new) + "\n", encoding="utf-8")
    run_ingest([str(tmp_path / "b.jsonl")], lake=lake, config=cfg, progress=False, now=NOW)
    report = run_load(lake, wh, cfg, progress=False)
    assert report.rows["articles"] == 1 and not report.rows_quarantined
    assert {r[0] for r in _query(wh, "SELECT article_id FROM articles")} == {"old", "epoch", "new"}


# --- row-level failures are quarantined ----------------------------------------------------------

def _unknown_code(arts: Rows, ments: Rows) -> None:
    ments[0]["event_code"] = "0999"


def _quad_disagrees(arts: Rows, ments: Rows) -> None:
    ments[0]["quad_class"] = 4  # 040 is verbal cooperation
    ments[0]["goldstein_scale"] = -10.0


def _orphan(arts: Rows, ments: Rows) -> None:
    ments[0]["article_id"] = "nowhere"


def _duplicate_id(arts: Rows, ments: Rows) -> None:
    ments[1]["mention_id"] = ments[0]["mention_id"]


def _duplicate_article_across_days(arts: Rows, ments: Rows) -> None:
    arts.append(article_row("g0", BAD, text="Another text under a loaded id."))


def _confidence_out_of_range(arts: Rows, ments: Rows) -> None:
    ments[0]["confidence"] = 1.5


def _dangling_near_duplicate(arts: Rows, ments: Rows) -> None:
    arts[1]["duplicate_of"] = "never-loaded"


CASES: dict[str, tuple[Callable[[Rows, Rows], None], str, str | tuple[str, ...]]] = {
    "unknown code": (_unknown_code, "event_mentions.relationships(event_code -> cameo_event_codes.code)", "b0"),
    "quad and goldstein disagree": (_quad_disagrees, "event_mentions.codes_agree_with_codebook", "b0"),
    "orphan mention": (_orphan, "event_mentions.relationships(article_id -> articles.article_id)", "nowhere"),
    "duplicate mention id": (_duplicate_id, "event_mentions.unique(mention_id)", ("b0", "b1")),  # either copy
    "duplicate article id across days": (_duplicate_article_across_days, "articles.unique(article_id)", "g0"),
    "confidence out of range": (_confidence_out_of_range, "event_mentions.range(confidence)", "b0"),
    "near-duplicate of nothing": (_dangling_near_duplicate, "articles.relationships(duplicate_of -> "
                                  "articles.article_id)", "b1"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_failing_row_is_quarantined_and_the_load_goes_on(case: str, tmp_path: Path) -> None:
    spoil, reason, culprit = CASES[case]
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    _good_day(lake)
    run_load(lake, wh, Config(), progress=False)
    arts = [article_row("b0", BAD), article_row("b1", BAD)]
    ments = [mention_row("b0", BAD, "040", "USAGOV", "RUSGOV"), mention_row("b1", BAD, "190", "RUSMIL", "UKRMIL")]
    spoil(arts, ments)
    write_day(lake, BAD, arts, ments)

    report = run_load(lake, wh, Config(), progress=False)  # does not raise
    assert report.quarantined.get(reason, 0) >= 1, report.quarantined
    assert f"quarantined ({reason}" in report.summary() or f", {reason} " in report.summary()
    rows = _query(wh, "SELECT reason, input_name, decode(raw_record) FROM quarantine WHERE stage = 'load'")
    culprits = culprit if isinstance(culprit, tuple) else (culprit,)
    assert any(r[0] == reason and r[1].endswith(f"day={BAD}") and json.loads(r[2]).get("article_id") in culprits
               for r in rows), rows
    loaded = {r[0] for r in _query(wh, "SELECT article_id FROM articles")}
    assert {"g0", "b0", "b1"} <= loaded or case == "near-duplicate of nothing"
    assert _query(wh, "SELECT count(*) FROM events WHERE day = DATE '2021-05-01'") == [(1,)]
    assert snapshot_path(wh).exists()
    assert (tmp_path / "w.quality-report.txt").read_text().startswith("data-quality: ")

    _good_day(lake, LATER, "l")  # a later load is not blocked by the quarantined row
    later = run_load(lake, wh, Config(), progress=False)
    assert later.rows["articles"] == 1 and later.rows_quarantined == 0
    fresh = tmp_path / "fresh.duckdb"  # and the warehouse is what one load of the same lake gives
    run_load(lake, fresh, Config(), progress=False)
    assert _sums(wh) == _sums(fresh)
    forced = run_load(lake, wh, Config(), force=True, progress=False)
    assert forced.rows_quarantined == report.rows_quarantined
    assert _sums(wh) == _sums(fresh)


def test_rows_dated_outside_the_range_are_quarantined(tmp_path: Path) -> None:
    """An old lake (written before the shared rule) with an 1800 partition: quarantined, not blocking."""
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    old = dt.date(1800, 1, 2)
    _good_day(lake)
    write_day(lake, old, [article_row("o0", old)], [mention_row("o0", old, "040", "USAGOV", "VNMGOV")])
    report = run_load(lake, wh, Config(), progress=False)
    assert report.quarantined == {"articles.range(published_date)": 1,
                                  "event_mentions.relationships(article_id -> articles.article_id)": 1}
    assert _query(wh, "SELECT article_id FROM articles") == [("g0",)]
    assert _query(wh, "SELECT count(*) FROM event_mentions") == [(1,)]


def test_fixing_a_partition_releases_its_quarantine(tmp_path: Path) -> None:
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    arts = [article_row("b0", BAD)]
    write_day(lake, BAD, arts, [mention_row("b0", BAD, "040", "USAGOV", "RUSGOV", confidence=7.0)])
    assert run_load(lake, wh, Config(), progress=False).rows_quarantined == 1
    assert _query(wh, "SELECT count(*) FROM quarantine") == [(1,)]
    time.sleep(0.01)  # a re-written file has a new mtime (its fingerprint)
    write_day(lake, BAD, arts, [mention_row("b0", BAD, "040", "USAGOV", "RUSGOV")])  # re-extracted, fixed
    report = run_load(lake, wh, Config(), progress=False)
    assert report.rows_quarantined == 0
    assert _query(wh, "SELECT count(*) FROM quarantine") == [(0,)]
    assert _query(wh, "SELECT count(*) FROM events") == [(1,)]


def test_exact_copies_are_dropped_not_quarantined(tmp_path: Path) -> None:
    """A crashed ingest may take an article twice (two files, two run ids): one copy is loaded."""
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    for run in ("run-1", "run-2"):
        write_day(lake, GOOD, [article_row("g0", GOOD, ingest_run_id=run)],
                  [mention_row("g0", GOOD, "040", "USAGOV", "RUSGOV")], name=run)
    report = run_load(lake, wh, Config(), progress=False)
    assert report.duplicates_dropped == 2 and report.rows_quarantined == 0
    assert "2 exact duplicate rows not loaded twice" in report.summary()
    assert _query(wh, "SELECT article_id, ingest_run_id FROM articles") == [("g0", "run-1")]  # the first ingested
    assert _query(wh, "SELECT count(*) FROM event_mentions") == [(1,)]
    assert _query(wh, "SELECT count(*) FROM quarantine") == [(0,)]


def test_most_rows_of_a_partition_failing_stops_the_load_with_advice(tmp_path: Path) -> None:
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    _good_day(lake)
    run_load(lake, wh, Config(), progress=False)
    before = _sums(wh)
    n = SYSTEMIC_MIN_ROWS + 5
    arts = [article_row(f"b{i}", BAD) for i in range(n)]
    ments = [{**mention_row(f"b{i}", BAD, "040", "USAGOV", "RUSGOV"), "event_code": "0999"} for i in range(n)]
    write_day(lake, BAD, arts, ments)
    with pytest.raises(QualityError) as err:
        run_load(lake, wh, Config(), progress=False)
    message = str(err.value)
    assert message.startswith(f"data-quality checks failed for most rows of event_mentions day={BAD} ({n} of {n} rows")
    assert "systemic problem" in message and "nothing was committed" in message
    assert f"evw extract --force --start {BAD} --end {BAD}" in message and "run `evw load` again" in message
    assert _sums(wh) == before
    assert (tmp_path / "w.quality-report.txt").read_text().startswith("data-quality checks failed for most rows")
    for table in ("articles", "event_mentions"):  # what the message says: move the files out of the lake
        for f in lakeio.partition_dir(lake, table, BAD).iterdir():
            f.unlink()
    assert run_load(lake, wh, Config(), progress=False).rows_quarantined == 0


def test_a_small_partition_failing_entirely_is_not_systemic(tmp_path: Path) -> None:
    """One bad record is a whole partition of its own when it is the only one that day: quarantined."""
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    n = SYSTEMIC_MIN_ROWS - 1
    write_day(lake, BAD, [article_row(f"b{i}", BAD) for i in range(n)],
              [mention_row(f"b{i}", BAD, "040", "USAGOV", "RUSGOV", confidence=2.0) for i in range(n)])
    report = run_load(lake, wh, Config(), progress=False)
    assert report.quarantined == {"event_mentions.range(confidence)": n}


def test_a_file_of_another_schema_is_still_systemic(tmp_path: Path) -> None:
    import pyarrow as pa

    from warehouse.load import LoadError

    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    _good_day(lake)
    bad = lakeio.partition_dir(lake, "event_mentions", GOOD) / "x.parquet"
    lakeio.write_atomic(pa.table({"mention_id": ["x"]}), bad)
    with pytest.raises(LoadError, match=r"x\.parquet does not match the event_mentions schema.*remove the file"):
        run_load(lake, wh, Config(), progress=False)
    bad.write_bytes(b"PAR1 torn")
    with pytest.raises(LoadError, match=r"x\.parquet cannot be read .*move the file out of the lake"):
        run_load(lake, wh, Config(), progress=False)


# --- stale temporary files --------------------------------------------------------------------------

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_load_removes_temp_files_of_a_killed_publish_only(tmp_path: Path) -> None:
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    _good_day(lake)
    snap = snapshot_path(wh)
    dead = tmp_path / f".{snap.name}.{lakeio.HOST_TAG}-{_dead_pid()}-1-{'a' * 12}.tmp"
    live = lakeio.temp_path(snap)  # this process: alive
    for f in (dead, live):
        f.write_bytes(b"half a snapshot")
        os.utime(f, (time.time() - 60, time.time() - 60))
    run_load(lake, wh, Config(), progress=False)
    assert not dead.exists() and live.exists()
    assert snap.exists()
