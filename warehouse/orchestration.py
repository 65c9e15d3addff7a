"""What the Airflow DAGs in `dags/` do: settings, assets, extract shards, step calls and failure reports.

The DAG files are wiring; every decision lives here in plain functions that run without a scheduler.
Must not import spaCy, DuckDB or the step modules at import time: the DAG processor imports this
module on every parse, so heavy imports happen inside the functions that tasks call.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from airflow.sdk import Asset

from transforms.config import Config, ConfigError, env_override, load_config

log = logging.getLogger(__name__)

#: The Airflow pool every DuckDB writer goes through (1 slot: DuckDB allows one writer per file).
WRITER_POOL = "duckdb_writer"
WRITER_POOL_DESCRIPTION = "One slot: only one process may write the DuckDB warehouse file at a time."

#: Fixed, in the past: with catchup off, only the latest interval runs when a DAG is first enabled.
START_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

TAGS = ("evw",)

#: [airflow] setting -> environment variables that override it (first one set wins).
ENV_OVERRIDES: dict[str, tuple[str, ...]] = {
    "schedule": ("EVW_SCHEDULE", "AIRFLOW_VAR_EVW_SCHEDULE"),
    "inputs": ("EVW_INPUTS", "AIRFLOW_VAR_EVW_INPUTS"),
    "sources": ("EVW_SOURCES", "AIRFLOW_VAR_EVW_SOURCES"),
    "shard_articles": ("EVW_SHARD_ARTICLES", "AIRFLOW_VAR_EVW_SHARD_ARTICLES"),
}

URL_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class Settings:
    """The `[airflow]` section of evw.toml with defaults (documented in docs/airflow.md)."""

    schedule: str | None = "@hourly"
    inputs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    shard_articles: int = 2000
    max_shards: int = 32
    extract_parallelism: int = 2
    extract_workers: int = 1
    retries: int = 3
    task_retries: int = 1
    retry_delay_seconds: int = 60
    max_retry_delay_seconds: int = 1800
    ingest_timeout_minutes: int = 60
    extract_timeout_minutes: int = 120
    load_timeout_minutes: int = 120
    bookkeeping_timeout_minutes: int = 15
    load_queue: str = "default"

    @property
    def retry_delay(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.retry_delay_seconds)

    @property
    def max_retry_delay(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.max_retry_delay_seconds)

    def timeout(self, step: str) -> dt.timedelta:
        """The execution timeout of one step: `ingest`, `extract`, `load` or `bookkeeping`."""
        minutes: int = getattr(self, f"{step}_timeout_minutes")
        return dt.timedelta(minutes=minutes)


def _as_list(value: Any, name: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"[airflow] {name}: not a JSON list: {exc}") from exc
        else:
            return tuple(part.strip() for part in text.split(",") if part.strip())
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[airflow] {name} must be a list of strings, got {value!r}")
    return tuple(value)


def _as_int(value: Any, name: str, minimum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"[airflow] {name} must be an integer, got {value!r}") from exc
    if number < minimum:
        raise ConfigError(f"[airflow] {name} must be at least {minimum}, got {number}")
    return number


def load_settings(config: Config | None = None) -> Settings:
    """Settings from `[airflow]` in the config file, then `EVW_*` / `AIRFLOW_VAR_EVW_*` overrides."""
    cfg = config or load_config()
    raw = dict(cfg.section("airflow"))
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"{cfg.path or 'config'}: unknown [airflow] settings {unknown}; known: {sorted(known)}")
    for key, names in ENV_OVERRIDES.items():
        override = env_override(names)
        if override is not None:
            raw[key] = override
    values: dict[str, Any] = {}
    if "schedule" in raw:
        schedule = str(raw["schedule"]).strip()
        values["schedule"] = None if schedule.lower() in ("", "none", "manual") else schedule
    values["inputs"] = tuple(_resolve_input(cfg, i) for i in _as_list(raw.get("inputs"), "inputs"))
    values["sources"] = _as_list(raw.get("sources"), "sources")
    if "load_queue" in raw:
        if not isinstance(raw["load_queue"], str) or not raw["load_queue"].strip():
            raise ConfigError(f"[airflow] load_queue must be a queue name, got {raw['load_queue']!r}")
        values["load_queue"] = raw["load_queue"].strip()
    for f in fields(Settings):
        if f.type in ("int", int) and f.name in raw:
            values[f.name] = _as_int(raw[f.name], f.name, 0 if f.name.endswith(("seconds", "retries")) else 1)
    return Settings(**values)


def _resolve_input(cfg: Config, item: str) -> str:
    """URLs as given; paths relative to the config file's directory."""
    if item.startswith(URL_SCHEMES):
        return item
    return str(cfg.resolve(item))


def expand_inputs(items: Sequence[str]) -> list[str]:
    """Expand globs in local inputs (sorted, so runs are deterministic); URLs and plain paths pass."""
    out: list[str] = []
    for item in items:
        if not item.startswith(URL_SCHEMES) and glob.has_magic(item):
            out.extend(sorted(glob.glob(item)))
        else:
            out.append(item)
    return out


# --- assets: they name the data, not the task -------------------------------------------------


def lake_asset(config: Config, table: str) -> Asset:
    """The Asset for one lake table, e.g. `articles` at `file:///…/lake/articles`."""
    return Asset(name=table, uri=(config.lake.resolve() / table).as_uri(), group="evw")


def warehouse_asset(config: Config) -> Asset:
    return Asset(name="warehouse", uri=config.warehouse.resolve().as_uri(), group="evw")


def default_args(settings: Settings) -> dict[str, Any]:
    """Defaults for every task: retries with back-off, a timeout, a failure report in the log."""
    return {
        "owner": "evw",
        "retries": settings.task_retries,
        "execution_timeout": settings.timeout("bookkeeping"),
        "retry_delay": settings.retry_delay,
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": settings.max_retry_delay,
        "on_failure_callback": log_failure,
    }


# --- step calls (the task bodies) --------------------------------------------------------------


def report_counts(report: object) -> dict[str, Any]:
    """A step report as a JSON-able dict (numbers, strings, flags; paths as strings) + its summary."""
    if is_dataclass(report) and not isinstance(report, type):
        items = {f.name: getattr(report, f.name) for f in fields(report)}
    else:
        items = dict(vars(report)) if hasattr(report, "__dict__") else {}
    out: dict[str, Any] = {}
    for key, value in items.items():
        if isinstance(value, bool | int | float | str) or value is None:
            out[key] = value
        elif isinstance(value, Path | dt.date):
            out[key] = str(value)
    summary = getattr(report, "summary", None)
    if callable(summary):
        out["summary"] = str(summary())
    return out


def ingest_step(params: Mapping[str, Any], config: Config | None = None) -> dict[str, Any]:
    """news_ingest: read the configured (or `params`-given) inputs and sources into the lake."""
    from airflow.sdk.exceptions import AirflowSkipException

    from transforms.ingest import run_ingest

    cfg = config or load_config()
    settings = load_settings(cfg)
    inputs = expand_inputs(_as_list(params.get("inputs"), "inputs") or settings.inputs)
    sources = _as_list(params.get("sources"), "sources") or settings.sources
    if not inputs and not sources:
        raise AirflowSkipException(
            "nothing to ingest: set [airflow] inputs or sources in evw.toml (or AIRFLOW_VAR_EVW_INPUTS), "
            'or trigger with conf {"inputs": ["path/to/articles.jsonl"]}'
        )
    report = run_ingest(inputs, lake=cfg.lake, config=cfg, sources=sources, progress=False)
    counts = report_counts(report)
    log.info("ingest: %s", counts.get("summary", counts))
    return counts


def parse_days(params: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The `start`/`end` params as a day range (either end open), or None for every day."""
    def day(key: str) -> dt.date | None:
        value = params.get(key)
        if value in (None, ""):
            return None
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError as exc:
            raise ValueError(f"param {key}={value!r} is not a date: use YYYY-MM-DD") from exc

    start, end = day("start"), day("end")
    if start is None and end is None:
        return None
    start, end = start or dt.date.min, end or dt.date.max
    if start > end:
        raise ValueError(f"param start={start} is after end={end}")
    return start, end


def make_shards(files: Sequence[tuple[str, int]], shard_articles: int, max_shards: int) -> list[list[str]]:
    """Group (file, article count) pairs, sorted by path, into contiguous shards of about
    `shard_articles` articles (a bigger file is a shard of its own); the target doubles until there
    are at most `max_shards` shards, so one run never maps more tasks than that."""
    ordered = sorted((str(f), n) for f, n in files)
    target = max(1, shard_articles)
    while True:
        shards: list[list[str]] = []
        size = 0
        for name, n in ordered:
            if shards and size + n <= target:
                shards[-1].append(name)
                size += n
            else:
                shards.append([name])
                size = n
        if len(shards) <= max_shards:
            return shards
        target *= 2


def article_count(path: Path) -> int:
    """Rows in an article file from its Parquet footer; 1 for an unreadable file (its shard's extract
    reports it, the planner does not)."""
    import pyarrow.parquet as pq

    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except Exception as exc:  # a broken file must not stop the other shards from being planned
        log.warning("plan: cannot read %s (%s); it gets a shard slot and its extract will report it", path, exc)
        return 1


def plan_shards(params: Mapping[str, Any], config: Config | None = None) -> list[list[str]]:
    """event_extract: the article files not yet coded with the current coder version, in shards."""
    from transforms.extract import pending_files

    cfg = config or load_config()
    settings = load_settings(cfg)
    days = parse_days(params)
    files = pending_files(cfg.lake, cfg, force=bool(params.get("force")), days=days)
    sized = [(str(f), article_count(f)) for f in files]
    shards = make_shards(sized, settings.shard_articles, settings.max_shards)
    log.info("plan: %d pending article files (%d articles) in %d shards (days=%s, force=%s)", len(files),
             sum(n for _, n in sized), len(shards), days, bool(params.get("force")))
    return shards


def extract_step(files: Sequence[str], params: Mapping[str, Any], config: Config | None = None) -> dict[str, Any]:
    """event_extract, one mapped task: code the events in one shard of article files."""
    from transforms.extract import run_extract

    cfg = config or load_config()
    settings = load_settings(cfg)
    report = run_extract(cfg.lake, cfg, workers=settings.extract_workers, force=bool(params.get("force")),
                         files=[Path(f) for f in files], progress=False)
    counts = report_counts(report)
    log.info("extract shard of %d files: %s", len(files), counts.get("summary", counts))
    return counts


@dataclass(frozen=True)
class ShardSummary:
    """What the mapped extract tasks of one run did and did not do."""

    shards: int
    succeeded: int
    failed_shards: tuple[int, ...]
    files_done: int
    files_not_done: int
    totals: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {"shards": self.shards, "succeeded": self.succeeded, "failed_shards": list(self.failed_shards),
                "files_done": self.files_done, "files_not_done": self.files_not_done, "totals": self.totals}


def summarize_shards(shards: Sequence[Sequence[str]], results: Sequence[Mapping[str, Any] | None],
                     states: Mapping[int, str]) -> ShardSummary:
    """Add up the shard reports; a shard counts as done only if its task state is `success`.

    `results` are the shards' return values in map-index order (failed shards return none, so the
    list can be shorter); `states` maps map index -> task state.
    """
    ok = [i for i in range(len(shards)) if states.get(i) == "success"]
    totals: Counter[str] = Counter()
    for result in results:
        for key, value in (result or {}).items():
            if isinstance(value, int) and not isinstance(value, bool):
                totals[key] += value
    failed = tuple(i for i in range(len(shards)) if i not in ok)
    done = sum(len(shards[i]) for i in ok)
    return ShardSummary(len(shards), len(ok), failed, done, sum(len(s) for s in shards) - done, dict(totals))


def mapped_states(ti: Any, task_id: str) -> dict[int, str]:
    """Map index -> state of the mapped task `task_id` in the current run (via the execution API)."""
    found = ti.get_task_states(dag_id=ti.dag_id, task_ids=[task_id], run_ids=[ti.run_id])
    out: dict[int, str] = {}
    for key, state in found.get(ti.run_id, {}).items():
        prefix, _, index = str(key).rpartition("_")
        if prefix == task_id and index.isdigit():
            out[int(index)] = str(state)
    return out


def verify_shards(summary: Mapping[str, Any]) -> None:
    """Fail the run (after the good shards were published) if any shard failed."""
    failed = summary.get("failed_shards") or []
    if failed:
        raise RuntimeError(
            f"{len(failed)} of {summary.get('shards')} extract shards failed (map indexes {failed}); "
            f"{summary.get('files_done')} files coded and published, {summary.get('files_not_done')} not: "
            "they stay pending and the next run (or a clear of the failed shards) codes them"
        )


def load_step(params: Mapping[str, Any], config: Config | None = None) -> dict[str, Any]:
    """warehouse_load: load new lake partitions, run the quality checks, refresh marts, publish the snapshot."""
    from warehouse.load import run_load

    cfg = config or load_config()
    report = run_load(cfg.lake, cfg.warehouse, cfg, force=bool(params.get("force")), progress=False)
    counts = report_counts(report)
    log.info("load: %s", counts.get("summary", counts))
    return counts


# --- failure reports ---------------------------------------------------------------------------


def state_counts(ti: Any) -> dict[str, int]:
    """Task-instance states of the current run, counted (mapped tasks count once per index)."""
    try:
        found = ti.get_task_states(dag_id=ti.dag_id, run_ids=[ti.run_id])
    except Exception as exc:  # a report must never hide the original failure
        log.debug("could not read task states: %s", exc)
        return {}
    return dict(Counter(str(s) for s in found.get(ti.run_id, {}).values()))


def step_reports(ti: Any) -> dict[str, Any]:
    """The counts the run's steps returned so far (XComs of ingest, plan, collect, load)."""
    reports: dict[str, Any] = {}
    for task_id in ("ingest", "plan", "collect", "load"):
        try:
            value = ti.xcom_pull(task_ids=task_id)
        except Exception:  # missing XComs are normal in a failed run
            value = None
        if value and task_id == "plan":
            value = f"{sum(len(s) for s in value)} files in {len(value)} shards"
        if value:
            reports[task_id] = value
    return reports


def log_failure(context: Mapping[str, Any]) -> None:
    """on_failure_callback (task): log what failed and the counts of what was and was not done."""
    ti = context.get("ti") or context.get("task_instance")
    if ti is None:
        log_run_failure(context)
        return
    counts = state_counts(ti)
    done = {k: v for k, v in counts.items() if k in ("success", "skipped")}
    not_done = {k: v for k, v in counts.items() if k not in done}
    log.error("FAILED %s[%s] (try %s) in %s run %s: %s | tasks done: %s | not done: %s | step reports: %s",
              ti.task_id, ti.map_index, getattr(ti, "try_number", "?"), ti.dag_id, ti.run_id,
              context.get("exception"), done, not_done, step_reports(ti))


def log_run_failure(context: Mapping[str, Any]) -> None:
    """on_failure_callback (DAG run): one line with the reason and the step reports that exist."""
    ti = context.get("ti")
    dag = context.get("dag")
    reports = step_reports(ti) if ti is not None else {}
    log.error("RUN FAILED %s %s: %s | step reports: %s", getattr(dag, "dag_id", "?"), context.get("run_id"),
              context.get("reason"), reports)
