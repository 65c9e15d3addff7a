"""The DAG files as Airflow's DagBag sees them: ids, schedules, assets, tags, retries, pool, speed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
DAGS = REPO / "dags"
DAG_IDS = {"news_ingest", "event_extract", "warehouse_load"}

if "airflow" not in sys.modules:  # Airflow reads its configuration once, at first import
    os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="evw-dagbag-"))
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"


def _bag(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, config: str = "", **env: str) -> Any:
    from airflow.dag_processing.dagbag import DagBag

    (tmp_path / "evw.toml").write_text(config, encoding="utf-8")
    monkeypatch.setenv("EVW_CONFIG", str(tmp_path / "evw.toml"))
    for name in ("EVW_SCHEDULE", "AIRFLOW_VAR_EVW_SCHEDULE", "EVW_LAKE", "AIRFLOW_VAR_EVW_LAKE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return DagBag(dag_folder=str(DAGS))


@pytest.fixture
def bag(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    return _bag(monkeypatch, tmp_path, '[paths]\nlake = "lake"\nwarehouse = "wh.duckdb"\n')


def test_no_import_errors_and_three_dags(bag: Any) -> None:
    assert bag.import_errors == {}
    assert set(bag.dag_ids) == DAG_IDS


def test_schedules_follow_the_data(bag: Any, tmp_path: Path) -> None:
    ingest, extract, load = (bag.dags[d] for d in ("news_ingest", "event_extract", "warehouse_load"))
    assert ingest.schedule == "@hourly"  # the default
    assert [a.uri for a in extract.schedule] == [
        (tmp_path / "lake" / "articles").as_uri()]
    assert [a.name for a in load.schedule] == ["event_mentions"]
    outlets = {t.task_id: [a.name for a in t.outlets] for d in bag.dags.values() for t in d.tasks if t.outlets}
    assert outlets == {"ingest": ["articles"], "collect": ["event_mentions"], "load": ["warehouse"]}
    for dag in bag.dags.values():
        assert dag.max_active_runs == 1 and not dag.catchup
        assert "evw" in dag.tags and len(dag.tags) == 2
        assert dag.dagrun_timeout is not None


def test_schedule_and_assets_come_from_the_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bag = _bag(monkeypatch, tmp_path, '[paths]\nlake = "elsewhere"\n[airflow]\nschedule = "*/20 * * * *"\n')
    assert bag.dags["news_ingest"].schedule == "*/20 * * * *"
    extract = bag.dags["event_extract"]
    assert [a.uri for a in extract.schedule] == [
        (tmp_path / "elsewhere" / "articles").as_uri()]
    bag = _bag(monkeypatch, tmp_path, "", AIRFLOW_VAR_EVW_SCHEDULE="none")
    assert bag.dags["news_ingest"].schedule is None


def test_retries_backoff_timeouts_and_pool(bag: Any) -> None:
    tasks = {t.task_id: t for d in bag.dags.values() for t in d.tasks}
    ingest = tasks["ingest"]
    assert ingest.retries == 3 and ingest.retry_exponential_backoff == 2.0
    assert ingest.max_retry_delay is not None and ingest.max_retry_delay.total_seconds() == 1800
    for task in tasks.values():
        assert task.retries == (3 if task.task_id == "ingest" else 1), task.task_id
        assert task.execution_timeout is not None and task.retry_exponential_backoff == 2.0, task.task_id
        assert task.on_failure_callback, task.task_id
    assert tasks["load"].pool == "duckdb_writer" and tasks["load"].pool_slots == 1
    assert tasks["load"].queue == "default"
    assert {t.pool for t in tasks.values() if t.task_id != "load"} == {"default_pool"}
    assert tasks["extract_shard"].max_active_tis_per_dagrun == 2
    assert tasks["collect"].trigger_rule == "all_done_min_one_success"


def test_params_for_backfill_and_reprocessing(bag: Any) -> None:
    assert set(bag.dags["event_extract"].params) == {"start", "end", "force"}
    assert set(bag.dags["warehouse_load"].params) == {"force"}
    assert set(bag.dags["news_ingest"].params) == {"inputs", "sources"}
    params = bag.dags["event_extract"].params
    assert params["force"] is False and params["start"] is None


PARSE_PROBE = """
import json, sys, time
import airflow.sdk, transforms.config  # what the DAG processor has loaded already
from airflow.dag_processing.dagbag import DagBag
out = {}
for path in sys.argv[1:]:
    before = set(sys.modules)
    t = time.perf_counter()
    bag = DagBag(dag_folder=path)
    seconds = time.perf_counter() - t
    heavy = sorted(m for m in set(sys.modules) - before
                   if m.split(".")[0] in ("spacy", "duckdb", "pyarrow", "thinc", "pandas")
                   or m in ("transforms.ingest", "transforms.extract", "warehouse.load"))
    out[path] = {"seconds": seconds, "errors": list(bag.import_errors), "dags": bag.dag_ids, "heavy": heavy}
print(json.dumps(out))
"""


def test_each_dag_file_parses_fast_without_heavy_imports(tmp_path: Path) -> None:
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "EVW_CONFIG": str(tmp_path / "evw.toml")}
    (tmp_path / "evw.toml").write_text("", encoding="utf-8")
    files = [str(DAGS / f"{name}.py") for name in sorted(DAG_IDS)]
    out = subprocess.run([sys.executable, "-c", PARSE_PROBE, *files], env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    probes = json.loads(out.stdout.strip().splitlines()[-1])
    for path, probe in probes.items():
        name = Path(path).stem
        assert probe["errors"] == [] and probe["dags"] == [name]
        assert probe["heavy"] == [], f"{name}.py imports heavy modules at parse time: {probe['heavy']}"
        assert probe["seconds"] < 1.0, f"{name}.py took {probe['seconds']:.2f}s to parse"


def test_dag_files_are_wiring_only() -> None:
    for path in DAGS.glob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) <= 80, f"{path.name} has {len(lines)} lines: move logic to warehouse/orchestration.py"
        assert not any(line.startswith(("import spacy", "import duckdb", "from spacy", "from duckdb"))
                       for line in lines), path.name


def test_json_of_params_is_serialisable(bag: Any) -> None:
    for dag in bag.dags.values():
        json.dumps(dag.params.dump())
