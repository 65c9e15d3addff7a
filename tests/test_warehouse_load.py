"""Loading the lake: idempotent reloads, re-extracted partitions, removed files, bad files, settings."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from schemas.tables import EVENT_MENTIONS, QUARANTINE
from transforms import lake as lakeio
from transforms.config import Config
from warehouse.checksum import checksums
from warehouse.load import LoadError, connect, duckdb_memory_limit, parse_bytes, run_load
from warehouse.snapshot import snapshot_path
from warehouse.synthetic import article_row, mention_row, write_day

D1, D2 = dt.date(2023, 3, 1), dt.date(2023, 3, 2)
CONTENT = ["articles", "event_mentions", "events", "daily_dyad_counts", "country_quad_daily", "top_dyads",
           "monthly_dyad_goldstein", "event_type_trends", "actor_activity", "events_one_a_day"]


def _lake(tmp_path: Path) -> Path:
    lake = tmp_path / "lake"
    for day in (D1, D2):
        arts = [article_row(f"{day}-a{i}", day, source_name=f"outlet{i % 2}") for i in range(3)]
        ments = [mention_row(f"{day}-a{i}", day, code, a1, a2, sentence_index=i)
                 for i, (code, a1, a2) in enumerate([("040", "USAGOV", "RUSGOV"), ("190", "RUSMIL", "UKRMIL"),
                                                     ("0874", "SYRGOV", "TURGOV")])]
        write_day(lake, day, arts, ments)
    return lake


def _sums(warehouse: Path) -> dict[str, tuple[int, str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return checksums(con, CONTENT)
    finally:
        con.close()


def test_load_then_reload_is_idempotent(tmp_path: Path) -> None:
    lake, wh = _lake(tmp_path), tmp_path / "w.duckdb"
    first = run_load(lake, wh, Config(), progress=False)
    assert first.rows == {"articles": 6, "event_mentions": 6}
    assert first.days["articles"] == 2 and first.tests_run > 20
    before = _sums(wh)
    assert before["events"][0] == 6

    again = run_load(lake, wh, Config(), progress=False)
    assert not again.changed and "up to date" in again.summary()
    assert _sums(wh) == before

    forced = run_load(lake, wh, Config(), force=True, progress=False)
    assert forced.rows == {"articles": 6, "event_mentions": 6}
    assert _sums(wh) == before


def test_reextracted_partition_replaces_the_old_copy(tmp_path: Path) -> None:
    lake, wh = _lake(tmp_path), tmp_path / "w.duckdb"
    run_load(lake, wh, Config(), progress=False)
    # the extract step re-codes D1 with a new coder version: one event changes code, one disappears
    ments = [mention_row(f"{D1}-a0", D1, "042", "USAGOV", "RUSGOV", sentence_index=0, coder_version="2.0.0"),
             mention_row(f"{D1}-a1", D1, "190", "RUSMIL", "UKRMIL", sentence_index=1, coder_version="2.0.0")]
    lakeio.write_partition(lake, "event_mentions", D1, "part-0", pa.Table.from_pylist(ments, schema=EVENT_MENTIONS),
                           {"coder_version": "2.0.0", "source_file": f"articles/day={D1}/part-0.parquet"})
    report = run_load(lake, wh, Config(), progress=False)
    assert report.rows == {"event_mentions": 2}
    assert (report.days["articles"], report.days["event_mentions"], report.days["quarantine"]) == (0, 1, 0)
    con = duckdb.connect(str(wh), read_only=True)
    try:
        rows = con.execute("SELECT event_code, coder_version FROM event_mentions WHERE event_date = ? ORDER BY 1",
                           [D1]).fetchall()
        assert rows == [("042", "2.0.0"), ("190", "2.0.0")]
        assert con.execute("SELECT count(*) FROM event_mentions WHERE event_date = ?", [D2]).fetchone() == (3,)
        ev = con.execute("SELECT event_code, coder_version FROM events WHERE day = ? ORDER BY 1", [D1]).fetchall()
        assert ev == [("042", "2.0.0"), ("190", "2.0.0")]
        book = con.execute("SELECT coder_version, source_file FROM loaded_files "
                           "WHERE lake_table = 'event_mentions' AND day = ?", [D1]).fetchall()
        assert book == [("2.0.0", f"articles/day={D1}/part-0.parquet")]
    finally:
        con.close()
    # and the result equals a fresh load of the same lake
    fresh = tmp_path / "fresh.duckdb"
    run_load(lake, fresh, Config(), progress=False)
    assert _sums(wh) == _sums(fresh)


def test_removed_lake_file_removes_its_rows(tmp_path: Path) -> None:
    lake, wh = _lake(tmp_path), tmp_path / "w.duckdb"
    run_load(lake, wh, Config(), progress=False)
    for table in ("event_mentions",):
        (lakeio.partition_dir(lake, table, D2) / "part-0.parquet").unlink()
    report = run_load(lake, wh, Config(), progress=False)
    assert report.days["event_mentions"] == 1
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM event_mentions WHERE event_date = ?", [D2]).fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM events WHERE day = ?", [D2]).fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM articles WHERE published_date = ?", [D2]).fetchone() == (3,)
    finally:
        con.close()


def test_lake_file_with_wrong_schema_is_refused_with_a_reason(tmp_path: Path) -> None:
    lake, wh = _lake(tmp_path), tmp_path / "w.duckdb"
    run_load(lake, wh, Config(), progress=False)
    before = _sums(wh)
    bad = pa.table({"mention_id": ["x"], "surprise": [1]})
    lakeio.write_atomic(bad, lakeio.partition_dir(lake, "event_mentions", D2) / "broken.parquet")
    with pytest.raises(LoadError, match=r"broken\.parquet does not match the event_mentions schema.*missing column"):
        run_load(lake, wh, Config(), progress=False)
    assert _sums(wh) == before


def test_partition_key_must_match_directory(tmp_path: Path) -> None:
    lake, wh = _lake(tmp_path), tmp_path / "w.duckdb"
    # a mention file stored under D2 whose rows say D1
    ments = [mention_row(f"{D1}-a0", D1, "040", "USAGOV", "RUSGOV", sentence_index=7)]
    lakeio.write_partition(lake, "event_mentions", D2, "misplaced",
                           pa.Table.from_pylist(ments, schema=EVENT_MENTIONS))
    with pytest.raises(LoadError, match=r"differs from the day=\.\.\. directory"):
        run_load(lake, wh, Config(), progress=False)


def test_memory_limit_and_threads_come_from_config(tmp_path: Path) -> None:
    cfg = Config(raw={"warehouse": {"memory_limit": "300MB", "threads": 1}})
    con = connect(tmp_path / "w.duckdb", cfg)
    try:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()
        threads = con.execute("SELECT current_setting('threads')").fetchone()
    finally:
        con.close()
    # DuckDB gets 75 % of the process limit (300 MB * 0.75 = 214.6 MiB, whole MiB)
    assert limit is not None and limit[0].replace(" ", "") == "214.0MiB"
    assert threads == (1,)


def test_memory_limit_sizes_parse_or_say_what_to_write() -> None:
    assert parse_bytes("2GB") == 2_000_000_000
    assert parse_bytes("1.5 GiB") == 3 * 2**29
    assert parse_bytes("800mb") == 800_000_000
    assert duckdb_memory_limit("4GiB") == "3072MiB"
    with pytest.raises(LoadError, match=r'write e.g. "2GB"'):
        parse_bytes("lots")
    with pytest.raises(LoadError, match="not a size"):
        parse_bytes("80%")


def test_locked_warehouse_gives_an_actionable_error(tmp_path: Path) -> None:
    lake, wh = _lake(tmp_path), tmp_path / "w.duckdb"
    run_load(lake, wh, Config(), progress=False)
    holder = subprocess.Popen(  # another process holds the warehouse open for writing
        [sys.executable, "-c", f"import duckdb, sys; c = duckdb.connect({str(wh)!r}); print('held', flush=True); "
         "sys.stdin.read()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LoadError, match="readers should open the snapshot"):
            run_load(lake, wh, Config(), progress=False)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert snapshot_path(wh).exists() and os.path.getsize(snapshot_path(wh)) > 0


def test_quarantine_partitions_are_loaded(tmp_path: Path) -> None:
    lake, wh = _lake(tmp_path), tmp_path / "w.duckdb"
    now = dt.datetime(2023, 3, 2, 8, tzinfo=dt.UTC)
    row = {"quarantine_id": "q1", "ingest_run_id": "run-1", "stage": "ingest", "reason": "empty_text",
           "detail": "line 3: `text` is empty", "input_name": "feed.jsonl", "record_number": 3,
           "raw_record": b'{"text": ""}', "raw_size": 12, "language": None, "quarantined_at": now,
           "quarantined_date": D2}
    lakeio.write_partition(lake, "quarantine", D2, "run-1", pa.Table.from_pylist([row], schema=QUARANTINE))
    report = run_load(lake, wh, Config(), progress=False)
    assert report.rows["quarantine"] == 1
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("SELECT reason, raw_record FROM quarantine").fetchall() == [("empty_text", b'{"text": ""}')]
    finally:
        con.close()
