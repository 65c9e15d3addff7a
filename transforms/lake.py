"""The Parquet lake: Hive-partitioned tables under one directory, written atomically.

Layout: `<lake>/<table>/day=YYYY-MM-DD/<name>.parquet`. Every file is written to a temporary
name in the same directory, fsynced and renamed, so readers never see half a file. Files carry
key-value metadata (`evw.*`) that later steps use to decide what is already done.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import LAKE_TABLES
from schemas.validate import validate_table

PARTITION_KEY = "day"
META_PREFIX = "evw."


@dataclass(frozen=True, slots=True)
class LakeFile:
    """One Parquet file of a lake table."""

    table: str
    day: dt.date
    path: Path

    @property
    def partition(self) -> str:
        return f"{PARTITION_KEY}={self.day.isoformat()}"

    @property
    def name(self) -> str:
        return self.path.stem


def table_dir(lake: Path, table: str) -> Path:
    if table not in LAKE_TABLES:
        raise ValueError(f"{table!r} is not a lake table ({', '.join(LAKE_TABLES)})")
    return lake / table


def partition_dir(lake: Path, table: str, day: dt.date) -> Path:
    return table_dir(lake, table) / f"{PARTITION_KEY}={day.isoformat()}"


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success fsync it and rename it over `path`.

    Readers see the old file or the new one, never half of one; on error nothing is left behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(path: Path, text: str) -> Path:
    """Write a UTF-8 text file atomically (see `atomic_path`)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return path


def write_atomic(table: pa.Table, path: Path, metadata: dict[str, str] | None = None) -> Path:
    """Write `table` to `path` via a temporary file + fsync + rename (no partial files, ever)."""
    if metadata:
        existing = dict(table.schema.metadata or {})
        existing.update({(META_PREFIX + k).encode(): v.encode() for k, v in metadata.items()})
        table = table.replace_schema_metadata(existing)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", use_dictionary=True)
    return path


def write_partition(lake: Path, table_name: str, day: dt.date, name: str, table: pa.Table,
                    metadata: dict[str, str] | None = None) -> LakeFile:
    """Validate `table` against its schema and write it as `<table>/day=<day>/<name>.parquet`."""
    validate_table(table, table_name)
    path = partition_dir(lake, table_name, day) / f"{name}.parquet"
    write_atomic(table, path, metadata)
    return LakeFile(table_name, day, path)


def list_files(lake: Path, table: str, days: tuple[dt.date, dt.date] | None = None) -> Iterator[LakeFile]:
    """Committed Parquet files of a lake table in (day, name) order, optionally within [start, end]."""
    root = table_dir(lake, table)
    if not root.is_dir():
        return
    for part in sorted(root.iterdir()):
        if not part.is_dir() or not part.name.startswith(PARTITION_KEY + "="):
            continue
        try:
            day = dt.date.fromisoformat(part.name.split("=", 1)[1])
        except ValueError:
            continue
        if days and not (days[0] <= day <= days[1]):
            continue
        for f in sorted(part.glob("*.parquet")):
            if not f.name.startswith("."):
                yield LakeFile(table, day, f)


def file_metadata(path: Path) -> dict[str, str]:
    """The `evw.*` key-value metadata of a lake file (cheap: reads the footer only)."""
    meta = pq.read_schema(path).metadata or {}
    out = {}
    for k, v in meta.items():
        key = k.decode()
        if key.startswith(META_PREFIX):
            out[key[len(META_PREFIX):]] = v.decode()
    return out


def read_file(path: Path) -> pa.Table:
    """Read one lake file (without Hive partition columns)."""
    return pq.read_table(path, partitioning=None)
