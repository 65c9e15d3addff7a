"""Loading the Parquet lake into the DuckDB warehouse: migrations, partitions, events, tests, marts, snapshot.

One load is one transaction: the lake partitions that are new or changed are deleted and
re-inserted, the codebook tables refreshed, rows failing a row-level data test quarantined
(`warehouse.row_quarantine`: no single record can block a load), the events of the touched days
rebuilt, the data tests of the derived models run and the marts refreshed (only the days, weeks or
months the load touched); only when those pass is it committed, then the reader snapshot is
published. A systemic failure (a file of the wrong schema, most rows of a partition failing, a model
test failing) stops the load with what to do. A crash at any point leaves the warehouse as it was.
Must not modify the lake.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from schemas import codebook
from schemas.ddl import select_list
from schemas.tables import LAKE_TABLES, LOADED_FILES, TABLES
from schemas.validate import differences
from transforms import lake as lakeio
from transforms.config import Config
from transforms.lake import remove_stale_temp_files
from warehouse import data_tests, models, row_quarantine
from warehouse.migrations import MANAGED_TABLES, apply_migrations
from warehouse.snapshot import STORAGE_VERSION, needs_publish, publish_snapshot, snapshot_path


class LoadError(RuntimeError):
    """The load cannot proceed (bad lake file, locked warehouse ...); the message says what to do."""


@dataclass(frozen=True)
class LakeFileState:
    table: str
    day: dt.date
    path: Path
    fingerprint: str
    meta: dict[str, str]
    num_rows: int
    schema: pa.Schema


@dataclass
class LoadReport:
    """What one load did."""

    warehouse: Path
    migrations_applied: list[int] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)  # lake table -> files (re)loaded
    rows: dict[str, int] = field(default_factory=dict)  # lake table -> rows inserted
    days: dict[str, int] = field(default_factory=dict)  # lake table -> partitions replaced
    articles_loaded: int = 0  # rows inserted (scalar copies of `rows` for the DAG's XCom report)
    event_mentions_loaded: int = 0
    events_days: int = 0
    events_rows: int = 0  # rows of `events` rebuilt
    tests_run: int = 0
    snapshot: Path | None = None
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    marts: dict[str, str] = field(default_factory=dict)  # mart -> full | periods | view
    quarantined: dict[str, int] = field(default_factory=dict)  # reason (table.test) -> rows quarantined
    rows_quarantined: int = 0  # scalar copies for the DAG's XCom report
    duplicates_dropped: int = 0  # exact copies of a loaded row (a re-taken article) not loaded twice
    quality_report: Path | None = None

    @property
    def changed(self) -> bool:
        return any(self.days.values())

    def summary(self) -> str:
        if not self.changed:
            what = "warehouse up to date (no new or changed lake partitions)"
        else:
            parts = [f"{self.rows.get(t, 0):,} {t} rows from {self.files.get(t, 0)} files"
                     for t in self.days if self.days[t]]
            what = "loaded " + ", ".join(parts) + f"; rebuilt {self.events_rows:,} events over {self.events_days} days"
        snap = f"; snapshot {self.snapshot}" if self.snapshot else ""
        tests = f"; {self.tests_run} data tests passed" if self.tests_run else ""
        if self.rows_quarantined:
            reasons = ", ".join(f"{r} {n}" for r, n in sorted(self.quarantined.items()))
            where = f"; details in {self.quality_report}" if self.quality_report else ""
            tests += (f"; {self.rows_quarantined} rows failed a data test and were quarantined ({reasons}) -- "
                      f"see the quarantine table (stage 'load'){where}")
        if self.duplicates_dropped:
            tests += f"; {self.duplicates_dropped} exact duplicate rows not loaded twice"
        mig = f"; applied migrations {self.migrations_applied}" if self.migrations_applied else ""
        return f"{what}{tests}{mig}{snap} ({self.seconds:.1f}s)"


#: Share of `[warehouse] memory_limit` given to DuckDB's buffer pool. The rest is headroom for memory
#: DuckDB and Python allocate outside the pool (Arrow buffers, parser, allocator slack), so that the
#: whole load process stays under the configured limit.
DUCKDB_MEMORY_SHARE = 0.75

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def parse_bytes(text: str) -> int:
    """Bytes in a size like `2GB`, `1.5 GiB` or `800MB` (DuckDB's units; GB = 10^9, GiB = 2^30)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    unit = m.group(2).lower() if m else ""
    if not m or unit not in _UNITS:
        raise LoadError(f"[warehouse] memory_limit = {text!r} is not a size; write e.g. \"2GB\" or \"1.5GiB\"")
    return int(float(m.group(1)) * _UNITS[unit])


def duckdb_memory_limit(limit: str) -> str:
    """DuckDB's memory_limit for a process limit: DUCKDB_MEMORY_SHARE of it, in whole MiB."""
    return f"{int(parse_bytes(limit) * DUCKDB_MEMORY_SHARE) // 2**20}MiB"


def _settings(config: Config) -> dict[str, Any]:
    sec = config.section("warehouse")
    out: dict[str, Any] = {"storage_compatibility_version": STORAGE_VERSION,
                           # row order of loaded tables carries no meaning: let inserts stream in parallel
                           "preserve_insertion_order": False}
    for key in ("memory_limit", "threads", "temp_directory"):
        if sec.get(key) is not None:
            out[key] = str(config.resolve(sec[key])) if key == "temp_directory" else sec[key]
    if "memory_limit" in out:
        out["memory_limit"] = duckdb_memory_limit(str(out["memory_limit"]))
    return out


def connect(warehouse: Path, config: Config) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing with the configured memory limit and threads."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(warehouse), config=_settings(config))
    except (duckdb.IOException, duckdb.ConnectionException) as exc:
        raise LoadError(
            f"cannot open {warehouse} for writing (another process holds it? readers should open the snapshot "
            f"{snapshot_path(warehouse, config)} instead): {exc}"
        ) from exc
    con.execute("SET enable_progress_bar = false")  # our own rich progress bar reports the phases
    return con


def fingerprint(path: Path) -> str:
    """Identity of a lake file version: size and mtime (lake files are replaced, never edited in place,
    so a re-extracted file always has a new mtime)."""
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def lake_state(lake: Path, table: str) -> dict[tuple[dt.date, str], str]:
    """Fingerprints of every committed file of a lake table, keyed by (day, file name). Only stats files."""
    return {(f.day, f.path.name): fingerprint(f.path) for f in lakeio.list_files(lake, table)}


def file_state(table: str, day: dt.date, path: Path, fp: str) -> LakeFileState:
    """Footer facts of a file about to be loaded: its evw metadata and row count (one footer read)."""
    try:
        md = pq.read_metadata(path)
    except (OSError, pa.ArrowException) as exc:
        raise LoadError(f"lake file {path} cannot be read ({exc}); re-run the step that wrote it "
                        "(evw ingest / evw extract --force) or move the file out of the lake") from exc
    prefix = lakeio.META_PREFIX.encode()
    meta = {k[len(prefix):].decode(): v.decode() for k, v in (md.metadata or {}).items() if k.startswith(prefix)}
    if table == "event_mentions" and "source_file" not in meta:  # a mention file is named after its article file
        meta["source_file"] = f"articles/{path.parent.name}/{path.name}"
    return LakeFileState(table, day, path, fp, meta, md.num_rows, md.schema.to_arrow_schema())


def loaded_state(con: duckdb.DuckDBPyConnection, table: str) -> dict[tuple[dt.date, str], str]:
    rows = con.execute("SELECT day, file_name, fingerprint FROM loaded_files WHERE lake_table = ?", [table]).fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def changed_days(now: dict[tuple[dt.date, str], str], loaded: dict[tuple[dt.date, str], str],
                 force: bool) -> set[dt.date]:
    """Partitions to replace: any file new, changed or removed since the last load (all with force)."""
    if force:
        return {d for d, _ in now} | {d for d, _ in loaded}
    days = {k[0] for k, fp in now.items() if loaded.get(k) != fp}
    days |= {k[0] for k in loaded if k not in now}
    return days


def _check_schema(state: LakeFileState) -> None:
    diffs = differences(state.schema, TABLES[state.table])
    if diffs:
        raise LoadError(
            f"lake file {state.path} does not match the {state.table} schema: {'; '.join(diffs)}; "
            "re-run the step that wrote it (evw ingest/extract --force) or remove the file"
        )


def _replace_partitions(con: duckdb.DuckDBPyConnection, table: str, days: set[dt.date],
                        files: list[LakeFileState]) -> int:
    """Delete the table's rows of `days` and insert the given files; returns rows inserted."""
    part_col = LAKE_TABLES[table][1]
    con.execute("DELETE FROM part_days")
    con.executemany("INSERT INTO part_days VALUES (?)", [[d] for d in sorted(days)])
    con.executemany("INSERT INTO scope_days VALUES (?, ?)", [[table, d] for d in sorted(days)])
    row_quarantine.clear_partitions(con, table)
    # the load's own quarantine rows are derived, not lake rows: clear_partitions handles them
    lake_rows = f"stage <> '{row_quarantine.LOAD_STAGE}' AND " if table == "quarantine" else ""
    con.execute(f'DELETE FROM {table} WHERE {lake_rows}"{part_col}" IN (SELECT day FROM part_days)')
    expected = sum(f.num_rows for f in files)
    if files:
        paths = [str(f.path) for f in files]
        con.execute(
            f"INSERT INTO {table} SELECT {select_list(table)} "
            "FROM read_parquet(?, hive_partitioning = false, union_by_name = false)", [paths]
        )
    want: dict[dt.date, int] = defaultdict(int)
    for f in files:
        want[f.day] += f.num_rows
    got = dict(con.execute(f'SELECT "{part_col}", count(*) FROM {table} '
                           f'WHERE {lake_rows}"{part_col}" IN (SELECT day FROM part_days) GROUP BY 1').fetchall())
    wrong = sorted(d for d in days if got.get(d, 0) != want.get(d, 0))
    if wrong:
        raise LoadError(
            f"{table}: rows of the lake files under day={wrong[0]} (and {len(wrong) - 1} more partitions) carry a "
            f"{part_col} that differs from the day=... directory they are stored in; rewrite those files"
        )
    con.execute("DELETE FROM loaded_files WHERE lake_table = ? AND day IN (SELECT day FROM part_days)", [table])
    now = dt.datetime.now(dt.UTC)
    book = pa.Table.from_pylist(
        [{"lake_table": table, "day": f.day, "file_name": f.path.name, "fingerprint": f.fingerprint,
          "coder_version": f.meta.get("coder_version"), "source_file": f.meta.get("source_file"),
          "num_rows": f.num_rows, "loaded_at": now} for f in files],
        schema=LOADED_FILES,
    )
    con.register("_book", book)
    con.execute("INSERT INTO loaded_files SELECT * FROM _book")
    con.unregister("_book")
    return expected


def _refresh_codebook(con: duckdb.DuckDBPyConnection) -> None:
    for name, table in (("cameo_event_codes", codebook.event_codes_table()),
                        ("cameo_actor_types", codebook.actor_types_table())):
        con.register("_codebook", table)
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} SELECT {select_list(name)} FROM _codebook")
        con.unregister("_codebook")


#: Mentions per batch of days when events are rebuilt: events never span days, so days are
#: aggregated in batches of about this many mentions, keeping the aggregation's hash tables small
#: enough not to spill under a 2GB memory limit.
EVENTS_BATCH_MENTIONS = 2_000_000


def day_batches(counts: list[tuple[dt.date, int]], per_batch: int) -> list[list[dt.date]]:
    """Consecutive days grouped into batches of at most `per_batch` mentions (a bigger day alone)."""
    batches: list[list[dt.date]] = []
    size = 0
    for day, n in sorted(counts):
        if not batches or size + n > per_batch:
            batches.append([])
            size = 0
        batches[-1].append(day)
        size += n
    return batches


def _codebook_fingerprint(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Content hashes of the codebook tables (a changed codebook means every mart is rebuilt)."""
    return con.sql("SELECT (SELECT md5(string_agg(CAST(c AS VARCHAR), '' ORDER BY code)) FROM cameo_event_codes AS c), "
                   "(SELECT md5(string_agg(CAST(t AS VARCHAR), '' ORDER BY code)) FROM cameo_actor_types AS t)"
                   ).fetchall()


def _rebuild_events(con: duckdb.DuckDBPyConnection, days: set[dt.date], full: bool) -> int:
    """Delete and re-derive `events` for `days` (every day with mentions when `full`), in batches of days."""
    con.execute("DELETE FROM load_days")
    if full:
        con.execute("DELETE FROM events")
        con.execute("INSERT INTO load_days SELECT DISTINCT event_date FROM event_mentions")
    elif days:
        con.executemany("INSERT INTO load_days VALUES (?)", [[d] for d in sorted(days)])
        con.execute("DELETE FROM events WHERE day IN (SELECT day FROM load_days)")
    counts = con.execute("SELECT l.day, count(m.event_date) FROM load_days AS l "
                         "LEFT JOIN event_mentions AS m ON m.event_date = l.day GROUP BY l.day").fetchall()
    con.execute("CREATE OR REPLACE TEMP TABLE build_days (day DATE)")
    groups, events = models.model("event_groups").sql, models.model("events").sql
    for batch in day_batches([(r[0], int(r[1])) for r in counts], EVENTS_BATCH_MENTIONS):
        con.execute("DELETE FROM build_days")
        con.executemany("INSERT INTO build_days VALUES (?)", [[d] for d in batch])
        # a table, not a CTE: its true size makes the optimizer hash it (not event_mentions) in the joins
        con.execute(f"CREATE OR REPLACE TEMP TABLE event_groups AS {groups}")
        con.execute(f"INSERT INTO events BY NAME {events}", {"first_day": batch[0], "last_day": batch[-1]})
    con.execute("DROP TABLE IF EXISTS event_groups")
    row = con.execute("SELECT count(*) FROM events WHERE day IN (SELECT day FROM load_days)").fetchone()
    return int(row[0]) if row else 0


def _scopes(touched: dict[str, set[dt.date]], full: bool) -> dict[str, str]:
    """Subqueries restricting lake-table tests (and events) to the partitions this load touched."""
    if full:
        return {}
    out = {t: f'SELECT * FROM {t} WHERE "{LAKE_TABLES[t][1]}" IN (SELECT day FROM test_days)'
           for t in touched if t in LAKE_TABLES}
    out["events"] = "SELECT * FROM events WHERE day IN (SELECT day FROM load_days)"
    return out


class _Phases:
    """Times the named phases of a load into `report.phases` and drives the progress bar."""

    def __init__(self, report: LoadReport, bar: Progress, task: TaskID) -> None:
        self.report, self.bar, self.task = report, bar, task
        self.name, self.started = "", time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        if self.name:
            self.report.phases[self.name] = self.report.phases.get(self.name, 0.0) + now - self.started
            self.bar.advance(self.task)
        self.name, self.started = name, now
        self.bar.update(self.task, description=name)


@contextmanager
def _phases(report: LoadReport, progress: bool, total: int) -> Iterator[_Phases]:
    columns = (TextColumn("[bold]loading warehouse[/] {task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not progress, transient=True) as bar:
        step = _Phases(report, bar, bar.add_task("", total=total))
        yield step
        step("")


def run_load(lake: Path, warehouse: Path, config: Config, *, force: bool = False,
             progress: bool = True) -> LoadReport:
    """Load new or changed lake partitions, rebuild events and marts, test, commit, publish the snapshot."""
    started, wall_start = time.perf_counter(), time.time()
    report = LoadReport(warehouse=warehouse)
    lake_tables = [t for t in LAKE_TABLES if t in MANAGED_TABLES]
    snap = snapshot_path(warehouse, config)
    remove_stale_temp_files(snap.parent, started=wall_start, recursive=False)  # of a killed publish
    con = connect(warehouse, config)
    try:
        with _phases(report, progress, total=len(lake_tables) + 6) as step:
            step("migrations")
            report.migrations_applied = apply_migrations(con, where=str(warehouse))
            step("planning")
            plan: dict[str, tuple[set[dt.date], list[LakeFileState]]] = {}
            states = {t: lake_state(lake, t) for t in lake_tables}
            wanted = {t: changed_days(states[t], loaded_state(con, t), force) for t in lake_tables}
            # a mention's row-level tests depend on its article (same day): re-test them together
            if "articles" in wanted and "event_mentions" in wanted:
                wanted["event_mentions"] |= wanted["articles"]
            for table in lake_tables:
                now, days = states[table], wanted[table]
                files = [file_state(table, d, lakeio.partition_dir(lake, table, d) / name, fp)
                         for (d, name), fp in now.items() if d in days]
                for st in files:
                    _check_schema(st)
                plan[table] = (days, sorted(files, key=lambda s: (s.day, s.path.name)))
            mart_names = {m.name for m in models.marts()}
            existing = {r[0] for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database()"
            ).fetchall()}
            changed = any(days for days, _ in plan.values()) or force or not mart_names <= existing
            if changed:
                con.execute("CREATE OR REPLACE TEMP TABLE part_days (day DATE)")
                con.execute("CREATE OR REPLACE TEMP TABLE scope_days (lake_table VARCHAR, day DATE)")
                con.execute("CREATE OR REPLACE TEMP TABLE load_days (day DATE)")
                con.execute("BEGIN TRANSACTION")
                try:
                    touched: dict[str, set[dt.date]] = defaultdict(set)
                    for table, (days, files) in plan.items():
                        step(f"{table} ({len(files)} files)")
                        if days:
                            report.rows[table] = _replace_partitions(con, table, days, files)
                        report.files[table] = len(files)
                        report.days[table] = len(days)
                        touched[table] = days
                    step("codebook")
                    before = _codebook_fingerprint(con)
                    _refresh_codebook(con)
                    codebook_changed = _codebook_fingerprint(con) != before
                    step("row tests")
                    quarantine = row_quarantine.apply(con, lake_tables, full=False)
                    step("events")
                    models.build_staging(con)
                    empty = con.execute("SELECT count(*) = 0 FROM events").fetchone()
                    full = force or bool(empty and empty[0])
                    ev_days = touched["articles"] | touched["event_mentions"]
                    report.events_rows = _rebuild_events(con, ev_days, full)
                    cnt = con.execute("SELECT count(*) FROM load_days").fetchone()
                    report.events_days = int(cnt[0]) if cnt else 0
                    step("data tests")
                    con.execute("CREATE OR REPLACE TEMP TABLE test_days AS SELECT day FROM load_days")
                    con.executemany("INSERT INTO test_days VALUES (?)",
                                    [[d] for days in touched.values() for d in sorted(days)])
                    scoped = _scopes(touched, full)
                    tests = data_tests.compile_tests(["events"], scoped)
                    result = data_tests.run_tests(con, tests)  # the lake tables' tests ran row by row
                    step("marts")
                    # marts redo only the periods of the rebuilt days, unless everything was rebuilt
                    report.marts = models.refresh_marts(con, None if full or codebook_changed else "load_days")
                    mart_tests = data_tests.compile_tests(sorted(mart_names))
                    mart_result = data_tests.run_tests(con, mart_tests)
                    result.run += mart_result.run
                    result.failures += mart_result.failures
                    if not result.ok:
                        raise data_tests.QualityError(
                            result, str(_report_path(warehouse)),
                            advice="a derived model broke a data test: that is a bug in evw's SQL "
                                   "(warehouse/sql/), please report it with the report file")
                    report.tests_run = result.run + quarantine.tests_run
                    report.quarantined = dict(quarantine.quarantined)
                    report.rows_quarantined = quarantine.rows
                    report.duplicates_dropped = sum(quarantine.duplicates.values())
                    report.articles_loaded = report.rows.get("articles", 0)
                    report.event_mentions_loaded = report.rows.get("event_mentions", 0)
                    step("commit")
                    con.execute("COMMIT")
                except BaseException as exc:
                    con.execute("ROLLBACK")
                    if isinstance(exc, data_tests.QualityError):
                        lakeio.write_text_atomic(_report_path(warehouse), exc.render() + "\n")
                    raise
                con.execute("CHECKPOINT")
                if report.rows_quarantined:
                    report.quality_report = _report_path(warehouse)
                    _write_quarantine_report(report.quality_report, quarantine)
            step("snapshot")
            con.close()
            if changed or needs_publish(warehouse, snap):
                report.snapshot = publish_snapshot(warehouse, snap)
    finally:
        con.close()
    report.seconds = time.perf_counter() - started
    return report


def _report_path(warehouse: Path) -> Path:
    """Where the full data-quality report of a failed load (or of rows quarantined) is written."""
    return warehouse.with_name(f"{warehouse.stem}.quality-report.txt")


def _write_quarantine_report(path: Path, result: row_quarantine.QuarantineResult) -> None:
    lines = [f"data-quality: {result.rows} rows failed a row-level data test and were quarantined "
             "(warehouse table quarantine, stage 'load'); the load went on"]
    for reason, n in sorted(result.quarantined.items()):
        lines += ["", f"QUARANTINED {reason}: {n} rows", "  partition | row"]
        lines += [f"  {part} | {row}" for part, row in result.samples.get(reason, [])]
    lakeio.write_text_atomic(path, "\n".join(lines) + "\n")
