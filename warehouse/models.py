"""The SQL models in `warehouse/sql/` (staging views, the events model, the marts) and building them.

Each model is one SQL file whose header comment states its grain and materialization
(`-- materialized: view | table | incremental`). A mart table may also declare the period column it
can be refreshed by (`-- period: <column> day | week | month`): a load then redoes only the periods
containing the days it touched. This module only reads and runs those files; it holds no SQL of its
own beyond CREATE / DELETE / INSERT wrappers.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent / "sql"
LAYERS = ("staging", "marts")
MATERIALIZATIONS = ("view", "table", "incremental")
#: Period units a mart can be refreshed by, and the expression mapping an event's `day` to its period.
PERIODS = {"day": "day", "week": "date_trunc('week', day)::DATE", "month": "date_trunc('month', day)::DATE"}
#: Prefix of the table comment recording which SQL built a mart (a changed model is rebuilt in full).
SQL_COMMENT = "evw-model-sql:"


class ModelError(ValueError):
    """A model file is malformed (missing grain or materialization header)."""


@dataclass(frozen=True)
class Model:
    name: str
    layer: str  # staging | core | marts
    path: Path
    sql: str
    grain: str
    materialized: str
    period: tuple[str, str] | None = None  # (column, day | week | month) for period-wise refreshes

    @property
    def sql_hash(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()[:16]


def _header(path: Path, text: str, key: str) -> str:
    m = re.search(rf"^--\s*{key}:\s*(.+)$", text, re.MULTILINE)
    if not m:
        raise ModelError(f"{path}: header comment lacks `-- {key}: ...`")
    return m.group(1).strip()


def read_model(path: Path, layer: str) -> Model:
    text = path.read_text(encoding="utf-8")
    materialized = _header(path, text, "materialized").split()[0]
    if materialized not in MATERIALIZATIONS:
        raise ModelError(f"{path}: materialized must be one of {MATERIALIZATIONS}, not {materialized!r}")
    period = None
    if re.search(r"^--\s*period:", text, re.MULTILINE):
        parts = _header(path, text, "period").split()
        if len(parts) != 2 or parts[1] not in PERIODS or materialized != "table":
            raise ModelError(f"{path}: `-- period:` must read `<column> day|week|month` on a table model")
        period = (parts[0], parts[1])
    return Model(path.stem, layer, path, text.strip().rstrip(";"), _header(path, text, "grain"), materialized,
                 period)


@functools.cache
def all_models() -> tuple[Model, ...]:
    """Staging models, then the events models (event_groups, events), then marts (each layer in name order)."""
    out = [read_model(p, "staging") for p in sorted((SQL_DIR / "staging").glob("*.sql"))]
    out.append(read_model(SQL_DIR / "event_groups.sql", "core"))
    out.append(read_model(SQL_DIR / "events.sql", "core"))
    out.extend(read_model(p, "marts") for p in sorted((SQL_DIR / "marts").glob("*.sql")))
    return tuple(out)


def model(name: str) -> Model:
    for m in all_models():
        if m.name == name:
            return m
    raise KeyError(f"no model {name!r} in {SQL_DIR}")


def marts() -> list[Model]:
    return [m for m in all_models() if m.layer == "marts"]


def build_staging(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the staging views."""
    for m in all_models():
        if m.layer == "staging":
            _materialize(con, m)


def refresh_marts(con: duckdb.DuckDBPyConnection, days_table: str | None = None) -> dict[str, str]:
    """Bring every mart up to date; returns how each was refreshed (`full`, `periods` or `view`).

    Without `days_table` every mart is rebuilt. With it (a table with a `day` column listing the days
    whose events changed), a mart declaring a period and built by the same SQL as now only has the
    periods containing those days deleted and re-derived, from the events of those whole periods.
    """
    built = dict(con.execute(
        "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main'").fetchall())
    how: dict[str, str] = {}
    for m in marts():
        if m.materialized == "view":
            _materialize(con, m)
            how[m.name] = "view"
        elif days_table and m.period and built.get(m.name) == SQL_COMMENT + m.sql_hash:
            _refresh_periods(con, m, days_table)
            how[m.name] = "periods"
        else:
            _materialize(con, m)
            how[m.name] = "full"
    return how


def _refresh_periods(con: duckdb.DuckDBPyConnection, m: Model, days_table: str) -> None:
    assert m.period is not None
    column, unit = m.period
    con.execute(f"CREATE OR REPLACE TEMP TABLE mart_periods AS SELECT DISTINCT {PERIODS[unit]} AS p FROM {days_table}")
    con.execute(f'DELETE FROM {m.name} WHERE "{column}" IN (SELECT p FROM mart_periods)')
    # the model reads `events`: shadow it by the events of the touched periods only
    con.execute(
        f"INSERT INTO {m.name} BY NAME WITH events AS (SELECT * FROM main.events "
        f"WHERE {PERIODS[unit]} IN (SELECT p FROM mart_periods)) SELECT * FROM (\n{m.sql}\n) AS mart"
    )


def _materialize(con: duckdb.DuckDBPyConnection, m: Model) -> None:
    if m.materialized == "view":
        con.execute(f"CREATE OR REPLACE VIEW {m.name} AS\n{m.sql}")
    elif m.materialized == "table":
        con.execute(f"CREATE OR REPLACE TABLE {m.name} AS\n{m.sql}")
        con.execute(f"COMMENT ON TABLE {m.name} IS '{SQL_COMMENT}{m.sql_hash}'")
    else:
        raise ModelError(f"{m.path}: incremental models are built by the load, not materialized here")
