"""Exports: one day of events in the GDELT 2.0 Event format, and the marts as Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from schemas.codebook import lookup
from transforms.config import Config
from warehouse.export import GDELT_COLUMNS, ExportError, export_gdelt, export_parquet
from warehouse.load import run_load
from warehouse.synthetic import article_row, mention_row, write_day

DAY = dt.date(2016, 2, 29)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("export")
    write_day(tmp / "lake", DAY, [article_row("e0", DAY, url="https://a.example/x\ty"), article_row("e1", DAY)], [
        mention_row("e0", DAY, "0874", "DEUGOV", "SYRGOV", sentence_index=0,
                    action_geo_country_code="SYR", action_geo_type=4, action_geo_fullname="Aleppo, Syria",
                    action_geo_lat=36.20124, action_geo_long=37.16117, action_geo_feature_id="170063",
                    action_geo_is_fallback=False),
        mention_row("e1", DAY, "190", "RUSMIL", None, sentence_index=3),
    ])
    run_load(tmp / "lake", tmp / "w.duckdb", Config(), progress=False)
    return tmp / "w.duckdb"


def test_gdelt_column_names_follow_the_codebook() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:6] == ("global_event_id", "day", "month_year", "year", "fraction_date", "actor1_code")
    assert GDELT_COLUMNS[25:35] == ("is_root_event", "event_code", "event_base_code", "event_root_code",
                                    "quad_class", "goldstein_scale", "num_mentions", "num_sources", "num_articles",
                                    "avg_tone")
    assert GDELT_COLUMNS[-2:] == ("date_added", "source_url")
    codebook = SHARED / "cameo" / "gdelt-event-codebook-v2.md"
    if codebook.exists():  # every name is the codebook's field name in snake_case
        text = codebook.read_text(encoding="utf-8").replace("\\_", "_").lower().replace("_", "")
        for col in GDELT_COLUMNS:  # Actor2 and Action fields are documented as repeats of Actor1's
            name = col.replace("actor2", "actor1").replace("action_geo", "actor1_geo")
            assert name.replace("_", "") in text, col


def test_gdelt_export_format(warehouse: Path, tmp_path: Path) -> None:
    path, n = export_gdelt(warehouse, DAY, tmp_path / "out.csv")
    assert n == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [len(r) for r in rows] == [61, 61]
    by_code = {r[26]: dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows}
    aid = by_code["0874"]
    assert (aid["day"], aid["month_year"], aid["year"], aid["fraction_date"]) == ("20160229", "201602", "2016",
                                                                                  f"{2016 + (2 * 30 + 29) / 365:.4f}")
    assert (aid["actor1_code"], aid["actor1_country_code"], aid["actor1_type1_code"]) == ("DEUGOV", "DEU", "GOV")
    assert (aid["event_base_code"], aid["event_root_code"], aid["quad_class"]) == ("087", "08", "2")
    assert float(aid["goldstein_scale"]) == pytest.approx(lookup("0874").goldstein)
    assert (aid["is_root_event"], aid["num_mentions"], aid["num_sources"], aid["num_articles"]) == ("1", "1", "1", "1")
    assert aid["action_geo_type"] == "4" and aid["action_geo_fullname"] == "Aleppo, Syria"
    assert aid["action_geo_country_code"] == "SY"  # FIPS 10-4, as GDELT writes it
    assert (aid["action_geo_lat"], aid["action_geo_long"], aid["action_geo_feature_id"]) == ("36.2012", "37.1612",
                                                                                            "170063")
    assert aid["date_added"] == "20160301060000" and aid["source_url"] == "https://a.example/x y"
    assert aid["avg_tone"] == "" and aid["actor1_ethnic_code"] == ""
    attack = by_code["190"]
    assert attack["actor2_code"] == "" and attack["is_root_event"] == "0"
    assert attack["action_geo_country_code"] == "RS"  # Russia in FIPS
    assert [int(r[0]) for r in rows] == sorted(int(r[0]) for r in rows)


def test_parquet_export_of_marts(warehouse: Path, tmp_path: Path) -> None:
    files = export_parquet(warehouse, tmp_path / "marts")
    assert {f.stem for f in files} >= {"daily_dyad_counts", "top_dyads", "events_one_a_day"}
    dyads = pq.read_table(tmp_path / "marts" / "daily_dyad_counts.parquet").to_pylist()
    assert [(r["actor1_country_code"], r["actor2_country_code"], r["events"]) for r in dyads] == [("DEU", "SYR", 1)]
    with pytest.raises(ExportError, match="unknown mart"):
        export_parquet(warehouse, tmp_path / "m2", ["nope"])


def test_cli_export_commands(warehouse: Path, tmp_path: Path) -> None:
    evw = [sys.executable, "-c", "from warehouse.cli import main; main()"]
    out = tmp_path / "day.csv"
    done = subprocess.run([*evw, "export", "gdelt", "--day", DAY.isoformat(), "--warehouse", str(warehouse),
                           "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "wrote 2 events" in done.stdout and len(out.read_text().splitlines()) == 2
    done = subprocess.run([*evw, "export", "gdelt", "--warehouse", str(warehouse)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0 and "--day" in done.stderr
    done = subprocess.run([*evw, "export", "parquet", "--warehouse", str(warehouse), "--out", str(tmp_path / "m")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "m" / "top_dyads.parquet").exists()
