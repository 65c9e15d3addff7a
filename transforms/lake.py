"""The Parquet lake: Hive-partitioned tables under one directory, written atomically.

Layout: `<lake>/<table>/day=YYYY-MM-DD/<name>.parquet`. Every file is written to a temporary
name in the same directory, fsynced and renamed, so readers never see half a file. Files carry
key-value metadata (`evw.*`) that later steps use to decide what is already done.

A temporary name says who writes it (`.<name>.<host>-<pid>-<process start>-<random>.tmp`), so a
step can remove the ones a killed writer left (`remove_stale_temp_files`) without touching those a
live process is still writing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import socket
import time
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


#: Host tag in temporary names (a lake on shared storage is written from several hosts).
HOST_TAG = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
#: A temporary file of another host is stale only when older than this (its process is not visible).
FOREIGN_STALE_SECONDS = 24 * 3600.0
#: A temporary file without a writer tag (written before tags existed) is stale when older than this.
UNTAGGED_STALE_SECONDS = 3600.0
_TEMP_NAME = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-(?P<start>\d+)-)?"
                        r"(?P<rand>[0-9a-f]{12,32})\.tmp(?:\.[a-z]+)?$")


def _process_start(pid: int) -> int:
    """A process's start time in clock ticks since boot (Linux /proc), 0 when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return int(stat[stat.rindex(")") + 2:].split()[19])
    except (OSError, ValueError, IndexError):
        return 0


_START = _process_start(os.getpid())
_START_PID = os.getpid()


def _writer_tag() -> str:
    pid = os.getpid()
    start = _START if pid == _START_PID else _process_start(pid)  # a forked worker has its own
    return f"{HOST_TAG}-{pid}-{start}"


def temp_path(path: Path) -> Path:
    """A hidden temporary name beside `path`, tagged with this process (see the module docstring)."""
    return path.with_name(f".{path.name}.{_writer_tag()}-{uuid.uuid4().hex[:12]}.tmp")


def _writer_alive(pid: int, start: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, another user's
    return not start or not _process_start(pid) or _process_start(pid) == start


def is_stale_temp(path: Path, started: float, now: float | None = None) -> bool:
    """True for a temporary file (by name) that no live process is writing and that is older than
    `started` (the current step's start, a `time.time()` value)."""
    m = _TEMP_NAME.match(path.name)
    if not m:
        return False
    try:
        mtime = path.lstat().st_mtime
    except FileNotFoundError:
        return False
    if mtime >= started:
        return False
    age = (time.time() if now is None else now) - mtime
    if m["pid"] is None:
        return age > UNTAGGED_STALE_SECONDS
    if m["host"] != HOST_TAG:
        return age > FOREIGN_STALE_SECONDS
    return not _writer_alive(int(m["pid"]), int(m["start"]))


def remove_stale_temp_files(root: Path, started: float, recursive: bool = True) -> list[Path]:
    """Remove the temporary files under `root` that killed writers left behind (`is_stale_temp`);
    returns them. Call at the start of a step that writes there."""
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    walk = os.walk(root) if recursive else [(str(root), [], os.listdir(root))]
    for folder, _dirs, names in walk:
        for name in names:
            if name.startswith(".") and ".tmp" in name:
                candidate = Path(folder) / name
                if not candidate.is_dir() and is_stale_temp(candidate, started):
                    try:
                        candidate.unlink()
                    except OSError:  # gone meanwhile, or not ours to remove
                        continue
                    removed.append(candidate)
    return removed


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success fsync it and rename it over `path`.

    Readers see the old file or the new one, never half of one; on error nothing is left behind
    (after a kill, `remove_stale_temp_files` removes the temporary file).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
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
