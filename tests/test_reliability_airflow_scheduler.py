"""Issue 17, Airflow side, for real: the first `make airflow` after `make demo` runs tasks.

Exactly the user's sequence, with nothing set by hand: `evw demo` (dag.test) on a fresh
AIRFLOW_HOME, then `python -m warehouse.airflow_local serve` (what `make airflow` runs) starts the API
server, scheduler and dag-processor at the same moment, then a run of news_ingest triggered over the
REST API must flow through event_extract into warehouse_load. No JWT secret, API secret key or
Fernet key is put in the environment: the components must share the ones written once into
airflow_home/airflow.cfg (before, each generated its own: `Invalid auth token`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from test_airflow_scheduler import BIN, DAG_IDS, PASSWORD, USER, free_port, our_pids, wait_for, workspace

from warehouse.airflow_local import SECRETS

pytestmark = [pytest.mark.scheduler, pytest.mark.slow, pytest.mark.timeout(600)]

HANG_GUARD = 420.0  # a hang guard, not a speed target
#: New articles for the triggered run (the demo has ingested the sample articles already).
NEW = [{"id": f"new-{i}", "published": "2026-01-05T08:00:00Z", "title": title, "text": text} for i, (title, text) in
       enumerate([("Biden meets Macron", "US President Joe Biden met French President Emmanuel Macron in Paris."),
                  ("Raids in Istanbul", "Turkish police arrested dozens of protesters in Istanbul on Sunday."),
                  ("Talks in Geneva", "Russian Foreign Minister Sergei Lavrov met US Secretary of State Antony "
                                      "Blinken in Geneva.")])]


@pytest.fixture
def after_demo(tmp_path: Path) -> Iterator[dict[str, Any]]:
    home, port = tmp_path / "airflow_home", free_port()
    base, test_env = workspace(tmp_path, home, "".join(json.dumps(a) + "\n" for a in NEW))
    env = {**base, **test_env}  # no secrets: `evw demo` must write them (the fix under test)
    assert not set(SECRETS.values()) & set(env)
    started = time.monotonic()
    # `make demo` then `make airflow`: the same data folder and AIRFLOW_HOME
    demo = subprocess.run([str(BIN / "evw"), "demo", "--data", str(tmp_path / "data"), "--airflow-home",
                           str(home)], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    assert (home / "airflow.cfg").is_file(), "evw demo must leave the shared secrets in airflow_home/airflow.cfg"
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed in teardown
    serve = subprocess.Popen([str(BIN / "python"), "-m", "warehouse.airflow_local", "serve", "--home", str(home),
                              "--port", str(port)], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "tmp": tmp_path, "home": home, "serve": serve, "started": started}
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGTERM)  # serve stops its components itself
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait(timeout=10)
        for pid in our_pids(home, {serve.pid}):
            os.kill(pid, signal.SIGKILL)
        log.close()
        time.sleep(0.5)
        assert our_pids(home, {serve.pid}) == [], "Airflow processes survived the shutdown"


def test_first_make_airflow_after_demo_runs_a_triggered_chain(after_demo: dict[str, Any]) -> None:
    url, tmp = after_demo["url"], after_demo["tmp"]
    deadline = after_demo["started"] + HANG_GUARD
    client = httpx.Client(base_url=url, timeout=30)
    wait_for("the API server", lambda: client.get("/api/v2/monitor/health").status_code == 200, deadline, tmp)
    token = client.post("/auth/token", json={"username": USER, "password": PASSWORD})
    assert token.status_code == 201, token.text
    client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    wait_for("the dag-processor to parse the three DAGs",
             lambda: all(client.get(f"/api/v2/dags/{d}").status_code == 200 for d in DAG_IDS), deadline, tmp)
    for dag_id in DAG_IDS:  # whatever the demo left them as; SQLite may be busy (500 "database is locked")
        wait_for(f"unpausing {dag_id}",
                 lambda d=dag_id: client.patch(f"/api/v2/dags/{d}", json={"is_paused": False}).status_code == 200,
                 deadline, tmp)
    trigger = client.post("/api/v2/dags/news_ingest/dagRuns", json={"logical_date": None, "conf": {}})
    assert trigger.status_code == 200, trigger.text
    triggered_at = trigger.json()["queued_at"]

    def loaded() -> bool:
        runs = client.get("/api/v2/dags/~/dagRuns", params={"limit": 100}).json().get("dag_runs", [])
        failed = [r for r in runs if r["state"] == "failed"]  # the demo's leftover asset events included
        assert not failed, f"runs failed: {failed}"
        return any(r["dag_id"] == "warehouse_load" and r["state"] == "success" and (r["queued_at"] or "") > triggered_at
                   and r["run_type"] == "asset_triggered" for r in runs) and _articles(tmp) == 32 + len(NEW)

    wait_for("the triggered chain to load the warehouse", loaded, deadline, tmp)
    log = (tmp / "serve.log").read_text(errors="replace")
    assert "Signature verification failed" not in log and "Invalid auth token" not in log
    con = duckdb.connect(str(tmp / "data" / "warehouse.snapshot.duckdb"), read_only=True)
    try:
        assert con.sql("SELECT count(*) FROM event_mentions WHERE article_id LIKE 'new-%'").fetchall()[0][0] > 0
    finally:
        con.close()


def _articles(tmp: Path) -> int:
    """Articles in the published snapshot (never the live file a load may hold open)."""
    snap = tmp / "data" / "warehouse.snapshot.duckdb"
    if not snap.exists():
        return 0
    con = duckdb.connect(str(snap), read_only=True)
    try:
        return int(con.sql("SELECT count(*) FROM articles").fetchall()[0][0])
    finally:
        con.close()
