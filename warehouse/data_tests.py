"""Data-quality tests declared in `warehouse/sql/tests.yaml`, compiled to SQL and run after each load.

A test is a query returning offending rows; it passes when there are none. The report is meant
for people: which test, how many rows, a few examples. Tests of the lake tables also compile to
row-level queries (`compile_row_tests`: the row ids of the offending rows of one load's partitions)
that `warehouse.row_quarantine` uses to quarantine those rows. The accepted date range comes from
`schemas.dates` (the same rule ingest applies). Must not modify data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import duckdb
import yaml

from schemas import dates
from schemas.tables import LAKE_TABLES, PRIMARY_KEYS
from warehouse.models import SQL_DIR

TESTS_FILE = SQL_DIR / "tests.yaml"
SAMPLE_ROWS = 5


class TestSpecError(ValueError):
    """tests.yaml is malformed."""


@dataclass(frozen=True)
class DataTest:
    table: str
    name: str
    sql: str  # returns the offending rows


@dataclass
class Failure:
    test: DataTest
    rows: int
    columns: list[str]
    sample: list[tuple[Any, ...]]


@dataclass
class TestReport:
    run: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def headline(self) -> str:
        if self.ok:
            return f"data-quality checks passed ({self.run} tests)"
        names = ", ".join(f"{f.test.table}.{f.test.name} ({f.rows} rows)" for f in self.failures)
        return f"data-quality checks failed: {len(self.failures)} of {self.run} tests: {names}"

    def render(self) -> str:
        """The full readable report: one block per failing test with sample rows."""
        lines = [self.headline()]
        for f in self.failures:
            lines.append("")
            lines.append(f"FAIL {f.test.table}.{f.test.name}: {f.rows} offending rows")
            lines.append("  " + " | ".join(f.columns))
            lines.extend("  " + " | ".join("NULL" if v is None else str(v) for v in row) for row in f.sample)
            lines.append("  query: " + " ".join(f.test.sql.split()))
        return "\n".join(lines)


class QualityError(RuntimeError):
    """The data-quality tests failed; `report` holds the details, `advice` what to do."""

    def __init__(self, report: TestReport, where: str = "", headline: str = "", advice: str = "") -> None:
        self.report = report
        self.headline = headline or report.headline()
        more = " — nothing was committed"
        if advice:
            more += f"; {advice}"
        if where:
            more += f"; full report: {where}"
        super().__init__(self.headline + more + "\n" + report.render())

    def render(self) -> str:
        """The readable report under this error's headline."""
        return "\n".join([self.headline, *self.report.render().splitlines()[1:]])


@dataclass(frozen=True)
class RowTest:
    """A row-level test of a lake table: `sql` returns `_rid` (the rowid of an offending row in the
    load's scope) and `_dup` (true when the row is an exact copy of the row that stays)."""

    table: str
    name: str
    sql: str

    @property
    def reason(self) -> str:
        """The quarantine reason of the rows this test rejects, e.g. `articles.range(published_date)`."""
        return f"{self.table}.{self.name}"


@functools.cache
def specs() -> dict[str, list[dict[str, Any]]]:
    data = yaml.safe_load(TESTS_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TestSpecError(f"{TESTS_FILE}: expected a mapping of table -> list of tests")
    return data


def _cols(cols: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


def fill(sql: str) -> str:
    """Replace the placeholders of the accepted date range ({earliest_date}, {latest_date})."""
    for key, value in dates.sql_bounds().items():
        sql = sql.replace("{" + key + "}", value)
    return sql


def _unique_spec(arg: Any, table: str) -> tuple[list[str], str, list[str]]:
    """(key columns, keep order SQL, volatile columns) of a `unique` test."""
    if isinstance(arg, list):
        return [str(c) for c in arg], "", []
    if isinstance(arg, dict) and isinstance(arg.get("columns"), list):
        return [str(c) for c in arg["columns"]], str(arg.get("keep") or ""), [str(c) for c in arg.get("volatile", [])]
    raise TestSpecError(f"{TESTS_FILE}: {table}: unique takes a list of columns or {{columns, keep, volatile}}")


def compile_test(table: str, spec: dict[str, Any], source: str) -> DataTest:
    """One test spec -> a query over `source` (the table, or a scoped subquery of it)."""
    if len(spec) != 1:
        raise TestSpecError(f"{TESTS_FILE}: {table}: each test has exactly one kind, got {list(spec)}")
    kind, arg = next(iter(spec.items()))
    if kind == "unique":
        columns = _unique_spec(arg, table)[0]
        key = _cols(columns)
        sql = f"SELECT {key}, count(*) AS copies FROM {table} GROUP BY ALL HAVING count(*) > 1"
        if source != table:
            # only keys present in the scope, compared as structs so that NULL keys match too
            sql = (f"SELECT {key}, count(*) AS copies FROM {table} "
                   f"WHERE struct_pack({key}) IN (SELECT struct_pack({key}) FROM {source}) "
                   f"GROUP BY ALL HAVING count(*) > 1")
        return DataTest(table, "unique(" + ", ".join(columns) + ")", sql)
    if kind == "not_null":
        cond = " OR ".join(f'"{c}" IS NULL' for c in arg)
        return DataTest(table, "not_null(" + ", ".join(arg) + ")", f"SELECT * FROM {source} WHERE {cond}")
    if kind == "accepted_values":
        col, values = arg["column"], arg["values"]
        lits = ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values)
        return DataTest(table, f"accepted_values({col})",
                        f'SELECT "{col}", count(*) AS n FROM {source} WHERE "{col}" NOT IN ({lits}) GROUP BY 1')
    if kind == "relationships":
        col, to = arg["column"], arg["to"]
        ref_table, ref_col = to.split(".")
        return DataTest(table, f"relationships({col} -> {to})",
                        f'SELECT "{col}", count(*) AS n FROM {source} AS s WHERE "{col}" IS NOT NULL '
                        f'AND NOT EXISTS (SELECT 1 FROM {ref_table} AS r WHERE r."{ref_col}" = s."{col}") '
                        f"GROUP BY 1")
    if kind == "range":
        col = arg["column"]
        return DataTest(table, f"range({col})",
                        f'SELECT "{col}", count(*) AS n FROM {source} '
                        f'WHERE "{col}" < {fill(arg["min"])} OR "{col}" > {fill(arg["max"])} GROUP BY 1')
    if kind == "expression":
        return DataTest(table, arg["name"], fill(arg["rows"]).replace("{table}", source))
    raise TestSpecError(f"{TESTS_FILE}: {table}: unknown test kind {kind!r}")


def compile_tests(tables: list[str], scopes: dict[str, str] | None = None) -> list[DataTest]:
    """Tests of `tables`, each table read through `scopes[table]` (a subquery) when given."""
    scopes = scopes or {}
    out = []
    for table in tables:
        for spec in specs().get(table, []):
            source = scopes.get(table, table)
            if source != table:
                source = f"({source})"
            out.append(compile_test(table, spec, source))
    return out


def run_tests(con: duckdb.DuckDBPyConnection, tests: list[DataTest]) -> TestReport:
    """Run the tests; collect failures with a count and a few sample rows each."""
    report = TestReport()
    for t in tests:
        report.run += 1
        n_row = con.execute(f"SELECT count(*) FROM ({t.sql})").fetchone()
        n = int(n_row[0]) if n_row else 0
        if n:
            cur = con.execute(f"SELECT * FROM ({t.sql}) LIMIT {SAMPLE_ROWS}")
            columns = [d[0] for d in cur.description or []]
            report.failures.append(Failure(t, n, columns, cur.fetchall()))
    return report


def _row_condition(table: str, kind: str, arg: Any) -> tuple[str, str]:
    """(test name, condition on alias `t` that is true for an offending row) of a non-unique test."""
    if kind == "not_null":
        return "not_null(" + ", ".join(arg) + ")", " OR ".join(f't."{c}" IS NULL' for c in arg)
    if kind == "accepted_values":
        col, values = arg["column"], arg["values"]
        lits = ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values)
        return f"accepted_values({col})", f't."{col}" NOT IN ({lits})'
    if kind == "relationships":
        col, to = arg["column"], arg["to"]
        ref_table, ref_col = to.split(".")
        missing = f'NOT EXISTS (SELECT 1 FROM {ref_table} AS r WHERE r."{ref_col}" = t."{col}")'
        return f"relationships({col} -> {to})", f't."{col}" IS NOT NULL AND {missing}'
    if kind == "range":
        col = arg["column"]
        return f"range({col})", f't."{col}" < {fill(arg["min"])} OR t."{col}" > {fill(arg["max"])}'
    if kind == "expression":
        pk = PRIMARY_KEYS[table][0]
        body = fill(arg["rows"]).replace("{table}", f"(SELECT * FROM {table} AS t WHERE {{scope}})")
        return arg["name"], f't."{pk}" IN (SELECT "{pk}" FROM ({body}))'
    raise TestSpecError(f"{TESTS_FILE}: {table}: unknown test kind {kind!r}")


def _unique_rows(table: str, arg: Any, scope: str) -> RowTest:
    columns, keep, volatile = _unique_spec(arg, table)
    key = ", ".join(f't."{c}"' for c in columns)
    stable = [c for c in LAKE_TABLES[table][0].names if c not in volatile]
    stable_hash = "md5(CAST(struct_pack(" + ", ".join(f'"{c}" := t."{c}"' for c in stable) + ") AS VARCHAR))"
    order = ", ".join(x for x in (f"({scope})", keep, "md5(CAST(t AS VARCHAR))") if x)
    if scope == "TRUE":
        dups = f"SELECT struct_pack({key}) AS _k FROM {table} AS t GROUP BY 1 HAVING count(*) > 1"
    else:  # only keys present in the scope, compared as structs so that NULL keys match too
        dups = (f"SELECT struct_pack({key}) AS _k FROM {table} AS t WHERE struct_pack({key}) IN "
                f"(SELECT struct_pack({key}) FROM {table} AS t WHERE {scope}) GROUP BY 1 HAVING count(*) > 1")
    sql = (f"WITH d AS ({dups}), r AS ("
           f"SELECT t.rowid AS _rid, ({scope}) AS _in, {stable_hash} AS _h, "
           f"row_number() OVER w AS _n, first_value({stable_hash}) OVER w AS _h0 "
           f"FROM {table} AS t WHERE struct_pack({key}) IN (SELECT _k FROM d) "
           f"WINDOW w AS (PARTITION BY struct_pack({key}) ORDER BY {order})) "
           "SELECT _rid, _h = _h0 AS _dup FROM r WHERE _n > 1 AND _in")
    return RowTest(table, "unique(" + ", ".join(columns) + ")", sql)


def compile_row_tests(table: str, scope: str = "TRUE") -> list[RowTest]:
    """The row-level tests of lake table `table`: offending rows among those matching `scope` (a
    condition on alias `t`, e.g. the partitions this load inserted). Uniqueness tests come last, so
    that rows failing another test are gone before copies are compared; a copy outside the scope
    (loaded earlier) is the one that stays."""
    if table not in LAKE_TABLES:
        raise TestSpecError(f"{table} is not a lake table; only lake tables have row-level tests")
    plain: list[RowTest] = []
    unique: list[RowTest] = []
    for spec in specs().get(table, []):
        if len(spec) != 1:
            raise TestSpecError(f"{TESTS_FILE}: {table}: each test has exactly one kind, got {list(spec)}")
        kind, arg = next(iter(spec.items()))
        if kind == "unique":
            unique.append(_unique_rows(table, arg, scope))
            continue
        name, cond = _row_condition(table, kind, arg)
        cond = cond.replace("{scope}", scope)
        plain.append(RowTest(table, name, f"SELECT t.rowid AS _rid, false AS _dup FROM {table} AS t "
                                          f"WHERE ({scope}) AND ({cond})"))
    return plain + unique
