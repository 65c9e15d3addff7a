"""Atomic ingest runs: stage everything a run writes, commit with one marker, then publish.

A run writes its article files, quarantine files, `ingest_runs` row and de-duplication state
(fingerprints, duplicates ledger, feeds.json) under `<lake>/_ingest_state/runs/<run id>/`, laid
out as they will be in the lake. When all of them are durable it writes the commit marker
`COMMIT` (the list of files, written to a temporary name, fsynced and renamed): that rename is
the commit point. Then each file is moved into its place in the lake (same file system: a
rename), the folders are fsynced and the staging folder is removed.

Recovery (`recover`, at the start of every run, under the lake's ingest lock): a staging folder
with a valid `COMMIT` belongs to a run that committed but did not finish publishing, so its
remaining files are moved (roll forward; moving is idempotent); a folder without one belongs to
a run that died before committing, so it is deleted (roll back). Either way the lake holds each
run completely or not at all, and a re-run takes exactly what the dead run did not commit.

Only one ingest run writes a lake at a time (`ingest_lock`, an flock on
`_ingest_state/ingest.lock`, released by the kernel when a process dies). Readers of the lake
only list `<lake>/<table>/day=…/` and never see staged files. Publishing moves `ingest_runs`
last, so a run's `ingest_runs` row in the lake means all its files are there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.validate import validate_table
from transforms.ingest.faults import fault_point
from transforms.ingest.state import STATE_DIR
from transforms.lake import META_PREFIX, LakeFile, atomic_path, partition_dir

log = logging.getLogger(__name__)

RUNS_DIR = "runs"
MARKER = "COMMIT"
SCRATCH = "_scratch"
LOCK_FILE = "ingest.lock"
#: Publish order: state first, the run record last (a reader that sees it sees the whole run).
_ORDER = (STATE_DIR + "/", "quarantine/", "articles/", "ingest_runs/")


def runs_dir(lake: Path) -> Path:
    return lake / STATE_DIR / RUNS_DIR


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _publish_rank(rel: str) -> tuple[int, str]:
    for i, prefix in enumerate(_ORDER):
        if rel.startswith(prefix):
            return i, rel
    return len(_ORDER), rel


class RunStaging:
    """The staging folder of one run: write files into it, commit, publish into the lake."""

    def __init__(self, lake: Path, run_id: str) -> None:
        self.lake = lake
        self.run_id = run_id
        self.root = runs_dir(lake) / run_id
        self.scratch = self.root / SCRATCH
        self.files: list[str] = []  # staged files, relative to the lake
        self.committed = False

    # -- staging ---------------------------------------------------------------------------
    def stage_table(self, rel: str, table: pa.Table, metadata: dict[str, str] | None = None,
                    point: str = "file_staged") -> Path:
        """Write `table` as Parquet to `<staging>/<rel>` (fsynced, renamed); return its lake path."""
        if metadata:
            existing = dict(table.schema.metadata or {})
            existing.update({(META_PREFIX + k).encode(): v.encode() for k, v in metadata.items()})
            table = table.replace_schema_metadata(existing)
        with atomic_path(self.root / rel) as tmp:
            pq.write_table(table, tmp, compression="zstd", use_dictionary=True)
            fault_point("file_tmp_written")
        self._staged(rel)
        fault_point(point)
        return self.lake / rel

    def stage_partition(self, table_name: str, day: dt.date, name: str, data: pa.Table,
                        metadata: dict[str, str] | None = None, point: str = "file_staged") -> LakeFile:
        """`transforms.lake.write_partition`, into the staging folder: validated, same layout."""
        validate_table(data, table_name)
        final = partition_dir(self.lake, table_name, day) / f"{name}.parquet"
        rel = final.relative_to(self.lake).as_posix()
        self.stage_table(rel, data, metadata, point)
        return LakeFile(table_name, day, final)

    def stage_text(self, rel: str, text: str, point: str = "file_staged") -> Path:
        with atomic_path(self.root / rel) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="\n")
            fault_point("file_tmp_written")
        self._staged(rel)
        fault_point(point)
        return self.lake / rel

    def _staged(self, rel: str) -> None:
        if rel not in self.files:
            self.files.append(rel)

    # -- commit and publish ----------------------------------------------------------------
    def commit(self) -> None:
        """Make the run durable as a whole: write the commit marker (the commit point)."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.root.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"run_id": self.run_id, "files": self.files}, indent=1).encode("utf-8")
        tmp = self.root / f".{MARKER}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(body[: len(body) // 2])
            fh.flush()
            fault_point("commit_marker_partial")
            fh.write(body[len(body) // 2:])
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / MARKER)
        _fsync_dir(self.root)
        self.committed = True
        fault_point("committed")

    def publish(self) -> list[Path]:
        """Move every staged file into the lake (idempotent), then remove the staging folder."""
        if not self.committed:
            raise RuntimeError(f"run {self.run_id} is not committed")
        out: list[Path] = []
        touched: set[Path] = set()
        for rel in sorted(self.files, key=_publish_rank):
            src, dst = self.root / rel, self.lake / rel
            if src.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
                touched.add(dst.parent)
                fault_point("file_published")
            elif not dst.exists():
                log.error("ingest run %s: staged file %s is missing from staging and lake", self.run_id, rel)
                continue
            out.append(dst)
        for folder in sorted(touched):
            _fsync_dir(folder)
        fault_point("published")
        self.discard()
        return out

    def discard(self) -> None:
        """Remove the staging folder (an uncommitted run's output, or a published run's leftovers)."""
        shutil.rmtree(self.root, ignore_errors=True)
        _fsync_dir(self.root.parent)

    @classmethod
    def from_marker(cls, lake: Path, folder: Path) -> RunStaging | None:
        """The committed run staged in `folder`, or None when it has no valid commit marker."""
        try:
            data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            return None
        if any(f.startswith("/") or ".." in Path(f).parts for f in files):
            return None  # never move anything outside the lake
        stage = cls(lake, folder.name)
        stage.files = list(files)
        stage.committed = True
        return stage


def recover(lake: Path) -> dict[str, int]:
    """Finish (roll forward) committed runs and discard uncommitted ones; call under the lock.
    Returns counts for the run notes: `recovered_committed_run`, `discarded_uncommitted_run`."""
    notes: dict[str, int] = {}
    folder = runs_dir(lake)
    if not folder.is_dir():
        return notes
    for run in sorted(p for p in folder.iterdir() if p.is_dir()):
        stage = RunStaging.from_marker(lake, run)
        if stage is not None:
            log.warning("ingest: finishing the publication of committed run %s", run.name)
            stage.publish()
            notes["recovered_committed_run"] = notes.get("recovered_committed_run", 0) + 1
        else:
            log.warning("ingest: discarding the uncommitted output of dead run %s", run.name)
            shutil.rmtree(run, ignore_errors=True)
            notes["discarded_uncommitted_run"] = notes.get("discarded_uncommitted_run", 0) + 1
    _fsync_dir(folder)
    legacy = lake / STATE_DIR / "scratch"  # spill folders of runs before staging existed
    if legacy.is_dir():
        shutil.rmtree(legacy, ignore_errors=True)
    return notes


@contextlib.contextmanager
def ingest_lock(lake: Path) -> Iterator[None]:
    """Hold the lake's ingest lock (exclusive; waits for a running ingest to finish)."""
    path = lake / STATE_DIR / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("ingest: another ingest run holds %s; waiting for it to finish", path)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
