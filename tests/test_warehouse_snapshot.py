"""The reader snapshot: DuckDB 1.5 storage, atomic publication while another process reads it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb

from transforms.config import Config
from warehouse.checksum import checksums
from warehouse.load import run_load
from warehouse.snapshot import STORAGE_VERSION, publish_snapshot, snapshot_path, storage_version
from warehouse.synthetic import article_row, mention_row, write_day

READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    q = ("SELECT (SELECT count(*) FROM events), (SELECT sum(events) FROM daily_dyad_counts), "
         "(SELECT count(*) FROM articles)")
    print(*con.execute(q).fetchone(), flush=True)
    sys.stdin.readline()                      # the writer publishes a new snapshot meanwhile
    print(*con.execute(q).fetchone(), flush=True)
    con.close()
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(*con.execute(q).fetchone(), flush=True)
""")


def _day(lake: Path, day: dt.date, n: int) -> None:
    write_day(lake, day, [article_row(f"{day}-{i}", day) for i in range(n)],
              [mention_row(f"{day}-{i}", day, "040", "USAGOV", f"{c}GOV") for i, c in
               enumerate(["RUS", "CHN", "IND", "BRA", "ZAF"][:n])])


def test_reader_keeps_a_consistent_view_while_a_load_publishes(tmp_path: Path) -> None:
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    _day(lake, dt.date(2024, 1, 1), 2)
    run_load(lake, wh, Config(), progress=False)
    snap = snapshot_path(wh)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(snap)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdin is not None
        first = reader.stdout.readline().split()
        assert first == ["2", "2", "2"], reader.stderr.read() if reader.stderr else ""
        _day(lake, dt.date(2024, 1, 2), 5)
        report = run_load(lake, wh, Config(), progress=False)  # publishes while the reader holds the old file
        assert report.snapshot == snap
        reader.stdin.write("go\n")
        reader.stdin.flush()
        held = reader.stdout.readline().split()
        fresh = reader.stdout.readline().split()
        assert reader.wait(timeout=60) == 0
    finally:
        if reader.poll() is None:
            reader.kill()
    assert held == first  # the open connection still sees the snapshot it opened, whole
    assert fresh == ["7", "7", "7"]  # a new connection sees the new load, whole
    con = duckdb.connect(str(wh), read_only=True)
    main_sums = checksums(con, ["events", "articles", "daily_dyad_counts"])
    con.close()
    con = duckdb.connect(str(snap), read_only=True)
    try:
        assert checksums(con, ["events", "articles", "daily_dyad_counts"]) == main_sums
        assert storage_version(con).startswith(STORAGE_VERSION)
    finally:
        con.close()
    assert not list(tmp_path.glob(".*.tmp"))


def test_snapshot_location_is_configurable(tmp_path: Path) -> None:
    lake, wh = tmp_path / "lake", tmp_path / "w.duckdb"
    _day(lake, dt.date(2024, 1, 1), 1)
    cfg = Config(path=tmp_path / "evw.toml", raw={"warehouse": {"snapshot": "readers/current.duckdb"}})
    report = run_load(lake, wh, cfg, progress=False)
    assert report.snapshot == tmp_path / "readers" / "current.duckdb" and report.snapshot.exists()


def test_a_newer_storage_file_is_rewritten_as_v150(tmp_path: Path) -> None:
    latest = tmp_path / "latest.duckdb"
    con = duckdb.connect(str(latest))  # default storage: not readable by DuckDB 1.x
    con.execute("CREATE TABLE t AS SELECT range AS i FROM range(10)")
    con.close()
    out = publish_snapshot(latest, tmp_path / "snap.duckdb")
    con = duckdb.connect(str(out), read_only=True)
    try:
        assert storage_version(con).startswith(STORAGE_VERSION)
        assert con.execute("SELECT sum(i) FROM t").fetchone() == (45,)
    finally:
        con.close()
