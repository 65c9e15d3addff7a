"""Issue 17, crash safety: an ingest run killed at any point, then re-run, leaves the lake exactly as
clean runs do, and no article is ever in the lake twice.

A crash matrix: each case runs `run_ingest` in a subprocess with `EVW_FAULT_POINT` set, so the
process SIGKILLs itself at that named point (`transforms.ingest.faults`); then ingest runs again,
normally, on the same lake. The lake is compared with a reference lake by a checksum of the
sorted rows of every table (articles, quarantine, ingest_runs) and of the de-duplication state
(fingerprints, duplicates ledger, feeds.json), leaving out what names a run (run ids, finish
times). A crash before the commit point must look like no run at all (the re-run is the first
run); a crash after it like a finished run (the re-run is a second run of the same input, which
finds only duplicates)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from transforms.config import Config
from transforms.ingest import run_ingest
from transforms.ingest.faults import POINTS
from transforms.ingest.staging import MARKER, runs_dir

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
REPO = Path(__file__).resolve().parents[1]
#: Small buffers so that a run writes several article and quarantine files, spills, stages
#: fingerprints and the ledger in parts: every fault point is reached, several more than once.
INGEST = {"flush_rows": 3, "flush_bytes": 1500}
RUN_COLUMNS = {"ingest_run_id", "finished_at"}

SCRIPT = """
import datetime as dt, json, sys
from pathlib import Path
from transforms.config import Config
from transforms.ingest import run_ingest
now = dt.datetime.fromisoformat(sys.argv[1])
config = Config(raw={"ingest": json.loads(sys.argv[2])})
run_ingest(sys.argv[4:], lake=Path(sys.argv[3]), config=config, progress=False, now=now)
"""

TOWNS = ["Keld", "Arlow", "Brena", "Corvo", "Dunmere", "Eskar", "Folby", "Garth", "Hollin", "Istra", "Jorvik",
         "Kessel"]
ACTIONS = ["reopen two border crossings", "repair the old harbour wall", "raise the tax on imported fuel",
           "build a new school near the river", "close the coal mine by next spring",
           "hire more nurses for the district hospital", "lower bus fares for students",
           "ban lorries from the market square", "open a new railway line to the coast",
           "plant trees along the main road", "expand the airport cargo terminal", "fund a new public library"]


def story(i: int) -> str:
    return (f"The council of {TOWNS[i]} met on Monday and voted to {ACTIONS[i]}, the mayor said in a statement "
            f"after {i + 3} hours of debate. Opposition members said they would ask the regional court to "
            f"review the decision, which they called rushed and expensive for the people of {TOWNS[i]}.")


def make_inputs(folder: Path) -> list[str]:
    """Articles over three days with exact duplicates, a near-duplicate and bad records; a CSV too."""
    records: list[object] = []
    for i in range(10):
        records.append({"id": f"a{i}", "text": story(i), "published": f"2026-02-0{1 + i % 3}T08:00:00Z",
                        "url": f"https://news.example/{i}", "source": "Example News"})
    records += [
        {"id": "a3", "text": story(11)},  # duplicate id
        {"id": "copy", "text": story(4)},  # duplicate text
        {"id": "near", "text": story(5) + " A spokesman declined to comment further.",
         "published": "2026-02-03"},  # near-duplicate of a5
        {"id": "bad-lang", "language": "e\ud800n", "text": story(6)},  # unrepairable field
        "not json",
        {"id": "empty", "text": "   "},
        {"text": 42},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    (folder / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "in.csv").write_text(
        "id,text,published\n"
        f'c1,"{story(10)}",2026-02-02\n'
        'c2,"an unclosed quote swallows the next rows\n'
        f"c3,{story(11).replace(',', '')},2026-02-03\n"
        f"c4,{story(7).replace(',', '')} Also on the radio.,2026-02-01\n", encoding="utf-8")
    return [str(folder / "in.jsonl"), str(folder / "in.csv")]


def ingest(lake: Path, inputs: list[str]) -> None:
    report = run_ingest(inputs, lake=lake, config=Config(raw={"ingest": INGEST}), progress=False, now=NOW)
    assert report.balanced, report.summary()


def crash(lake: Path, inputs: list[str], point: str) -> None:
    env = {**os.environ, "EVW_FAULT_POINT": point, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", SCRIPT, NOW.isoformat(), json.dumps(INGEST), str(lake), *inputs]
    out = subprocess.run(args, env=env,
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == -signal.SIGKILL, f"{point}: not reached or failed (rc {out.returncode}): {out.stderr}"


def _rows_digest(files: list[Path], drop: set[str]) -> tuple[int, str]:
    tables = [pq.read_table(f, partitioning=None) for f in files]
    if not tables:
        return 0, "empty"
    table = pa.concat_tables(tables)
    table = table.drop_columns([c for c in table.column_names if c in drop])
    rows = sorted(json.dumps(r, sort_keys=True, default=repr) for r in table.to_pylist())
    return len(rows), hashlib.sha256("\n".join(rows).encode("utf-8", "surrogatepass")).hexdigest()


def lake_digest(lake: Path) -> dict[str, tuple[int, str]]:
    """Row count and checksum of the sorted rows of every lake table and every state table."""
    out = {}
    for name in ("articles", "quarantine", "ingest_runs"):
        out[name] = _rows_digest(sorted((lake / name).glob("day=*/*.parquet")), RUN_COLUMNS)
    state = lake / "_ingest_state"
    for name in ("fingerprints", "duplicates"):
        out[name] = _rows_digest(sorted((state / name).glob("*.parquet")), RUN_COLUMNS)
    feeds = state / "feeds.json"
    out["feeds.json"] = (1, feeds.read_text()) if feeds.exists() else (0, "")
    return out


def check_invariants(lake: Path) -> None:
    ids = pa.concat_tables(pq.read_table(f, columns=["article_id"])
                           for f in (lake / "articles").glob("day=*/*.parquet")).column(0).to_pylist()
    assert len(ids) == len(set(ids)), "an article_id is in the lake twice"
    runs = [r for f in (lake / "ingest_runs").glob("day=*/*.parquet") for r in pq.read_table(f).to_pylist()]
    for r in runs:
        assert r["records_read"] == r["accepted"] + r["duplicates"] + r["quarantined"]
    assert not runs_dir(lake).is_dir() or not any(runs_dir(lake).iterdir()), "staging left behind"
    leftovers = list(lake.rglob(".*.tmp"))
    assert not leftovers, leftovers


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, tuple[int, str]],
                                                                   dict[str, tuple[int, str]]]:
    base = tmp_path_factory.mktemp("crash")
    inputs = make_inputs(base)
    one = base / "one-run"
    ingest(one, inputs)
    after_one = lake_digest(one)
    ingest(one, inputs)
    after_two = lake_digest(one)
    check_invariants(one)
    assert after_one["articles"][0] == 14 and after_one["quarantine"][0] == 5
    assert after_one != after_two and after_one["articles"] == after_two["articles"]
    return inputs, after_one, after_two


#: (fault point with hit count, is the crashed run committed when it dies?)
MATRIX = [
    ("run_started", False),
    ("spill_written", False),
    ("article_file_staged", False),
    ("article_file_staged:3", False),  # after some article files
    ("quarantine_file_staged", False),
    ("fingerprints_staged", False),    # de-duplication state half written
    ("ledger_staged", False),
    ("file_tmp_written:4", False),     # a staged file torn mid-write
    ("feed_state_staged", False),
    ("run_record_staged", False),      # everything staged, not committed
    ("commit_marker_partial", False),  # half a commit marker
    ("committed", True),               # committed, nothing published
    ("file_published", True),          # one file published
    ("file_published:5", True),        # half published
    ("published", True),               # published, staging folder not removed
    ("run_finished", True),
]


def test_matrix_covers_every_fault_point() -> None:
    assert {p.split(":")[0] for p, _ in MATRIX} == set(POINTS)


@pytest.mark.parametrize(("point", "committed"), MATRIX, ids=[p for p, _ in MATRIX])
def test_crash_then_rerun_equals_clean_runs(point: str, committed: bool, tmp_path: Path,
                                            references: tuple[list[str], dict[str, tuple[int, str]],
                                                              dict[str, tuple[int, str]]]) -> None:
    inputs, after_one, after_two = references
    lake = tmp_path / "lake"
    crash(lake, inputs, point)
    markers = list(runs_dir(lake).glob(f"*/{MARKER}"))
    assert len(markers) == (1 if committed and point != "run_finished" else 0), markers
    if not committed:
        assert not list(lake.glob("*/day=*/*.parquet")), "an uncommitted run's files are visible in the lake"
    ingest(lake, inputs)
    check_invariants(lake)
    assert lake_digest(lake) == (after_two if committed else after_one)


def test_crash_during_recovery_then_rerun(tmp_path: Path, references: tuple[list[str], dict[str, tuple[int, str]],
                                                                            dict[str, tuple[int, str]]]) -> None:
    """Killed after committing, then killed again while the next run publishes the dead run's files:
    the third run still finishes both and the lake equals two clean runs."""
    inputs, _, after_two = references
    lake = tmp_path / "lake"
    crash(lake, inputs, "committed")
    crash(lake, inputs, "file_published:2")
    ingest(lake, inputs)
    check_invariants(lake)
    assert lake_digest(lake) == after_two
