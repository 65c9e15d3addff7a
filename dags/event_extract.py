"""DAG `event_extract`: when `articles` is updated, code CAMEO events in the files not yet coded.

Wiring only (`warehouse.orchestration`). One mapped task per shard of pending files; a failed shard
does not lose the others: `collect` publishes `event_mentions` for what succeeded, `verify` then
fails the run. Reprocess a date range: trigger with conf {"start": ..., "end": ..., "force": true}.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import Param, TriggerRule, dag, task

from transforms.config import load_config
from warehouse import orchestration as orch

CONFIG = load_config()
SETTINGS = orch.load_settings(CONFIG)
MENTIONS = orch.lake_asset(CONFIG, "event_mentions")


@dag(
    dag_id="event_extract",
    schedule=[orch.lake_asset(CONFIG, "articles")],
    start_date=orch.START_DATE,
    catchup=False,
    max_active_runs=1,  # two runs would code the same pending files
    dagrun_timeout=SETTINGS.timeout("extract") * 3,
    default_args=orch.default_args(SETTINGS),
    on_failure_callback=orch.log_run_failure,
    params={
        "start": Param(None, type=["null", "string"], format="date", description="First day to (re)code"),
        "end": Param(None, type=["null", "string"], format="date", description="Last day to (re)code"),
        "force": Param(False, type="boolean", description="Re-code files already coded by this coder version"),
    },
    tags=[*orch.TAGS, "extract"],
    doc_md=__doc__,
)
def event_extract() -> None:
    @task
    def plan(params: dict[str, Any] | None = None) -> list[list[str]]:
        return orch.plan_shards(params or {})

    @task(max_active_tis_per_dagrun=SETTINGS.extract_parallelism, execution_timeout=SETTINGS.timeout("extract"))
    def extract_shard(files: list[str], params: dict[str, Any] | None = None) -> dict[str, Any]:
        return orch.extract_step(files, params or {})

    @task(trigger_rule=TriggerRule.ALL_DONE_MIN_ONE_SUCCESS, outlets=[MENTIONS])
    def collect(shards: list[list[str]], results: list[dict[str, Any]], ti: Any = None,
                outlet_events: Any = None) -> dict[str, Any]:
        summary = orch.summarize_shards(shards, results[:], orch.mapped_states(ti, "extract_shard")).as_dict()
        outlet_events[MENTIONS].extra = {"files_done": summary["files_done"], "shards": summary["shards"]}
        return summary

    @task
    def verify(summary: dict[str, Any]) -> None:
        orch.verify_shards(summary)

    shards: Any = plan()  # XComArgs: resolved by Airflow at run time
    results: Any = extract_shard.expand(files=shards)
    summary: Any = collect(shards, results)
    verify(summary)


event_extract()
