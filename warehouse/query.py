"""Read-only queries for the CLI: `evw query` output formats and `evw stats`.

Opens the warehouse read-only; when a writer holds it, falls back to the published snapshot.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import TextIO

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from warehouse.snapshot import snapshot_path

FORMATS = ("table", "csv", "json", "parquet")


class QueryError(RuntimeError):
    """The query could not run; the message says why and what to do."""


def connect_readonly(warehouse: Path) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """A read-only connection to the warehouse, or to its snapshot when the file is locked."""
    if not warehouse.exists():
        raise QueryError(f"warehouse {warehouse} does not exist; run `evw run INPUT` or `evw load` first")
    try:
        return duckdb.connect(str(warehouse), read_only=True), warehouse
    except duckdb.IOException as exc:
        snap = snapshot_path(warehouse)
        if snap.exists():
            return duckdb.connect(str(snap), read_only=True), snap
        raise QueryError(f"{warehouse} is locked by a writer and no snapshot exists yet: {exc}") from exc


def _write_csv(table: pa.Table, fh: TextIO) -> None:
    writer = csv.writer(fh)
    writer.writerow(table.column_names)
    for row in table.to_pylist():
        writer.writerow(["" if v is None else v for v in row.values()])


def run_query(warehouse: Path, sql: str, *, fmt: str = "table", output: Path | None = None, limit: int = 200,
              console: Console | None = None) -> pa.Table:
    """Run `sql` and print or write the result in `fmt`."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet" and output is None:
        raise QueryError("--format parquet needs --output FILE")
    con, _ = connect_readonly(warehouse)
    try:
        try:
            result = con.sql(sql)
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc
        table = result.to_arrow_table() if result is not None else pa.table({})
    finally:
        con.close()
    if fmt == "parquet":
        assert output is not None
        pq.write_table(table, output)
    elif fmt == "csv":
        if output:
            with open(output, "w", newline="", encoding="utf-8") as fh:
                _write_csv(table, fh)
        else:
            _write_csv(table, sys.stdout)
    elif fmt == "json":
        lines = "\n".join(json.dumps(r, default=str, ensure_ascii=False) for r in table.to_pylist())
        if output:
            output.write_text(lines + "\n", encoding="utf-8")
        else:
            print(lines)
    else:
        console = console or Console()
        rich_table = Table(*table.column_names, show_lines=False)
        for row in table.slice(0, limit).to_pylist():
            rich_table.add_row(*("" if v is None else str(v) for v in row.values()))
        console.print(rich_table)
        if table.num_rows > limit:
            console.print(f"[dim]{table.num_rows - limit} more rows; use --limit or --format csv[/]")
    return table


STATS_SQL = {
    "tables": "SELECT table_name, estimated_size AS rows FROM duckdb_tables() ORDER BY table_name",
    "event dates": "SELECT min(event_date) AS first, max(event_date) AS last, count(*) AS mentions FROM event_mentions",
    "coder versions": "SELECT coder_version, count(*) AS mentions FROM event_mentions GROUP BY 1 ORDER BY 1",
    "quarantine reasons": "SELECT reason, count(*) AS records FROM quarantine GROUP BY 1 ORDER BY 2 DESC",
    "events by root": (
        "SELECT event_root_code AS root, count(*) AS mentions FROM event_mentions "
        "WHERE NOT is_negated AND NOT is_hypothetical GROUP BY 1 ORDER BY 1"
    ),
}


def print_stats(warehouse: Path, console: Console | None = None) -> None:
    """Print row counts, date range, coder versions and quarantine reasons."""
    console = console or Console()
    con, used = connect_readonly(warehouse)
    try:
        console.print(f"[bold]{used}[/]")
        for title, sql in STATS_SQL.items():
            try:
                table = con.sql(sql).to_arrow_table()
            except duckdb.Error as exc:
                console.print(f"[yellow]{title}: unavailable ({str(exc).splitlines()[0]})[/]")
                continue
            rich_table = Table(*table.column_names, title=title)
            for row in table.to_pylist():
                rich_table.add_row(*("" if v is None else str(v) for v in row.values()))
            console.print(rich_table)
    finally:
        con.close()
