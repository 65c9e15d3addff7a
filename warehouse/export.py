"""Exports for other tools: one day of events in the GDELT 2.0 Event format, and the marts as Parquet.

Reads the published snapshot (or the warehouse read-only when there is none) and writes files
atomically (temporary name + rename). Never writes to the warehouse.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from schemas.tables import EVENTS
from transforms.lake import write_text_atomic
from transforms.places import fips_code
from warehouse import models
from warehouse.snapshot import snapshot_path

#: The 61 GDELT 2.0 Event columns, in GDELT order (our snake_case names).
GDELT_COLUMNS: tuple[str, ...] = tuple(EVENTS.names[:61])


class ExportError(RuntimeError):
    """Nothing to export, or the warehouse cannot be read; the message says what to do."""


@contextmanager
def open_for_reading(warehouse: Path, snapshot: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the snapshot (preferred: never blocked by the writer) or the warehouse."""
    snap = snapshot or snapshot_path(warehouse)
    path = snap if snap.exists() else warehouse
    if not path.exists():
        raise ExportError(f"neither {snap} nor {warehouse} exists; run `evw load` first")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        raise ExportError(f"cannot open {path} read-only (a writer holds it and there is no snapshot): {exc}") from exc
    try:
        yield con
    finally:
        con.close()


def _text(v: Any) -> str:
    return "" if v is None else str(v).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _num(fmt: str) -> Callable[[Any], str]:
    return lambda v: "" if v is None else format(v, fmt)


def _formatter(column: str) -> Callable[[Any], str]:
    """How GDELT writes each column: dates as YYYYMMDD, booleans as 1/0, geo countries as FIPS 10-4."""
    if column == "day":
        return lambda v: v.strftime("%Y%m%d")
    if column == "date_added":
        return lambda v: v.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")
    if column == "fraction_date":
        return _num(".4f")
    if column == "is_root_event":
        return lambda v: "1" if v else "0"
    if column == "goldstein_scale" or column == "avg_tone":
        return lambda v: "" if v is None else f"{round(float(v), 1):g}"
    if column.endswith("_geo_lat") or column.endswith("_geo_long"):
        return _num(".4f")
    if column.endswith("_geo_country_code"):
        return lambda v: _text(fips_code(v))
    return _text


def gdelt_lines(con: duckdb.DuckDBPyConnection, day: dt.date) -> list[str]:
    """The day's events as GDELT 2.0 export lines (61 tab-separated fields), by global_event_id."""
    cols = ", ".join(f'"{c}"' for c in GDELT_COLUMNS)
    rows = con.execute(f"SELECT {cols} FROM events WHERE day = ? ORDER BY global_event_id", [day]).fetchall()
    fmts = [_formatter(c) for c in GDELT_COLUMNS]
    return ["\t".join(f(v) for f, v in zip(fmts, row, strict=True)) for row in rows]


def export_gdelt(warehouse: Path, day: dt.date, out: Path | None = None, *, snapshot: Path | None = None) -> tuple[
        Path, int]:
    """Write `day`'s events as a GDELT 2.0 Event file (default name `YYYYMMDD.export.CSV`, tab-separated,
    no header, like GDELT's); returns the path and the number of events."""
    target = out or Path(f"{day.strftime('%Y%m%d')}.export.CSV")
    with open_for_reading(warehouse, snapshot) as con:
        lines = gdelt_lines(con, day)
    write_text_atomic(target, "".join(line + "\n" for line in lines))
    return target, len(lines)


def export_parquet(warehouse: Path, out_dir: Path, marts: list[str] | None = None, *,
                   snapshot: Path | None = None) -> list[Path]:
    """Write each mart (all by default) to `out_dir/<mart>.parquet`; returns the files written."""
    known = [m.name for m in models.marts()]
    wanted = marts or known
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise ExportError(f"unknown mart(s) {', '.join(unknown)}; choose from {', '.join(known)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with open_for_reading(warehouse, snapshot) as con:
        for name in wanted:
            target = out_dir / f"{name}.parquet"
            tmp = out_dir / f".{name}.{uuid.uuid4().hex}.tmp.parquet"
            try:
                con.execute(f"COPY (SELECT * FROM {name} ORDER BY ALL) TO '{tmp}' (FORMAT parquet, COMPRESSION zstd)")
                os.replace(tmp, target)
            except duckdb.CatalogException as exc:
                raise ExportError(f"mart {name} is missing from the warehouse; run `evw load` first ({exc})") from exc
            finally:
                if tmp.exists():
                    tmp.unlink()
            written.append(target)
    return written
