"""The SQL models in `warehouse/sql/` (staging views, the events model, the marts) and building them.

Each model is one SQL file whose header comment states its grain and materialization
(`-- materialized: view | table | incremental`). This module only reads and runs those files;
it holds no SQL of its own beyond CREATE wrappers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent / "sql"
LAYERS = ("staging", "marts")
MATERIALIZATIONS = ("view", "table", "incremental")


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
    return Model(path.stem, layer, path, text.strip().rstrip(";"), _header(path, text, "grain"), materialized)


@functools.cache
def all_models() -> tuple[Model, ...]:
    """Staging models, then the events model, then marts (each layer in name order)."""
    out = [read_model(p, "staging") for p in sorted((SQL_DIR / "staging").glob("*.sql"))]
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


def refresh_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every mart (tables are replaced, views recreated)."""
    for m in marts():
        _materialize(con, m)


def _materialize(con: duckdb.DuckDBPyConnection, m: Model) -> None:
    if m.materialized == "view":
        con.execute(f"CREATE OR REPLACE VIEW {m.name} AS\n{m.sql}")
    elif m.materialized == "table":
        con.execute(f"CREATE OR REPLACE TABLE {m.name} AS\n{m.sql}")
    else:
        raise ModelError(f"{m.path}: incremental models are built by the load, not materialized here")
