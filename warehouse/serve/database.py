"""The served snapshot: one read-only DuckDB instance per published snapshot file ("generation").

Opens an in-memory DuckDB, ATTACHes the snapshot file READ_ONLY, attaches the catalog-shim database,
detaches the writable in-memory catalog and disables file access, so nothing a client sends can
write. DuckDB spills to a private directory of the server's (never the working directory's `.tmp`);
DuckDB keeps that directory readable for itself, so `fileguard` refuses every client statement that
could read or list a file. Notices a newly published snapshot (new inode, mtime or size after an
atomic rename) and opens a new generation for new queries; an old one closes when its last session
lets go.
Must not speak the wire protocol.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

SNAPSHOT_CATALOG = "warehouse"
SHIM_CATALOG = "evw"


class SnapshotMissing(RuntimeError):
    """The snapshot file does not exist (yet)."""


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


@dataclass
class Generation:
    """One opened snapshot file."""

    db: duckdb.DuckDBPyConnection
    identity: tuple[int, int, int]
    users: int = 0
    retired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new connection to this generation, positioned in the snapshot catalog."""
        with self.lock:
            cur = self.db.cursor()
        cur.execute(f"USE {SNAPSHOT_CATALOG}")
        return cur

    def close_if_idle(self) -> None:
        with self.lock:
            if self.retired and self.users == 0:
                self.db.close()


def file_identity(path: Path) -> tuple[int, int, int]:
    """(inode, mtime_ns, size): changes whenever a new snapshot is published over `path`."""
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class SnapshotDatabase:
    """Hands out DuckDB cursors over the newest published snapshot."""

    def __init__(self, snapshot: Path, shim_file: Path, memory_limit: str, threads: int,
                 temp_directory: Path | None = None) -> None:
        self.snapshot = snapshot
        self.shim_file = shim_file
        #: where DuckDB spills: a directory only DuckDB's own files go to ('' = no spilling)
        self.temp_directory = temp_directory
        self.memory_limit = memory_limit
        self.threads = threads
        self._lock = threading.Lock()
        self._current: Generation | None = None
        self.generations_opened = 0

    def _open(self, identity: tuple[int, int, int]) -> Generation:
        db = duckdb.connect(":memory:", config={"memory_limit": self.memory_limit,
                                                "threads": str(self.threads),
                                                "temp_directory": str(self.temp_directory or "")})
        try:
            db.execute(f"ATTACH {_sql_str(str(self.snapshot))} AS {SNAPSHOT_CATALOG} (READ_ONLY)")
            db.execute(f"ATTACH {_sql_str(str(self.shim_file))} AS {SHIM_CATALOG} (READ_ONLY)")
            db.execute(f"USE {SNAPSHOT_CATALOG}")
            db.execute("DETACH memory")
            db.execute("SET TimeZone = 'UTC'")
            db.execute("SET enable_external_access = false")
            db.execute("SET lock_configuration = true")
        except Exception:
            db.close()
            raise
        self.generations_opened += 1
        return Generation(db=db, identity=identity)

    def acquire(self) -> Generation:
        """The current generation (opening a new one if the file changed), with one more user."""
        try:
            identity = file_identity(self.snapshot)
        except FileNotFoundError as exc:
            raise SnapshotMissing(
                f"snapshot {self.snapshot} does not exist; run the warehouse load/publish first") from exc
        with self._lock:
            cur = self._current
            if cur is None or cur.identity != identity:
                new = self._open(identity)
                if cur is not None:
                    cur.retired = True
                    cur.close_if_idle()
                self._current = cur = new
            with cur.lock:
                cur.users += 1
            return cur

    def release(self, gen: Generation) -> None:
        """One user fewer; closes a retired generation once unused."""
        with gen.lock:
            gen.users -= 1
        gen.close_if_idle()

    def is_current(self, gen: Generation) -> bool:
        """Whether `gen` still matches the file on disk (cheap stat)."""
        try:
            return file_identity(self.snapshot) == gen.identity
        except FileNotFoundError:
            return True  # keep serving the old one while a publisher is mid-rename

    def close(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.retired = True
                self._current.close_if_idle()
                self._current = None
