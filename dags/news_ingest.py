"""DAG `news_ingest`: on a schedule (default hourly), pull every configured source into the lake.

Wiring only; the work is `warehouse.orchestration.ingest_step`. Updates the `articles` asset, which
schedules `event_extract`. Settings: `[airflow]` in evw.toml (docs/airflow.md).
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import Param, dag, task

from transforms.config import load_config
from warehouse import orchestration as orch

CONFIG = load_config()
SETTINGS = orch.load_settings(CONFIG)


@dag(
    dag_id="news_ingest",
    schedule=SETTINGS.schedule,
    start_date=orch.START_DATE,
    catchup=False,
    max_active_runs=1,  # sources remember what they took: runs must not overlap
    dagrun_timeout=SETTINGS.timeout("ingest") * 2,
    default_args=orch.default_args(SETTINGS),
    on_failure_callback=orch.log_run_failure,
    params={
        "inputs": Param([], type="array", description="Files, directories, globs or URLs (default: [airflow] inputs)"),
        "sources": Param([], type="array", description="Configured source names (default: [airflow] sources)"),
    },
    tags=[*orch.TAGS, "ingest"],
    doc_md=__doc__,
)
def news_ingest() -> None:
    @task(
        outlets=[orch.lake_asset(CONFIG, "articles")],
        retries=SETTINGS.retries,  # network work: feeds and pages
        retry_exponential_backoff=2.0,
        execution_timeout=SETTINGS.timeout("ingest"),
    )
    def ingest(params: dict[str, Any] | None = None) -> dict[str, Any]:
        return orch.ingest_step(params or {})

    ingest()


news_ingest()
