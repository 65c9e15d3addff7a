"""`evw demo`: run the DAG chain through Airflow itself (`dag.test()` on SQLite) on the built-in
sample articles into `./data/`, then print a readable summary of the warehouse.

Runs Airflow in this process, so it must set the environment before Airflow is imported; it never
calls the step functions around Airflow.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from warehouse.airflow_local import DEFAULT_HOME, activate, dags_folder, prepare

CHAIN = ("news_ingest", "event_extract", "warehouse_load")
SAMPLES = ("data", "sample_articles.jsonl")  # inside the `transforms` package


class DemoError(RuntimeError):
    """A DAG of the demo chain failed; the message names the failed tasks."""


@dataclass(frozen=True)
class ChainRun:
    dag_id: str
    state: str
    seconds: float
    failed_tasks: tuple[str, ...]


def sample_articles() -> Path:
    """The built-in sample articles file (package data of `transforms`)."""
    path = Path(str(resources.files("transforms").joinpath(*SAMPLES)))
    if not path.is_file():
        raise DemoError(f"built-in sample articles missing at {path}; reinstall with `make install`")
    return path


def run_chain(conf: Mapping[str, Any], logical_date: dt.datetime | None = None,
              on_start: Callable[[str], None] | None = None) -> list[ChainRun]:
    """Run news_ingest -> event_extract -> warehouse_load with `dag.test()`, in order, stopping at
    the first failed DAG. `conf` is news_ingest's run conf (e.g. {"inputs": [...]})."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(dags_folder()))
    if bag.import_errors:
        raise DemoError(f"DAG import errors: {bag.import_errors}")
    runs: list[ChainRun] = []
    for dag_id in CHAIN:
        if on_start:
            on_start(dag_id)
        started = time.monotonic()
        dag_run = bag.dags[dag_id].test(logical_date=logical_date,
                                         run_conf=dict(conf) if dag_id == "news_ingest" else None)
        failed = tuple(sorted(ti.task_id + (f"[{ti.map_index}]" if ti.map_index >= 0 else "")
                              for ti in dag_run.get_task_instances() if ti.state == "failed"))
        runs.append(ChainRun(dag_id, str(dag_run.state), time.monotonic() - started, failed))
        if dag_run.state != "success":
            raise DemoError(f"{dag_id} finished {dag_run.state}; failed tasks: {', '.join(failed) or 'none'} "
                            "(the task log is above; rerun with EVW_DEBUG=1 for Airflow's INFO logs)")
    return runs


def _table(title: str, columns: list[str], rows: list[tuple[Any, ...]]) -> Table:
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col, justify="right" if col in ("events", "mentions", "rows", "goldstein") else "left")
    for row in rows:
        table.add_row(*("" if v is None else f"{v:.1f}" if isinstance(v, float) else str(v) for v in row))
    return table


def print_summary(warehouse: Path, console: Console) -> None:
    """Rows per table, events by CAMEO root, the top dyads, and how to query further."""
    from warehouse.query import connect_readonly

    con, _ = connect_readonly(warehouse)
    try:
        counts = [(t, con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0])
                  for t in ("articles", "quarantine", "event_mentions", "events")]
        console.print(_table("Warehouse", ["table", "rows"], counts))
        last = con.sql("SELECT records_read, accepted, duplicates, quarantined FROM ingest_runs "
                       "ORDER BY started_at DESC LIMIT 1").fetchall()
        if last:
            read, accepted, duplicates, quarantined = last[0]
            console.print(f"Last ingest run: {read} records read, {accepted} accepted, {duplicates} duplicates, "
                          f"{quarantined} quarantined")
        roots = con.sql("""
            SELECT e.event_root_code AS root, any_value(c.name) AS name, count(*) AS events,
                   sum(e.num_mentions) AS mentions, avg(e.goldstein_scale) AS goldstein
            FROM events e LEFT JOIN cameo_event_codes c ON c.code = e.event_root_code
            GROUP BY 1 ORDER BY events DESC, root""").fetchall()
        console.print(_table("Events by CAMEO root", ["root", "name", "events", "mentions", "goldstein"], roots))
        dyads = con.sql("""
            SELECT actor1_code, mode(actor1_name), actor2_code, mode(actor2_name), count(*) AS events,
                   sum(num_mentions) AS mentions, avg(goldstein_scale) AS goldstein
            FROM events WHERE actor1_code IS NOT NULL AND actor2_code IS NOT NULL
            GROUP BY actor1_code, actor2_code ORDER BY events DESC, mentions DESC, 1, 3 LIMIT 10""").fetchall()
        console.print(_table("Top dyads", ["actor1", "name", "actor2", "name", "events", "mentions", "goldstein"],
                             dyads))
    finally:
        con.close()
    try:
        where = warehouse.relative_to(Path.cwd())
    except ValueError:
        where = warehouse
    option = "" if where == Path("data/warehouse.duckdb") else f" --warehouse {where}"
    console.print("Query further, e.g.:\n"
                  f"  .venv/bin/evw query \"SELECT * FROM daily_dyad_counts ORDER BY day DESC LIMIT 20\"{option}\n"
                  f"  .venv/bin/evw stats{option}", soft_wrap=True)


def run_demo(data_dir: Path = Path("data"), airflow_home: Path = DEFAULT_HOME,
             logical_date: dt.datetime | None = None, console: Console | None = None) -> list[ChainRun]:
    """Set up a project-local Airflow, run the chain on the sample articles, print the summary."""
    console = console or Console()
    data_dir = data_dir.resolve()
    os.environ["EVW_LAKE"] = str(data_dir / "lake")
    os.environ["EVW_WAREHOUSE"] = str(data_dir / "warehouse.duckdb")
    if not os.environ.get("EVW_DEBUG"):
        warnings.simplefilter("ignore")  # Airflow's deprecation chatter would bury the summary
    activate(airflow_home, quiet=not os.environ.get("EVW_DEBUG"))
    with console.status("Preparing Airflow (metadata DB, pool duckdb_writer)..."):
        prepare()
    samples = sample_articles()
    status = console.status("")
    with status:
        runs = run_chain({"inputs": [str(samples)]}, logical_date,
                         on_start=lambda d: status.update(f"Airflow: running DAG {d} (dag.test)..."))
    for run in runs:
        console.print(f"[green]✓[/] {run.dag_id}: {run.state} in {run.seconds:.1f}s")
    console.print(f"Airflow metadata (runs, task logs) in {airflow_home}; browse it with `make airflow`.")
    print_summary(data_dir / "warehouse.duckdb", console)
    from warehouse.report import build_report

    report = build_report(data_dir / "warehouse.duckdb", data_dir / "report.html")
    console.print(f"Charts: open {report.path} in a browser (one self-contained page; works offline).")
    return runs


def demo_command(
    data: Annotated[Path, typer.Option(help="Where the lake and warehouse go.")] = Path("data"),
    airflow_home: Annotated[Path, typer.Option(help="Project-local AIRFLOW_HOME (SQLite).")] = DEFAULT_HOME,
    logical_date: Annotated[str | None, typer.Option(help="Logical date of the runs (ISO 8601; default now).")] = None,
) -> None:
    """Run the Airflow DAG chain (ingest -> extract -> load) on built-in sample articles and summarise."""
    try:
        when = dt.datetime.fromisoformat(logical_date) if logical_date else None
    except ValueError as exc:
        raise typer.BadParameter(f"{logical_date!r} is not ISO 8601, e.g. 2026-01-05T06:00:00+00:00",
                                 param_hint="--logical-date") from exc
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    run_demo(data, airflow_home, when)
