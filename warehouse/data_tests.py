"""Data-quality tests declared in `warehouse/sql/tests.yaml`, compiled to SQL and run after each load.

A test is a query returning offending rows; it passes when there are none. The report is meant
for people: which test, how many rows, a few examples. Must not modify data.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import duckdb
import yaml

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
    """The data-quality tests failed; `report` holds the details."""

    def __init__(self, report: TestReport, where: str = "") -> None:
        self.report = report
        more = f" — nothing was committed; full report: {where}" if where else " — nothing was committed"
        super().__init__(report.headline() + more + "\n" + report.render())


@functools.cache
def specs() -> dict[str, list[dict[str, Any]]]:
    data = yaml.safe_load(TESTS_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TestSpecError(f"{TESTS_FILE}: expected a mapping of table -> list of tests")
    return data


def _cols(cols: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


def compile_test(table: str, spec: dict[str, Any], source: str) -> DataTest:
    """One test spec -> a query over `source` (the table, or a scoped subquery of it)."""
    if len(spec) != 1:
        raise TestSpecError(f"{TESTS_FILE}: {table}: each test has exactly one kind, got {list(spec)}")
    kind, arg = next(iter(spec.items()))
    if kind == "unique":
        key = _cols(arg)
        sql = f"SELECT {key}, count(*) AS copies FROM {table} GROUP BY ALL HAVING count(*) > 1"
        if source != table:
            # only keys present in the scope, compared as structs so that NULL keys match too
            sql = (f"SELECT {key}, count(*) AS copies FROM {table} "
                   f"WHERE struct_pack({key}) IN (SELECT struct_pack({key}) FROM {source}) "
                   f"GROUP BY ALL HAVING count(*) > 1")
        return DataTest(table, "unique(" + ", ".join(arg) + ")", sql)
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
                        f'WHERE "{col}" < {arg["min"]} OR "{col}" > {arg["max"]} GROUP BY 1')
    if kind == "expression":
        return DataTest(table, arg["name"], arg["rows"].replace("{table}", source))
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
