"""Order-independent content checksums of warehouse tables (to compare loads, reloads and snapshots).

Read-only: computes an MD5 over the sorted MD5s of every row's text form.
"""

from __future__ import annotations

import duckdb

#: Columns that record when something happened to the warehouse rather than what it holds.
VOLATILE_COLUMNS = {"loaded_files": ("loaded_at",), "schema_migrations": ("applied_at",)}


def query_checksum(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, str]:
    """(row count, checksum) of the rows a SELECT returns, in any order."""
    row = con.execute(
        f"SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') "
        f"FROM (SELECT md5(CAST(t AS VARCHAR)) AS h FROM ({sql}) AS t)"
    ).fetchone()
    assert row is not None
    return int(row[0]), str(row[1])


def table_checksum(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    """(row count, checksum) of a table or view, ignoring its volatile columns."""
    drop = VOLATILE_COLUMNS.get(table, ())
    columns = f"* EXCLUDE ({', '.join(drop)})" if drop else "*"
    return query_checksum(con, f"SELECT {columns} FROM {table}")


def checksums(con: duckdb.DuckDBPyConnection, tables: list[str] | None = None) -> dict[str, tuple[int, str]]:
    """Checksums of the given tables, or of every table and view in the main schema."""
    if tables is None:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary "
            "UNION SELECT view_name FROM duckdb_views() WHERE database_name = current_database() "
            "AND NOT internal AND NOT temporary ORDER BY 1").fetchall()]
    return {t: table_checksum(con, t) for t in tables}
