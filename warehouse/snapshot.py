"""The read-only snapshot of the warehouse that readers (BI server, notebooks) open.

DuckDB lets one process write a file and no other process open it meanwhile, so after each
successful load the writer publishes a copy: written to a temporary file, checkpointed, fsynced and
renamed over the old snapshot. Readers that hold the old one keep a consistent view; new readers get
the new one. The snapshot uses storage version v1.5.0 so that DuckDB 1.5 clients can open it.
Nothing here writes to the warehouse itself.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from transforms.config import Config
from transforms.lake import temp_path

#: DuckDB storage format of the warehouse and its snapshot (readable by DuckDB >= 1.5).
STORAGE_VERSION = "v1.5.0"


def snapshot_path(warehouse: Path, config: Config | None = None) -> Path:
    """Where the snapshot of `warehouse` is published: `[warehouse] snapshot` in the config, else
    beside it (`warehouse.duckdb` -> `warehouse.snapshot.duckdb`)."""
    if config is not None:
        configured = config.section("warehouse").get("snapshot")
        if configured:
            return config.resolve(configured)
    return warehouse.with_name(f"{warehouse.stem}.snapshot{warehouse.suffix or '.duckdb'}")


def storage_version(con: duckdb.DuckDBPyConnection, database: str | None = None) -> str:
    """The storage version tag of an attached database (`v1.5.0+`, or '' when untagged)."""
    row = con.execute(
        "SELECT tags FROM duckdb_databases() WHERE database_name = coalesce(?, current_database())", [database]
    ).fetchone()
    tags = row[0] if row else None
    return str((tags or {}).get("storage_version", ""))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_snapshot(warehouse: Path, target: Path) -> Path:
    """Publish `warehouse` (closed by its writer, checkpointed) atomically as `target`.

    A warehouse already in storage version v1.5.0 is copied byte for byte (fast); any other file
    is rewritten through `COPY FROM DATABASE` into a v1.5.0 file.
    """
    wal = warehouse.with_name(warehouse.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RuntimeError(f"{warehouse} has an unfinished write-ahead log; close the writer before publishing")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target)  # tagged with this process: a later load removes it if we are killed
    try:
        probe = duckdb.connect(str(warehouse), read_only=True)
        try:
            version = storage_version(probe)
        finally:
            probe.close()
        if version.startswith(STORAGE_VERSION):
            shutil.copyfile(warehouse, tmp)
        else:
            con = duckdb.connect()
            try:
                con.execute(f"ATTACH '{warehouse}' AS src (READ_ONLY)")
                con.execute(f"ATTACH '{tmp}' AS snap (STORAGE_VERSION '{STORAGE_VERSION}')")
                con.execute("COPY FROM DATABASE src TO snap")
                con.execute("DETACH snap")
            finally:
                con.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
    return target


def needs_publish(warehouse: Path, target: Path) -> bool:
    """True when there is no snapshot or it is older than the warehouse file."""
    return not target.exists() or target.stat().st_mtime_ns < warehouse.stat().st_mtime_ns
