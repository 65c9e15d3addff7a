"""The `evw` command line: one typer app whose commands call the same functions as the DAGs.

Commands are thin: parse options, call a step function, print its report. Fatal errors exit
non-zero with a one-line reason (no traceback) unless `EVW_DEBUG=1`.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from transforms.config import Config, load_config

app = typer.Typer(
    name="evw",
    help="Event warehouse: code CAMEO political events from news into a DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Config file (default: $EVW_CONFIG or ./evw.toml).")]
LakeOpt = Annotated[Path | None, typer.Option("--lake", help="Lake directory (default from config: data/lake).")]
WarehouseOpt = Annotated[
    Path | None, typer.Option("--warehouse", help="DuckDB warehouse file (default from config: data/warehouse.duckdb).")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Redo work already done (re-ingest/re-code/re-load).")]


def fail(message: str, code: int = 1) -> None:
    """Print a one-line reason and exit non-zero."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def settings(config: Path | None, lake: Path | None = None, warehouse: Path | None = None) -> Config:
    """The config with command-line overrides applied."""
    from dataclasses import replace

    cfg = load_config(config)
    if lake is not None:
        cfg = replace(cfg, lake=lake.resolve())
    if warehouse is not None:
        cfg = replace(cfg, warehouse=warehouse.resolve())
    return cfg


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"bad date {value!r}: use YYYY-MM-DD")
    raise AssertionError


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Article files (JSONL, CSV, ...), directories or URLs.")],
    lake: LakeOpt = None,
    warehouse: WarehouseOpt = None,
    config: ConfigOpt = None,
    workers: Annotated[int, typer.Option(help="Extraction worker processes.")] = 1,
) -> None:
    """Ingest + extract + load in one go, then print the accounting."""
    from transforms.extract import run_extract
    from transforms.ingest import run_ingest
    from transforms.ingest.cli import missing_inputs, print_report
    from warehouse.load import run_load

    missing = missing_inputs(inputs)
    if missing:
        fail(f"input not found: {', '.join(missing)} (pass existing files, directories, globs or http(s) URLs)")
    cfg = settings(config, lake, warehouse)
    ing = run_ingest(inputs, lake=cfg.lake, config=cfg)
    print_report(ing, console)
    ext = run_extract(cfg.lake, cfg, workers=workers)
    console.print(ext.summary())
    ld = run_load(cfg.lake, cfg.warehouse, cfg)
    console.print(ld.summary())
    console.print(
        f"[bold]{ing.records_read}[/] records read: [green]{ing.accepted} accepted[/], "
        f"{ing.duplicates} duplicates, [yellow]{ing.quarantined} quarantined[/]; "
        f"[bold]{ext.events}[/] events coded in {ext.articles} articles. "
        f"Query: evw query \"SELECT * FROM events LIMIT 10\" --warehouse {cfg.warehouse}"
    )


@app.command()
def extract(
    lake: LakeOpt = None,
    config: ConfigOpt = None,
    workers: Annotated[int, typer.Option(help="Worker processes (spaCy multiprocessing).")] = 1,
    force: ForceOpt = False,
    start: Annotated[str | None, typer.Option(help="First partition day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Last partition day (YYYY-MM-DD).")] = None,
) -> None:
    """Code events in article partitions not yet coded with the current coder version."""
    from transforms.extract import run_extract

    cfg = settings(config, lake)
    if not (cfg.lake / "articles").is_dir():
        fail(f"no articles in lake {cfg.lake}; run `evw ingest INPUT --lake {cfg.lake}` first, or pass --lake")
    s, e = parse_day(start), parse_day(end)
    days = (s or dt.date.min, e or dt.date.max) if (s or e) else None
    report = run_extract(cfg.lake, cfg, workers=workers, force=force, days=days)
    console.print(report.summary())


@app.command()
def load(
    lake: LakeOpt = None,
    warehouse: WarehouseOpt = None,
    config: ConfigOpt = None,
    force: ForceOpt = False,
) -> None:
    """Load new lake partitions into the warehouse, check quality, refresh marts, publish the snapshot."""
    from warehouse.load import run_load

    cfg = settings(config, lake, warehouse)
    report = run_load(cfg.lake, cfg.warehouse, cfg, force=force)
    console.print(report.summary())


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run (DuckDB dialect).")],
    warehouse: WarehouseOpt = None,
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or parquet.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (required for parquet).")] = None,
    limit: Annotated[int, typer.Option(help="Rows shown in table format.")] = 200,
) -> None:
    """Run a read-only SQL query against the warehouse."""
    from warehouse.query import run_query

    cfg = settings(config, warehouse=warehouse)
    run_query(cfg.warehouse, sql, fmt=fmt, output=output, limit=limit, console=console)


@app.command()
def stats(warehouse: WarehouseOpt = None, config: ConfigOpt = None) -> None:
    """Row counts, date range, coder versions and quarantine reasons in the warehouse."""
    from warehouse.query import print_stats

    cfg = settings(config, warehouse=warehouse)
    print_stats(cfg.warehouse, console=console)


def _register(name: str, module: str, attr: str) -> None:
    """Register a command implemented in another module (`module.attr`)."""
    import importlib

    fn: Callable[..., Any] = getattr(importlib.import_module(module), attr)
    app.command(name=name)(fn)


def _invoked_command(argv: list[str]) -> str | None:
    """The subcommand named on the command line, if any (first argument that is not an option)."""
    return next((a for a in argv if not a.startswith("-")), None)


# Commands owned by other modules: (command name, module, function). To add one, append a line.
EXTRA_COMMANDS: list[tuple[str, str, str]] = [
    ("export", "warehouse.export_cli", "export_command"),
    ("ingest", "transforms.ingest.cli", "ingest_command"),
    ("demo", "warehouse.demo", "demo_command"),
    ("serve", "warehouse.serve.cli", "serve_command"),
    ("eval-actors", "transforms.actors.evaluate", "eval_actors_command"),
    ("eval", "transforms.events.evaluate", "eval_command"),
    ("dictionaries", "warehouse.dictionaries_cli", "dictionaries_command"),
    ("report", "warehouse.report", "report_command"),
]


def main() -> None:
    """Entry point: run the app, turning expected errors into one-line reasons."""
    # Import only the module of the command being run (some import spaCy or scipy); all of them
    # when listing commands (`evw`, `evw --help`) or when the name is unknown.
    wanted = _invoked_command(sys.argv[1:])
    known = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    known |= {name for name, _, _ in EXTRA_COMMANDS}
    for name, module, attr in EXTRA_COMMANDS:
        if wanted is None or wanted == name or wanted not in known:
            _register(name, module, attr)
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("EVW_DEBUG"):
            raise
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        err_console.print(f"[bold red]error:[/] {type(exc).__name__}: {msg}  (set EVW_DEBUG=1 for a traceback)",
                          highlight=False, soft_wrap=True)
        sys.exit(1)

