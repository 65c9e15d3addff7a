"""Versioned schema migrations of the warehouse file, recorded in `schema_migrations`.

Applied automatically when the warehouse is opened for writing: an old file is upgraded in place,
a file written by a newer evw is refused. DDL comes from `schemas.ddl`; nothing here loads data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from schemas.ddl import create_table_sql, duckdb_type
from schemas.tables import TABLES


class WarehouseTooNew(RuntimeError):
    """The warehouse file was migrated by a newer version of evw."""


class SchemaDrift(RuntimeError):
    """A warehouse table does not match its Arrow schema and no migration covers the difference."""


def _create(*tables: str) -> Callable[[duckdb.DuckDBPyConnection], None]:
    def apply(con: duckdb.DuckDBPyConnection) -> None:
        for name in tables:
            con.execute(create_table_sql(name, primary_key=False))

    return apply


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


#: Every migration, in order. Append new ones; never edit or renumber an applied one.
#: Uniqueness is checked by the data-quality tests, not by PRIMARY KEY indexes (which would
#: make bulk loads several times slower).
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "base tables", _create("articles", "event_mentions", "quarantine", "ingest_runs",
                                        "cameo_event_codes", "cameo_actor_types")),
    Migration(2, "load bookkeeping", _create("loaded_files")),
    Migration(3, "gdelt-style events", _create("events")),
)

#: Tables that the migrations create (and that must match their Arrow schema afterwards).
MANAGED_TABLES = ("articles", "event_mentions", "quarantine", "ingest_runs", "cameo_event_codes",
                  "cameo_actor_types", "loaded_files", "events")

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to the open warehouse (0 for an empty file)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def apply_migrations(con: duckdb.DuckDBPyConnection, *, target: int = LATEST_VERSION, where: str = "") -> list[int]:
    """Apply pending migrations up to `target`, each in its own transaction; returns those applied.

    Raises `WarehouseTooNew` when the file is ahead of this code.
    """
    have = current_version(con)
    if have > LATEST_VERSION:
        raise WarehouseTooNew(
            f"warehouse {where or 'file'} has schema version {have}, but this evw only knows up to "
            f"{LATEST_VERSION}; upgrade evw (pip install -U event-warehouse) or point --warehouse at another file"
        )
    con.execute(create_table_sql("schema_migrations", primary_key=False))
    applied = []
    for mig in MIGRATIONS:
        if mig.version <= have or mig.version > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            mig.apply(con)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        [mig.version, mig.name, dt.datetime.now(dt.UTC)])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(mig.version)
    if target == LATEST_VERSION:
        check_drift(con)
    return applied


def check_drift(con: duckdb.DuckDBPyConnection) -> None:
    """Fail when a managed table's columns differ from `schemas.tables` (a migration is missing)."""
    problems = []
    for name in MANAGED_TABLES:
        rows = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position", [name]
        ).fetchall()
        have = [(str(c), str(t)) for c, t in rows]
        want = [(f.name, duckdb_type(f.type)) for f in TABLES[name]]
        if have != want:
            missing = [c for c, _ in want if c not in dict(have)]
            extra = [c for c, _ in have if c not in dict(want)]
            problems.append(f"{name} (missing {missing or '-'}, unexpected {extra or '-'})")
    if problems:
        raise SchemaDrift(
            "warehouse tables differ from schemas/tables.py: " + "; ".join(problems)
            + " — add a migration in warehouse/migrations.py"
        )
