"""Issue 14: the DAG chain on Airflow's CeleryExecutor, for real, on one machine.

A throwaway PostgreSQL cluster (metadata DB + Celery results), a Redis broker, the API server, the
scheduler, the dag-processor and three Celery workers (`default1`, `default2`: queue `default`,
concurrency 2; `duckdb`: queue `duckdb`, concurrency 1, the load) -- the layout of README "Scaling
out", from `warehouse.airflow_local` (tests/celery_stack.py starts it). Real Wikinews articles
(../shared/corpus/) go through news_ingest -> event_extract (mapped shards) -> warehouse_load, and the
warehouse must equal what `evw run` makes of the same input (table checksums). The scenarios share
one stack and one lake, in order; each adds new articles:

1. 200 articles, >= 4 shards: shards on both default workers, the load on the duckdb worker/queue.
2. 40 more: the default worker running the shard is SIGKILLed with all its processes; the shard is
   retried on the other worker and the warehouse is still equal.
3. 40 more: Redis is stopped mid-run for a few seconds and restarted empty; the run recovers or fails
   visibly, a re-trigger completes, nothing lost or loaded twice.
4. Two forced loads triggered at once run one after the other (pool duckdb_writer, 1 slot).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from celery_stack import BIN, CeleryStack, StackError, missing_programs
from test_airflow_scheduler import listening_addresses

from warehouse.checksum import query_checksum

pytestmark = [pytest.mark.celery, pytest.mark.scheduler, pytest.mark.slow, pytest.mark.timeout(600)]

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews-2019-2020.jsonl"
USER, PASSWORD = "evw", "evw-celery-test-password"
DAG_IDS = ("news_ingest", "event_extract", "warehouse_load")
DEFAULT_WORKERS = ("default1", "default2")
#: The input of each scenario: slices of the corpus (new articles every time).
BATCHES = {"chain": (0, 200), "kill": (200, 240), "redis": (240, 280)}
SHARD_ARTICLES = 50  # 200 articles in ~180 day files -> 4-5 shards; 40 articles -> 1 shard
EVW_TOML = f"""[paths]
lake = "data/lake"
warehouse = "data/warehouse.duckdb"

[airflow]
schedule = "none"
shard_articles = {SHARD_ARTICLES}
extract_parallelism = 4   # the four default slots: shards land on both workers
task_retries = 2
retry_delay_seconds = 1
max_retry_delay_seconds = 4
load_queue = "duckdb"
"""
#: Shorter than Airflow's defaults so that the faults are noticed within the test: a task whose
#: worker died is failed (and retried) after 20 s without a heartbeat; a task whose broker message
#: was lost is re-queued after 60 s in `queued`.
AIRFLOW_TUNING = {
    "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
    "AIRFLOW__CORE__PARALLELISM": "8",
    "AIRFLOW__API__WORKERS": "1",
    "AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES": "1",
    "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "20",
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "2",
    "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "60",
    "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT_CHECK_INTERVAL": "5",
}
#: What a warehouse holds, as checksums: run ids, ingest and load times (which differ between any
#: two runs) left out, everything else compared.
CONTENT = {
    "articles": "SELECT * EXCLUDE (ingest_run_id, ingested_at) FROM articles",
    "event_mentions": "SELECT * FROM event_mentions",
    "events": "SELECT * EXCLUDE (date_added) FROM events",
}
HANG_GUARD = 240.0  # per wait; a hang guard, not a speed target
TIMES: dict[str, float] = {}


def content(warehouse: Path) -> dict[str, tuple[int, str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {name: query_checksum(con, sql) for name, sql in CONTENT.items()}
    finally:
        con.close()


def source_fingerprint() -> str:
    """Hash of the code and data the pipeline runs (transforms/, schemas/, warehouse/, dags/)."""
    digest = hashlib.sha256()
    for folder in ("transforms", "schemas", "warehouse", "dags"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def coder_versions(warehouse: Path) -> set[tuple[str, str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {(str(a), str(b)) for a, b in con.execute(
            "SELECT DISTINCT coder_version, dictionary_version FROM event_mentions").fetchall()}
    finally:
        con.close()


class Reference(threading.Thread):
    """`evw run` on each batch in turn, in its own lake and warehouse (same evw.toml apart from the
    folder): the expected content after each scenario. Runs while the stack starts."""

    def __init__(self, root: Path, inputs: dict[str, Path]) -> None:
        super().__init__(daemon=True)
        self.root, self.inputs = root, inputs
        self.results: dict[str, dict[str, tuple[int, str]]] = {}
        self.coders: dict[str, set[tuple[str, str]]] = {}
        self.error: str | None = None
        self.seconds = 0.0
        self.sources = source_fingerprint()
        self.proc: subprocess.Popen[str] | None = None

    def run(self) -> None:
        started = time.monotonic()
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "evw.toml").write_text(EVW_TOML, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("EVW_", "AIRFLOW"))}
        for name, path in self.inputs.items():
            self.proc = subprocess.Popen([str(BIN / "evw"), "run", str(path), "--config", str(self.root / "evw.toml")],
                                         cwd=self.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         text=True)
            out, _ = self.proc.communicate(timeout=400)
            if self.proc.returncode != 0:
                self.error = f"evw run {name} failed:\n{out[-3000:]}"
                return
            self.results[name] = content(self.root / "data" / "warehouse.duckdb")
            self.coders[name] = coder_versions(self.root / "data" / "warehouse.duckdb")
        self.seconds = time.monotonic() - started

    def assert_equal(self, name: str, warehouse: Path) -> None:
        """The warehouse holds what `evw run` made of the same batches (table checksums)."""
        self.join(timeout=400)
        assert self.error is None, self.error
        ours = coder_versions(warehouse)
        assert ours == self.coders[name], (
            f"coded with {ours}, the reference with {self.coders[name]}: the coder's dictionaries or patterns "
            "changed in the working tree while the test ran (every change re-codes the lake); run it again")
        found = content(warehouse)
        if found != self.results[name] and source_fingerprint() != self.sources:
            pytest.fail("the project's sources (transforms/, schemas/, warehouse/, dags/) changed in the working "
                        "tree while the test ran, so the reference and the Airflow run coded with different code; "
                        f"run it again (tables: ours {found}, reference {self.results[name]})")
        assert found == self.results[name]


class Api:
    def __init__(self, stack: CeleryStack) -> None:
        self.stack = stack
        self.client = httpx.Client(base_url=stack.url, timeout=30)

    def login(self) -> None:
        token = self.client.post("/auth/token", json={"username": USER, "password": PASSWORD})
        assert token.status_code == 201, token.text
        self.client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def trigger(self, dag_id: str, conf: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(f"/api/v2/dags/{dag_id}/dagRuns", json={"logical_date": None, "conf": conf})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def runs(self, since: str) -> list[dict[str, Any]]:
        """Runs of our DAGs queued at or after `since` (an API timestamp), oldest first."""
        found = self.get("/api/v2/dags/~/dagRuns", limit=100).get("dag_runs", [])
        return sorted((r for r in found if (r.get("queued_at") or "") >= since), key=lambda r: r["queued_at"])

    def tis(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        return list(self.get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances", limit=100)["task_instances"])

    def tries(self, dag_id: str, run_id: str, task_id: str, map_index: int) -> list[dict[str, Any]]:
        path = f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/{map_index}/tries"
        return list(self.get(path)["task_instances"])

    def wait(self, what: str, check: Callable[[], Any], timeout: float = HANG_GUARD, every: float = 1.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = check()
            except (httpx.TransportError, httpx.HTTPStatusError):  # a busy API server: ask again
                value = None
            if value:
                return value
            time.sleep(every)
        pytest.fail(f"timed out waiting for {what}; logs:\n{self.stack.tails()}")

    def wait_chain(self, since: str) -> tuple[str, list[dict[str, Any]]]:
        """Until a warehouse_load run queued after `since` succeeds ("success") or a run fails ("failed")."""
        def done() -> tuple[str, list[dict[str, Any]]] | None:
            runs = self.runs(since)
            failed = [r for r in runs if r["state"] == "failed"]
            if failed:
                return "failed", runs
            if any(r["dag_id"] == "warehouse_load" and r["state"] == "success" for r in runs):
                return "success", runs
            return None

        result: tuple[str, list[dict[str, Any]]] = self.wait("the chain to reach warehouse_load", done)
        return result


def run_of(runs: list[dict[str, Any]], dag_id: str) -> dict[str, Any]:
    found = [r for r in runs if r["dag_id"] == dag_id]
    assert found, f"no {dag_id} run in {[(r['dag_id'], r['state']) for r in runs]}"
    return found[-1]


def write_batch(path: Path, start: int, end: int) -> Path:
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()][start:end]
    assert len(lines) == end - start, f"{CORPUS} has fewer than {end} articles"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(stack: CeleryStack) -> Path:
    return stack.root / "data" / "warehouse.snapshot.duckdb"


def loaded_twice(stack: CeleryStack) -> list[tuple[Any, ...]]:
    """Lake files recorded as loaded more than once, and articles held twice (expected: none)."""
    con = duckdb.connect(str(snapshot(stack)), read_only=True)
    try:
        return con.execute("SELECT lake_table, day, file_name, count(*) FROM loaded_files GROUP BY ALL "
                           "HAVING count(*) > 1").fetchall() + con.execute(
            "SELECT article_id, count(*) FROM articles GROUP BY ALL HAVING count(*) > 1").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def celery(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} not found (the shared corpus lives beside the repository)")
    missing = missing_programs()
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: run `make test-deps`")
    try:
        import airflow.providers.celery
        import airflow.providers.postgres  # noqa: F401
        import psycopg2  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the celery extra is not installed ({exc}): pip install -c constraints.txt -e '.[dev,celery]'")
    started = time.monotonic()
    root = tmp_path_factory.mktemp("celery")
    inputs = {name: write_batch(root / f"{name}.jsonl", *span) for name, span in BATCHES.items()}
    reference = Reference(root / "reference", inputs)
    reference.start()
    (root / "evw.toml").write_text(EVW_TOML, encoding="utf-8")
    home = root / "airflow_home"
    home.mkdir()
    (home / "passwords.json").write_text(json.dumps({USER: PASSWORD}), encoding="utf-8")
    stack = CeleryStack(root=root, evw_config=root / "evw.toml", airflow_user=USER, airflow_password=PASSWORD,
                        extra_env={**AIRFLOW_TUNING,
                                   "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
                                   "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "passwords.json")})
    try:
        try:
            stack.start()
        except StackError as exc:
            pytest.fail(f"the Celery stack did not start: {exc}")
        api = Api(stack)
        api.wait("the API server", lambda: api.client.get("/api/v2/monitor/health").status_code == 200, every=0.5)
        api.login()
        api.wait("the dag-processor to parse the three DAGs",
                 lambda: all(api.client.get(f"/api/v2/dags/{d}").status_code == 200 for d in DAG_IDS), every=0.5)
        api.wait("the Celery workers", lambda: all(" ready." in stack.tail(f"worker-{n}", 100_000)
                                                     for n in ("default1", "default2", "duckdb")), every=0.5)
        TIMES["stack up"] = time.monotonic() - started
        yield {"stack": stack, "api": api, "inputs": inputs, "reference": reference, "started": started}
    finally:
        if reference.proc is not None and reference.proc.poll() is None:
            reference.proc.kill()
            reference.proc.wait(timeout=10)
        pids = {s.pid for s in stack.services.values()}
        stack.close()
        leftover = stack.pids()
        TIMES["module"] = time.monotonic() - started
        print("\ncelery timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in {**stack.timings, **TIMES}.items())
              + f"; reference evw run {reference.seconds:.1f}")
        assert not leftover, f"processes survived the teardown: {leftover} (started {pids})"


def test_chain_runs_sharded_across_celery_workers(celery: dict[str, Any]) -> None:
    stack, api, inputs = celery["stack"], celery["api"], celery["inputs"]
    started = time.monotonic()
    since = api.trigger("news_ingest", {"inputs": [str(inputs["chain"])]})["queued_at"]
    state, runs = api.wait_chain(since)
    assert state == "success", f"runs failed: {runs}\n{stack.tails()}"
    TIMES["chain"] = time.monotonic() - started

    extract = run_of(runs, "event_extract")
    assert extract["run_type"] == "asset_triggered"
    tis = api.tis("event_extract", extract["dag_run_id"])
    shards = [t for t in tis if t["task_id"] == "extract_shard"]
    assert len(shards) >= 4 and {t["state"] for t in shards} == {"success"}, shards
    per_worker = {w: sum(t["hostname"] == w for t in shards) for w in DEFAULT_WORKERS}
    print(f"\nshards per worker: {per_worker}")
    assert all(per_worker.values()), f"every default worker must run shards: {per_worker}"
    assert {t["queue"] for t in shards} == {"default"}

    load_run = run_of(runs, "warehouse_load")
    load = api.get(f"/api/v2/dags/warehouse_load/dagRuns/{load_run['dag_run_id']}/taskInstances/load")
    assert (load["queue"], load["hostname"], load["pool"]) == ("duckdb", "duckdb", "duckdb_writer")

    celery["reference"].assert_equal("chain", snapshot(stack))
    ours = stack.pids()
    listening = listening_addresses(sorted(ours))
    assert listening and all(a.startswith("127.0.0.1:") for a in listening), listening
    expected = {f"127.0.0.1:{p}" for p in (stack.api_port, stack.pg_port, stack.redis_port)}
    assert listening == expected, f"only the API server, PostgreSQL and Redis listen: {listening}"


def test_a_worker_killed_mid_shard_is_retried_on_the_other(celery: dict[str, Any]) -> None:
    stack, api, inputs = celery["stack"], celery["api"], celery["inputs"]
    started = time.monotonic()
    since = api.trigger("news_ingest", {"inputs": [str(inputs["kill"])]})["queued_at"]

    def running_shard() -> dict[str, Any] | None:
        for run in api.runs(since):
            if run["dag_id"] == "event_extract":
                for ti in api.tis("event_extract", run["dag_run_id"]):
                    if ti["task_id"] == "extract_shard" and ti["state"] == "running" \
                            and ti["hostname"] in DEFAULT_WORKERS:
                        return {**ti, "dag_run_id": run["dag_run_id"]}
        return None

    victim = api.wait("an extract shard to run", running_shard, every=0.3)
    killed = stack.kill_worker(victim["hostname"])
    assert len(killed) >= 3  # the worker, its pool processes, the task supervisor and task process
    state, runs = api.wait_chain(since)
    assert state == "success", f"runs failed: {runs}\n{stack.tails()}"
    TIMES["kill"] = time.monotonic() - started

    tries = api.tries("event_extract", victim["dag_run_id"], "extract_shard", victim["map_index"])
    survivor = next(w for w in DEFAULT_WORKERS if w != victim["hostname"])
    print(f"\nkilled {victim['hostname']} (pids {sorted(killed)}); tries: "
          f"{[(t['try_number'], t['hostname'], t['state']) for t in tries]}")
    assert tries[0]["hostname"] == victim["hostname"] and tries[0]["state"] == "failed", tries
    assert tries[-1]["hostname"] == survivor and tries[-1]["state"] == "success", tries
    celery["reference"].assert_equal("kill", snapshot(stack))
    assert loaded_twice(stack) == []


def test_a_redis_outage_mid_run_loses_nothing(celery: dict[str, Any]) -> None:
    stack, api, inputs = celery["stack"], celery["api"], celery["inputs"]
    started = time.monotonic()
    since = api.trigger("news_ingest", {"inputs": [str(inputs["redis"])]})["queued_at"]

    def shard_running() -> bool:
        return any(ti["task_id"] == "extract_shard" and ti["state"] == "running"
                   for run in api.runs(since) if run["dag_id"] == "event_extract"
                   for ti in api.tis("event_extract", run["dag_run_id"]))

    api.wait("an extract shard to run", shard_running, every=0.3)
    stack.stop_redis()
    time.sleep(4)
    stack.start_redis()  # same port, empty: whatever the broker held is gone
    state, runs = api.wait_chain(since)
    retriggered = []
    while state == "failed":  # fails visibly: run again what failed (every step is idempotent)
        assert len(retriggered) < 3, f"still failing after re-triggers {retriggered}: {runs}"
        failed = next(r for r in runs if r["state"] == "failed")
        print(f"\nafter the Redis outage {failed['dag_id']} run {failed['dag_run_id']} failed; re-triggering it")
        conf = {"inputs": [str(inputs["redis"])]} if failed["dag_id"] == "news_ingest" else {}
        retriggered.append(failed["dag_id"])
        since = api.trigger(failed["dag_id"], conf)["queued_at"]
        state, runs = api.wait_chain(since)
    TIMES["redis"] = time.monotonic() - started
    print(f"\nRedis outage: recovered {'after re-triggering ' + str(retriggered) if retriggered else 'by itself'}")
    celery["reference"].assert_equal("redis", snapshot(stack))
    assert loaded_twice(stack) == []


def test_two_loads_at_once_never_write_concurrently(celery: dict[str, Any]) -> None:
    stack, api = celery["stack"], celery["api"]
    started = time.monotonic()
    before = content(snapshot(stack))
    threads = [threading.Thread(target=api.trigger, args=("warehouse_load", {"force": True})) for _ in range(2)]
    since = api.runs("")[-1]["queued_at"]  # after every run so far
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    def both_done() -> list[dict[str, Any]] | None:
        loads = [r for r in api.runs(since) if r["dag_id"] == "warehouse_load" and r["queued_at"] > since]
        assert not [r for r in loads if r["state"] == "failed"], loads
        return loads if len(loads) == 2 and all(r["state"] == "success" for r in loads) else None

    loads = api.wait("both loads to finish", both_done)
    TIMES["two loads"] = time.monotonic() - started
    tis = [api.get(f"/api/v2/dags/warehouse_load/dagRuns/{r['dag_run_id']}/taskInstances/load") for r in loads]
    for ti in tis:
        assert (ti["pool"], ti["queue"], ti["hostname"]) == ("duckdb_writer", "duckdb", "duckdb")
    first, second = sorted(tis, key=lambda t: t["start_date"])
    assert first["end_date"] <= second["start_date"], f"the loads overlapped: {first} {second}"
    assert content(snapshot(stack)) == before
