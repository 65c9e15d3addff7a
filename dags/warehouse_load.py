"""DAG `warehouse_load`: when `event_mentions` is updated, load the warehouse and publish the snapshot.

Wiring only (`warehouse.orchestration.load_step`): load new partitions, quality checks, marts, the
reader snapshot. The load runs in the one-slot pool `duckdb_writer`: never two DuckDB writers.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import Param, dag, task

from transforms.config import load_config
from warehouse import orchestration as orch

CONFIG = load_config()
SETTINGS = orch.load_settings(CONFIG)


@dag(
    dag_id="warehouse_load",
    schedule=[orch.lake_asset(CONFIG, "event_mentions")],
    start_date=orch.START_DATE,
    catchup=False,
    max_active_runs=1,  # loads apply in order
    dagrun_timeout=SETTINGS.timeout("load") * 2,
    default_args=orch.default_args(SETTINGS),
    on_failure_callback=orch.log_run_failure,
    params={"force": Param(False, type="boolean", description="Reload every partition")},
    tags=[*orch.TAGS, "load"],
    doc_md=__doc__,
)
def warehouse_load() -> None:
    @task(
        pool=orch.WRITER_POOL,
        pool_slots=1,
        queue=SETTINGS.load_queue,  # Celery: the one worker on the warehouse host
        outlets=[orch.warehouse_asset(CONFIG)],
        execution_timeout=SETTINGS.timeout("load"),
    )
    def load(params: dict[str, Any] | None = None) -> dict[str, Any]:
        return orch.load_step(params or {})

    load()


warehouse_load()
