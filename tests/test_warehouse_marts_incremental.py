"""Marts refreshed period by period after an incremental load equal marts built from scratch.

A load that touches a few days redoes only the days, weeks and months containing them in the marts
that declare a period (`-- period:`); marts without one, a changed model, a changed codebook or a
full load rebuild in full. Checked by comparing every mart's checksum after a sequence of
incremental loads (a day replaced, a day added, a day removed) with a fresh load of the final lake.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import duckdb
import pytest

from transforms.config import Config
from transforms.lake import partition_dir
from warehouse import models
from warehouse.checksum import checksums
from warehouse.load import run_load
from warehouse.synthetic import article_row, mention_row, write_day

# Sunday 28 Jan .. Tuesday 6 Feb 2024: crosses a month and two week boundaries
DAYS = [dt.date(2024, 1, 28) + dt.timedelta(days=i) for i in range(10)]
ACTORS = ["USAGOV", "RUSGOV", "UKRMIL", "CHNGOV", "FRA"]
CODES = ["040", "190", "036", "120", "0874"]


def _write(lake: Path, day: dt.date, seed: int) -> None:
    rng = random.Random(seed)
    arts = [article_row(f"{day:%m%d}-{seed}-{i}", day) for i in range(6)]
    ments = {}
    for _ in range(25):
        row = mention_row(rng.choice(arts)["article_id"], day, rng.choice(CODES), rng.choice(ACTORS),
                          rng.choice([*ACTORS, None]), sentence_index=rng.randrange(5))
        ments[row["mention_id"]] = row
    write_day(lake, day, arts, list(ments.values()))


def _mart_sums(warehouse: Path) -> dict[str, tuple[int, str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return checksums(con, ["events", *(m.name for m in models.marts())])
    finally:
        con.close()


@pytest.fixture(scope="module")
def reloaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("marts_incr")
    lake, wh = tmp / "lake", tmp / "w.duckdb"
    for i, day in enumerate(DAYS[:-1]):
        _write(lake, day, i)
    first = run_load(lake, wh, Config(), progress=False)
    _write(lake, DAYS[3], 100)  # Wednesday 31 Jan re-extracted with other mentions
    _write(lake, DAYS[-1], 101)  # a new day, Tuesday 6 Feb
    for table in ("event_mentions", "articles"):  # Friday 2 Feb withdrawn from the lake
        for f in partition_dir(lake, table, DAYS[5]).glob("*.parquet"):
            f.unlink()
    second = run_load(lake, wh, Config(), progress=False)
    run_load(lake, tmp / "fresh.duckdb", Config(), progress=False)
    return {"first": first, "second": second, "incremental": _mart_sums(wh),
            "fresh": _mart_sums(tmp / "fresh.duckdb"), "dir": tmp}


def test_first_load_builds_every_mart_in_full(reloaded: dict[str, object]) -> None:
    first = reloaded["first"]
    assert all(how in ("full", "view") for how in first.marts.values())  # type: ignore[attr-defined]


def test_incremental_load_refreshes_periods_only(reloaded: dict[str, object]) -> None:
    marts = reloaded["second"].marts  # type: ignore[attr-defined]
    assert marts["daily_dyad_counts"] == marts["monthly_dyad_goldstein"] == marts["event_type_trends"] == "periods"
    assert marts["top_dyads"] == "full"  # a ranking over all time has no period


def test_refreshed_marts_equal_a_fresh_build(reloaded: dict[str, object]) -> None:
    incremental, fresh = reloaded["incremental"], reloaded["fresh"]
    assert isinstance(incremental, dict) and isinstance(fresh, dict)
    assert incremental["daily_dyad_counts"][0] > 20
    assert incremental == fresh


def test_changed_model_sql_is_rebuilt_in_full(reloaded: dict[str, object]) -> None:
    tmp = reloaded["dir"]
    assert isinstance(tmp, Path)
    con = duckdb.connect(str(tmp / "w.duckdb"))
    try:  # as if daily_dyad_counts had been built by an older version of its SQL
        con.execute(f"COMMENT ON TABLE daily_dyad_counts IS '{models.SQL_COMMENT}0123456789abcdef'")
    finally:
        con.close()
    _write(tmp / "lake", DAYS[1], 200)
    report = run_load(tmp / "lake", tmp / "w.duckdb", Config(), progress=False)
    assert report.marts["daily_dyad_counts"] == "full"
    assert report.marts["country_quad_daily"] == "periods"
    run_load(tmp / "lake", tmp / "fresh2.duckdb", Config(), progress=False)
    assert _mart_sums(tmp / "w.duckdb") == _mart_sums(tmp / "fresh2.duckdb")
