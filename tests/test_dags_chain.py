"""The DAG chain run by Airflow itself (`evw demo`: dag.test() on SQLite) on the sample articles:
rows land in the warehouse, Airflow recorded the runs, and a second run of the same logical
interval leaves the warehouse as it was."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "transforms" / "data" / "sample_articles.jsonl"
LOGICAL_DATE = "2026-01-05T06:00:00+00:00"
#: Tables whose contents must not change when the same interval runs again (ingest_runs records runs).
STABLE_TABLES = ("articles", "event_mentions", "events", "quarantine", "daily_dyad_counts", "top_dyads")


def run_demo(tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVW_", "AIRFLOW"))}
    env["COLUMNS"] = "120"
    return subprocess.run(
        [str(Path(sys.executable).parent / "evw"), "demo", "--data", str(tmp / "data"),
         "--airflow-home", str(tmp / "airflow_home"), "--logical-date", LOGICAL_DATE],
        cwd=tmp, env=env, capture_output=True, text=True, timeout=900)


def coder_fingerprints(lake: Path) -> set[str]:
    """The coder fingerprints stamped on the lake's mention files."""
    import pyarrow.parquet as pq

    found = set()
    for path in (lake / "event_mentions").rglob("*.parquet"):
        meta = pq.ParquetFile(path).schema_arrow.metadata or {}
        found.add(meta.get(b"evw.coder_fingerprint", b"?").decode())
    return found


def contents(warehouse: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {t: con.sql(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in STABLE_TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    tmp = tmp_path_factory.mktemp("chain")
    return tmp, run_demo(tmp)


def test_chain_through_airflow_fills_the_warehouse(first_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    tmp, proc = first_run
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for dag_id in ("news_ingest", "event_extract", "warehouse_load"):
        assert f"{dag_id}: success" in proc.stdout
    assert "Events by CAMEO root" in proc.stdout and "Top dyads" in proc.stdout and "evw query" in proc.stdout
    report = tmp / "data" / "report.html"  # `make demo` ends with the charts page
    assert "report.html" in proc.stdout and report.is_file() and b"plotly" in report.read_bytes()[:200_000]

    airflow_db = sqlite3.connect(tmp / "airflow_home" / "airflow.db")
    runs = airflow_db.execute("SELECT dag_id, state FROM dag_run ORDER BY dag_id").fetchall()
    assert runs == [("event_extract", "success"), ("news_ingest", "success"), ("warehouse_load", "success")]
    pools = airflow_db.execute("SELECT slots FROM slot_pool WHERE pool = 'duckdb_writer'").fetchall()
    assert pools == [(1,)]

    n_samples = sum(1 for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip())
    warehouse = tmp / "data" / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        articles, quarantined = con.sql("SELECT (SELECT count(*) FROM articles), "
                                        "(SELECT count(*) FROM quarantine)").fetchall()[0]
        assert articles > 0 and articles + quarantined <= n_samples
        mentions = con.sql("SELECT count(*), count(DISTINCT article_id) FROM event_mentions").fetchall()[0]
        assert mentions[0] >= articles // 2 and mentions[1] > 1
        unknown = con.sql("SELECT count(*) FROM event_mentions m ANTI JOIN cameo_event_codes c "
                          "ON c.code = m.event_code").fetchall()[0][0]
        assert unknown == 0
        assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] > 0
        run = con.sql("SELECT records_read, accepted FROM ingest_runs").fetchall()
        assert run == [(n_samples, articles)]
    finally:
        con.close()
    assert (tmp / "data" / "warehouse.snapshot.duckdb").is_file()


def test_same_interval_twice_leaves_the_same_warehouse(
        first_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    tmp, proc = first_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    warehouse = tmp / "data" / "warehouse.duckdb"
    before, coded_by = contents(warehouse), coder_fingerprints(tmp / "data" / "lake")
    again = run_demo(tmp)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    after, recoded_by = contents(warehouse), coder_fingerprints(tmp / "data" / "lake")
    assert recoded_by == coded_by, (
        f"the coder's dictionaries or settings changed while this test ran (fingerprint {coded_by} -> "
        f"{recoded_by}), so the second run rightly re-coded; rerun the test")
    for table in STABLE_TABLES:
        assert after[table] == before[table], f"{table} changed on the second run of the same interval"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        runs = con.sql("SELECT records_read, accepted, duplicates FROM ingest_runs ORDER BY started_at").fetchall()
    finally:
        con.close()
    assert len(runs) == 2 and runs[1][1] == 0 and runs[1][2] == runs[0][1], json.dumps(runs)


SHARD_FAILURE = """
import datetime as dt, json, sys
from pathlib import Path
from warehouse.airflow_local import activate, dags_folder, prepare
activate(Path(sys.argv[1]), quiet=True)
prepare()
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=str(dags_folder()))
when = dt.datetime(2026, 1, 6, tzinfo=dt.UTC)
ingest = bag.dags["news_ingest"].test(logical_date=when, run_conf={"inputs": [sys.argv[2]]})
broken = Path(sys.argv[3])
broken.parent.mkdir(parents=True)
broken.write_bytes(b"this is not a parquet file")
run = bag.dags["event_extract"].test(logical_date=when)
states = {f"{ti.task_id}[{ti.map_index}]": str(ti.state) for ti in run.get_task_instances()}
print(json.dumps({"ingest": str(ingest.state), "extract": str(run.state), "states": states}))
"""


def test_a_failed_shard_does_not_lose_the_others(tmp_path: Path) -> None:
    lines = [line for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()][:3]
    (tmp_path / "three.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "evw.toml").write_text(
        '[paths]\nlake = "lake"\nwarehouse = "wh.duckdb"\n[airflow]\nshard_articles = 1\ntask_retries = 0\n',
        encoding="utf-8")
    lake = tmp_path / "lake"
    broken = lake / "articles" / "day=1999-12-31" / "broken.parquet"  # sorts first: shard 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVW_", "AIRFLOW"))}
    env["EVW_CONFIG"] = str(tmp_path / "evw.toml")
    proc = subprocess.run([sys.executable, "-c", SHARD_FAILURE, str(tmp_path / "airflow_home"),
                           str(tmp_path / "three.jsonl"), str(broken)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["ingest"] == "success"
    assert result["extract"] == "failed"  # the run says something went wrong ...
    states = result["states"]
    assert states.pop("extract_shard[0]") == "failed"
    assert states.pop("verify[-1]") == "failed"
    assert states.pop("collect[-1]") == "success"  # ... after publishing what succeeded
    assert states.pop("plan[-1]") == "success"
    assert set(states) == {"extract_shard[1]", "extract_shard[2]", "extract_shard[3]"}
    assert set(states.values()) == {"success"}
    good = sorted(p.relative_to(lake / "articles") for p in (lake / "articles").rglob("*.parquet") if p != broken)
    coded = sorted(p.relative_to(lake / "event_mentions") for p in (lake / "event_mentions").rglob("*.parquet"))
    assert len(good) == 3 and coded == good
    airflow_db = sqlite3.connect(tmp_path / "airflow_home" / "airflow.db")
    events = airflow_db.execute("SELECT count(*) FROM asset_event e JOIN asset a ON a.id = e.asset_id "
                                "WHERE a.name = 'event_mentions'").fetchall()
    assert events == [(1,)]
