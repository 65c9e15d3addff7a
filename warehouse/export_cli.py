"""The `evw export` command: `evw export gdelt --day D` and `evw export parquet [--out DIR]`.

Thin: parses options and calls `warehouse.export`; registered in `warehouse/cli.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def export_command(
    kind: Annotated[str, typer.Argument(help="gdelt (one day of events, GDELT 2.0 Event format) or parquet (marts).")],
    day: Annotated[str | None, typer.Option(help="Day to export for gdelt (YYYY-MM-DD).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help=(
        "gdelt: output file (default YYYYMMDD.export.CSV); parquet: directory (default ./marts)."))] = None,
    mart: Annotated[list[str] | None, typer.Option(help="parquet: only this mart (repeatable).")] = None,
    warehouse: Annotated[Path | None, typer.Option(help="Warehouse file (its snapshot is read).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file.")] = None,
) -> None:
    """Export events in GDELT 2.0 format (61 tab-separated columns) or the marts as Parquet files."""
    from warehouse.cli import console, fail, parse_day, settings
    from warehouse.export import export_gdelt, export_parquet
    from warehouse.snapshot import snapshot_path

    cfg = settings(config, warehouse=warehouse)
    snap = snapshot_path(cfg.warehouse, cfg)
    if kind == "gdelt":
        d = parse_day(day)
        if d is None:
            fail("evw export gdelt needs --day YYYY-MM-DD")
            return
        path, n = export_gdelt(cfg.warehouse, d, out, snapshot=snap)
        console.print(f"wrote {n} events of {d} in GDELT 2.0 format to {path}")
    elif kind == "parquet":
        files = export_parquet(cfg.warehouse, out or Path("marts"), mart or None, snapshot=snap)
        console.print(f"wrote {len(files)} marts to {(out or Path('marts'))}: " + ", ".join(f.name for f in files))
    else:
        fail(f"unknown export {kind!r}: use `evw export gdelt --day D` or `evw export parquet`")
