"""Row-level data quality during a load: rows of the lake tables that fail a data test are moved
into the warehouse `quarantine` table instead of failing the load.

A quarantined row gets stage `load`, the test's name as reason (`articles.range(published_date)`),
the partition it came from as `input_name` (`articles/day=1975-06-01`) and the row itself as JSON
in `raw_record`. Exact copies of a row that stays (a re-taken article, its re-coded mentions) are
dropped as duplicates. The quarantine is derived from the lake like every other table: when a
partition is replaced, its load-stage quarantine rows are deleted and derived again, so a reload or
`--force` gives the same warehouse. Only a systemic failure -- most rows of a partition failing --
stops the load (`QualityError`, with what to do). Runs inside the load's transaction; must not
commit, and must not touch the lake.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb

from schemas.ddl import select_list
from schemas.tables import LAKE_TABLES, PRIMARY_KEYS
from warehouse import data_tests

LOAD_STAGE = "load"
#: A partition is failing systemically when at least this many of its rows fail ...
SYSTEMIC_MIN_ROWS = 20
#: ... and they are more than this share of its rows.
SYSTEMIC_SHARE = 0.5
#: Quarantining a row can make another fail (a mention of a quarantined article): tests are re-run
#: until a pass quarantines nothing, at most this many times.
MAX_PASSES = 6
#: Largest `raw_record` kept (as for ingest's quarantine).
RAW_LIMIT = 1 << 20
SAMPLES = 5


def input_name(table: str, day: dt.date) -> str:
    """`input_name` of the load-stage quarantine rows of one lake partition."""
    return f"{table}/day={day.isoformat()}"


def scope_condition(table: str, full: bool) -> str:
    """The rows of `table` a load may quarantine: those of the partitions it inserted (temp table
    `scope_days`), all of them on a full load; never the load's own quarantine rows."""
    part = LAKE_TABLES[table][1]
    cond = "TRUE" if full else f't."{part}" IN (SELECT day FROM scope_days WHERE lake_table = \'{table}\')'
    if table == "quarantine":
        cond = f"t.stage <> '{LOAD_STAGE}' AND ({cond})"
    return cond


def clear_partitions(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Delete the load-stage quarantine rows derived from the partitions in temp table `part_days`
    (call just before those partitions of `table` are replaced)."""
    con.execute(f"DELETE FROM quarantine WHERE stage = '{LOAD_STAGE}' AND input_name IN "
                f"(SELECT '{table}/day=' || strftime(day, '%Y-%m-%d') FROM part_days)")


@dataclass
class QuarantineResult:
    """What the row-level tests of one load did."""

    quarantined: Counter[str] = field(default_factory=Counter)  # reason -> rows
    duplicates: Counter[str] = field(default_factory=Counter)  # lake table -> exact copies dropped
    #: (table, day) -> failing rows per reason (duplicates not counted)
    partitions: dict[tuple[str, dt.date], Counter[str]] = field(default_factory=dict)
    samples: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)  # reason -> a few rows
    tests_run: int = 0

    @property
    def rows(self) -> int:
        return sum(self.quarantined.values())


def _quarantine_select(table: str, test: data_tests.RowTest) -> str:
    """Quarantine rows (QUARANTINE column order) for the offending rows listed in temp table `_bad`."""
    schema = LAKE_TABLES[table][0]
    part, pk = LAKE_TABLES[table][1], PRIMARY_KEYS[table][0]
    run_id = 't."ingest_run_id"' if "ingest_run_id" in schema.names else f"'{LOAD_STAGE}'"
    language = 't."language"' if "language" in schema.names else "NULL"
    reason = test.reason.replace("'", "''")
    return f"""
        WITH rows AS (
            SELECT to_json(t)::VARCHAR AS _json, t.rowid AS _rid, CAST(t."{pk}" AS VARCHAR) AS _key,
                   t."{part}" AS _day, {run_id} AS _run, {language} AS _language
            FROM {table} AS t WHERE t.rowid IN (SELECT _rid FROM _bad WHERE NOT _dup)
        ), numbered AS (
            SELECT *, row_number() OVER (PARTITION BY _json ORDER BY _rid) AS _copy FROM rows
        )
        SELECT substr(md5(concat_ws(chr(31), '{LOAD_STAGE}', '{reason}', _json, _copy::VARCHAR)), 1, 24)
                   AS quarantine_id,
               coalesce(_run, '{LOAD_STAGE}') AS ingest_run_id,
               '{LOAD_STAGE}' AS stage,
               '{reason}' AS reason,
               '{pk} ' || coalesce(_key, 'NULL') || ' failed the data test {reason} (warehouse/sql/tests.yaml) '
                   || 'and was not loaded; raw_record holds the row as JSON' AS detail,
               '{table}/day=' || strftime(_day, '%Y-%m-%d') AS input_name,
               CAST(NULL AS BIGINT) AS record_number,
               encode(left(_json, {RAW_LIMIT})) AS raw_record,
               octet_length(encode(_json)) AS raw_size,
               _language AS language,
               timezone('UTC', CAST(_day AS TIMESTAMP)) AS quarantined_at,
               _day AS quarantined_date
        FROM numbered"""


def _move(con: duckdb.DuckDBPyConnection, test: data_tests.RowTest, result: QuarantineResult) -> int:
    """Quarantine the rows in `_bad` (or drop them as duplicates) and delete them from the table."""
    table = test.table
    part = LAKE_TABLES[table][1]
    counts = con.execute(f"SELECT t.\"{part}\", b._dup, count(*) FROM {table} AS t JOIN _bad AS b "
                         "ON t.rowid = b._rid GROUP BY ALL").fetchall()
    if not counts:
        return 0
    sample = con.execute(f"SELECT '{table}/day=' || strftime(t.\"{part}\", '%Y-%m-%d') AS partition, "
                         f"left(to_json(t)::VARCHAR, 300) AS row FROM {table} AS t "
                         f"WHERE t.rowid IN (SELECT _rid FROM _bad WHERE NOT _dup) LIMIT {SAMPLES}").fetchall()
    if sample:
        result.samples.setdefault(test.reason, []).extend(sample[: SAMPLES - len(result.samples.get(test.reason, []))])
    con.execute(f"INSERT INTO quarantine SELECT {select_list('quarantine')} FROM ({_quarantine_select(table, test)})")
    con.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT _rid FROM _bad)")
    moved = 0
    for day, dup, n in counts:
        moved += int(n)
        if dup:
            result.duplicates[table] += int(n)
        else:
            result.quarantined[test.reason] += int(n)
            result.partitions.setdefault((table, day), Counter())[test.reason] += int(n)
    return moved


def apply(con: duckdb.DuckDBPyConnection, tables: list[str], full: bool) -> QuarantineResult:
    """Run the row-level tests of `tables` (in order) over the rows this load inserted, quarantining
    offending rows, until a pass finds none. Raises `QualityError` on a systemic failure."""
    result = QuarantineResult()
    for _ in range(MAX_PASSES):
        moved = 0
        for table in tables:
            for test in data_tests.compile_row_tests(table, scope_condition(table, full)):
                result.tests_run += 1
                con.execute(f"CREATE OR REPLACE TEMP TABLE _bad AS {test.sql}")
                row = con.execute("SELECT count(*) FROM _bad").fetchone()
                if row and row[0]:
                    moved += _move(con, test, result)
        if not moved:
            break
    else:
        raise data_tests.QualityError(
            _report(result), headline=f"data-quality checks did not settle after {MAX_PASSES} passes of "
            "quarantining rows", advice="this is a bug in evw (warehouse/row_quarantine.py): please report it")
    con.execute("DROP TABLE IF EXISTS _bad")
    _check_systemic(con, result)
    return result


def _report(result: QuarantineResult, only: set[str] | None = None) -> data_tests.TestReport:
    report = data_tests.TestReport(run=result.tests_run)
    for reason, n in sorted(result.quarantined.items()):
        if only is not None and reason not in only:
            continue
        table, _, name = reason.partition(".")
        report.failures.append(data_tests.Failure(data_tests.DataTest(table, name, "(row-level test)"), n,
                                                  ["partition", "row"], result.samples.get(reason, [])))
    return report


def _check_systemic(con: duckdb.DuckDBPyConnection, result: QuarantineResult) -> None:
    """Most rows of a partition failing is not a bad record but a broken writer or a coder/codebook
    mismatch: stop the load and say what to do."""
    for (table, day), reasons in sorted(result.partitions.items()):
        failing = sum(reasons.values())
        if failing < SYSTEMIC_MIN_ROWS:
            continue
        part = LAKE_TABLES[table][1]
        left = con.execute(f'SELECT count(*) FROM {table} WHERE "{part}" = ?', [day]).fetchone()
        total = failing + (int(left[0]) if left else 0)
        if failing > SYSTEMIC_SHARE * total:
            what = ", ".join(f"{r} {n}" for r, n in reasons.most_common())
            redo = (f"re-create them (`evw extract --force --start {day} --end {day}` for event_mentions, "
                    "re-ingest for articles) " if table in ("articles", "event_mentions") else "re-create them ")
            raise data_tests.QualityError(
                _report(result, set(reasons)),
                headline=(f"data-quality checks failed for most rows of {table} day={day} ({failing} of {total} "
                          f"rows: {what})"),
                advice=("that is a systemic problem (the step that wrote those lake files, or a coder/codebook "
                        f"mismatch), not a bad record: fix the files under {table}/day={day} -- {redo}or move "
                        "them out of the lake -- and run `evw load` again"))
