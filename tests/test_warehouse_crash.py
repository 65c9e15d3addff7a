"""Crash safety: a load killed with SIGKILL at any point leaves the warehouse as it was; the next run completes it."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from transforms.config import Config
from warehouse.checksum import checksums
from warehouse.load import run_load
from warehouse.snapshot import snapshot_path
from warehouse.synthetic import generate_lake

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from transforms.config import Config
    from warehouse.load import run_load
    print("ready", flush=True)
    run_load(Path(sys.argv[1]), Path(sys.argv[2]), Config(), progress=False)
    print("done", flush=True)
""")
CONTENT = ["articles", "event_mentions", "events", "loaded_files", "daily_dyad_counts", "top_dyads"]


def _sums(path: Path) -> dict[str, tuple[int, str]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return checksums(con, CONTENT)
    finally:
        con.close()


@pytest.fixture(scope="module")
def lakes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("crash")
    generate_lake(tmp / "lake", 100_000, days=20, start=dt.date(2024, 1, 1))
    # the reference: the same lake loaded in one go, undisturbed (its duration paces the kills)
    started = time.perf_counter()
    run_load(tmp / "lake", tmp / "reference.duckdb", Config(), progress=False)
    return {"dir": tmp, "seconds": time.perf_counter() - started, "reference": _sums(tmp / "reference.duckdb")}


@pytest.mark.parametrize("fraction", [0.15, 0.4])
def test_sigkill_mid_load_leaves_warehouse_unchanged(fraction: float, lakes: dict[str, object],
                                                     tmp_path: Path) -> None:
    lake, wh = Path(str(lakes["dir"])) / "lake", tmp_path / "w.duckdb"
    # an earlier load of the first days, then the lake grows and a new load is killed
    early = tmp_path / "early"
    for table in ("articles", "event_mentions"):
        for part in sorted((lake / table).iterdir())[:5]:
            dest = early / table / part.name
            dest.mkdir(parents=True)
            for f in part.iterdir():
                os.link(f, dest / f.name)
    run_load(early, wh, Config(), progress=False)
    before, snap_before = _sums(wh), snapshot_path(wh).stat().st_mtime_ns

    child = subprocess.Popen([sys.executable, "-c", CHILD, str(lake), str(wh)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(float(str(lakes["seconds"])) * fraction)
    assert child.poll() is None, "the load finished before it could be killed; make the lake bigger"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    after = _sums(wh)
    if after != before:
        # killed after its COMMIT (publishing the snapshot takes a good share of a short load): then
        # the whole load is there, never a part of it
        assert after == lakes["reference"]
    else:  # killed inside the transaction: nothing of it is visible, readers never saw it either
        assert snapshot_path(wh).stat().st_mtime_ns == snap_before
    report = run_load(lake, wh, Config(), progress=False)  # the next run completes it
    assert report.days["event_mentions"] == (15 if after == before else 0)
    assert _sums(wh) == lakes["reference"]
