"""`evw ingest`: the command-line front of `run_ingest` (registered in warehouse/cli.py).

Parses arguments, checks that local inputs exist, runs ingestion with a progress bar and prints
the accounting with what to do about each quarantine reason. No ingestion logic here.
"""

from __future__ import annotations

import glob
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from transforms.config import ConfigError, load_config
from transforms.ingest.records import DUPLICATE_KINDS, REASONS, SKIPPED_PREFIX
from transforms.ingest.report import IngestReport
from transforms.ingest.run import run_ingest
from transforms.ingest.sources import split_kind


def missing_inputs(inputs: list[str]) -> list[str]:
    out = []
    for value in inputs:
        _, loc = split_kind(value)
        if loc.lower().startswith(("http://", "https://")):
            continue
        if not Path(loc).expanduser().exists() and not glob.has_magic(loc):  # an empty glob is fine
            out.append(value)
    return out


def print_report(report: IngestReport, console: Console) -> None:
    """The summary line plus a table of outcomes and reasons."""
    console.print(report.summary(), highlight=False, soft_wrap=True)
    if not report.reasons and not report.notes:
        return
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("outcome")
    table.add_column("count", justify="right")
    table.add_column("meaning / what to do")
    for reason, n in sorted(report.reasons.items()):
        kind = ("duplicate" if reason in DUPLICATE_KINDS else
                "skipped" if reason.startswith(SKIPPED_PREFIX) else "quarantined")
        meaning = ("already taken (same id / canonical URL / text); not stored again"
                   if kind == "duplicate" else REASONS.get(reason, ""))
        table.add_row(f"{kind}: {reason}", str(n), escape(meaning))
    for note, n in sorted(report.notes.items()):
        table.add_row(f"note: {note}", str(n), "")
    console.print(table)
    if report.quarantined or report.skipped:
        console.print(f"[dim]quarantined records: evw query \"SELECT reason, detail, input_name, record_number "
                      f"FROM quarantine WHERE ingest_run_id = '{report.run_id}'\"[/]", soft_wrap=True)


def ingest_command(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Files (.jsonl .json .csv .txt .md .html, optionally .gz), directories, globs, or http(s) URLs "
             "of feeds, pages or URL lists. Prefix with KIND: to force a type, e.g. urls:list.txt.")] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Name of a source listed in the config file (repeatable).")] = None,
    lake: Annotated[Path | None, typer.Option("--lake", help="Lake directory (default from config).")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", help="Config file (default: $EVW_CONFIG or ./evw.toml).")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
) -> None:
    """Read articles, clean and de-duplicate them, and write them to the lake, accounting for every record.

    With no INPUT and no --source, all enabled sources listed in the config file are ingested.
    """
    err = Console(stderr=True)
    items = list(inputs or [])
    missing = missing_inputs(items)
    if missing:
        err.print(f"[bold red]error:[/] input not found: {', '.join(missing)} "
                  "(pass existing files, directories, globs or http(s) URLs)", highlight=False)
        raise typer.Exit(2)
    try:
        cfg = load_config(config)
        if lake is not None:
            cfg = replace(cfg, lake=lake.resolve())
        report = run_ingest(items, lake=cfg.lake, config=cfg, sources=list(source or []), progress=progress)
    except ConfigError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    print_report(report, Console())
