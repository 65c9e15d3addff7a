"""Incremental ingest state kept in the lake under `<lake>/_ingest_state/`.

- `fingerprints/<run>-<part>.parquet`: what was taken (ids, URL/text keys, MinHash bands and
  sketches);
- `duplicates/<part>.parquet`: exact duplicates of a run, with the id each one duplicates;
- `feeds.json`: ETag / Last-Modified per feed URL for conditional requests;
- (the lake's own `quarantine` table tells which rejected records are already recorded);
- `runs/<run>/`: a run's staged output (see `staging.py`): state files are staged there with the
  run's articles and published together with them, so state and lake never disagree.
Reads and writes these files atomically; decides nothing about articles. (`write_fingerprints`
and `commit_fingerprints` write outside a staged run, for tools and tests.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.lake import file_metadata, list_files, write_atomic, write_text_atomic

if TYPE_CHECKING:
    from transforms.ingest.staging import RunStaging

STATE_DIR = "_ingest_state"

DUPLICATES_SCHEMA = pa.schema([
    ("ingest_run_id", pa.string()),
    ("input_name", pa.string()),
    ("record_number", pa.int64()),
    ("article_id", pa.string()),
    ("duplicate_of", pa.string()),
    ("kind", pa.string()),
])


def state_dir(lake: Path) -> Path:
    return lake / STATE_DIR


def write_fingerprints(lake: Path, run_id: str, part: int, table: pa.Table, params: str) -> Path:
    """Write a part of a run's fingerprints to `pending/` (not yet visible to later runs)."""
    path = state_dir(lake) / "pending" / f"{run_id}-{part:04d}.parquet"
    return write_atomic(table, path, {"fingerprint_params": params})


def commit_fingerprints(lake: Path, run_id: str) -> None:
    """Make a run's pending fingerprints visible; call only after its articles are in the lake."""
    pending = state_dir(lake) / "pending"
    target = state_dir(lake) / "fingerprints"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(pending.glob(f"{run_id}-*.parquet")) if pending.is_dir() else []:
        os.replace(path, target / path.name)


def read_fingerprints(lake: Path, params: str) -> list[tuple[pa.Table, bool]]:
    """All fingerprint files, oldest first, each with 'made with the same parameters'."""
    folder = state_dir(lake) / "fingerprints"
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.parquet")):
        if path.name.startswith("."):
            continue
        same = file_metadata(path).get("fingerprint_params") == params
        out.append((pq.read_table(path), same))
    return out


def fingerprints_rel(run_id: str, part: int) -> str:
    """Where a part of a run's fingerprints lives, relative to the lake."""
    return f"{STATE_DIR}/fingerprints/{run_id}-{part:04d}.parquet"


def stage_fingerprints(stage: RunStaging, part: int, table: pa.Table, params: str) -> Path:
    """Stage a part of the run's fingerprints (visible to later runs once the run is published)."""
    return stage.stage_table(fingerprints_rel(stage.run_id, part), table, {"fingerprint_params": params},
                             point="fingerprints_staged")


def stage_duplicates(stage: RunStaging, name: str, rows: list[dict[str, Any]]) -> Path | None:
    """Stage a part of the exact-duplicates ledger."""
    if not rows:
        return None
    table = pa.Table.from_pylist(rows, schema=DUPLICATES_SCHEMA)
    return stage.stage_table(f"{STATE_DIR}/duplicates/{name}.parquet", table, point="ledger_staged")


def stage_feed_state(stage: RunStaging, state: dict[str, dict[str, str]]) -> Path:
    """Stage feeds.json (it replaces the lake's copy when the run is published)."""
    return stage.stage_text(f"{STATE_DIR}/feeds.json", json.dumps(state, indent=1, sort_keys=True),
                            point="feed_state_staged")


def write_duplicates(lake: Path, name: str, rows: list[dict[str, Any]]) -> Path | None:
    if not rows:
        return None
    table = pa.Table.from_pylist(rows, schema=DUPLICATES_SCHEMA)
    return write_atomic(table, state_dir(lake) / "duplicates" / f"{name}.parquet")


def read_duplicates(lake: Path) -> pa.Table:
    folder = state_dir(lake) / "duplicates"
    files = sorted(p for p in folder.glob("*.parquet") if not p.name.startswith(".")) if folder.is_dir() else []
    if not files:
        return DUPLICATES_SCHEMA.empty_table()
    return pa.concat_tables(pq.read_table(p) for p in files)


def read_quarantine_ids(lake: Path) -> set[str]:
    """Ids of every record already in the lake's quarantine table (re-runs do not add them again)."""
    out: set[str] = set()
    for f in list_files(lake, "quarantine"):
        try:
            out.update(pq.read_table(f.path, columns=["quarantine_id"]).column(0).to_pylist())
        except (OSError, KeyError, pa.ArrowException):
            continue  # an unreadable file is the loader's to report; worst case a row is repeated
    return out


def read_feed_state(lake: Path) -> dict[str, dict[str, str]]:
    path = state_dir(lake) / "feeds.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # a damaged state file only costs one unconditional fetch per feed
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def write_feed_state(lake: Path, state: dict[str, dict[str, str]]) -> None:
    write_text_atomic(state_dir(lake) / "feeds.json", json.dumps(state, indent=1, sort_keys=True))
