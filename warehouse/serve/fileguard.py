"""No client of `evw serve` may read or list a file: a check of every statement before DuckDB binds it.

DuckDB's `enable_external_access = false` stops file access everywhere except in the temporary
directory, which it must keep reachable to spill (it adds it to `allowed_directories`, and nothing in
DuckDB 2.0 removes it again). So the server also parses each statement with DuckDB's own parser
(`json_serialize_sql`, which binds nothing and touches no file) and refuses, with SQLSTATE 42501,
any table function outside a list of ones that read no files (`read_text`, `read_csv`, `glob`,
`query` ... are not on it) and any table name that looks like a path (`FROM 'x.csv'`: a replacement
scan). `EXPLAIN` is checked through to its query; other statements DuckDB cannot serialize
(PIVOT, a WITH ... INSERT) are refused. Must not execute the statement.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from typing import Any

import duckdb

from warehouse.serve.errors import PgError

INSUFFICIENT_PRIVILEGE = "42501"

#: Table functions a client may call: none of them reads, lists or writes a file.
SAFE_TABLE_FUNCTIONS = frozenset({
    "range", "generate_series", "unnest", "repeat", "repeat_row", "json_each", "json_tree", "summary",
    "histogram", "histogram_values", "pg_timezone_names", "icu_calendar_names", "test_all_types",
    "test_vector_types",
    "duckdb_columns", "duckdb_constraints", "duckdb_databases", "duckdb_dependencies", "duckdb_functions",
    "duckdb_indexes", "duckdb_keywords", "duckdb_memory", "duckdb_optimizers", "duckdb_schemas",
    "duckdb_sequences", "duckdb_settings", "duckdb_tables", "duckdb_types", "duckdb_variables", "duckdb_views",
    "duckdb_triggers", "duckdb_approx_database_count", "duckdb_connection_count", "duckdb_dialects",
    "duckdb_available_metrics", "duckdb_coordinate_systems", "duckdb_prepared_statements",
    "pragma_table_info", "pragma_show", "pragma_version", "pragma_platform", "pragma_database_size",
    "pragma_storage_info", "pragma_metadata_info", "pragma_collations", "pragma_user_agent",
})

#: A table name with one of these is a path to DuckDB (a replacement scan reads the file).
_PATHLIKE = re.compile(r"[./\\:~*?\[\]]")
_EXPLAIN = re.compile(r"^\s*EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\([^)]*\)\s*)?", re.IGNORECASE)


def _nodes(tree: Any) -> Iterator[dict[str, Any]]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _refuse(what: str) -> PgError:
    return PgError(INSUFFICIENT_PRIVILEGE, f"evw serve does not read or list files: {what} is not available",
                   hint="query the warehouse tables and views; file access is disabled on this endpoint")


_local = threading.local()
_lock = threading.Lock()
_db: duckdb.DuckDBPyConnection | None = None


def _parser() -> duckdb.DuckDBPyConnection:
    """This thread's cursor on a private in-memory DuckDB used only to parse (no data, no file access)."""
    global _db
    cur: duckdb.DuckDBPyConnection | None = getattr(_local, "cur", None)
    if cur is None:
        with _lock:
            if _db is None:
                _db = duckdb.connect(":memory:", config={"enable_external_access": "false", "threads": "1"})
            cur = _local.cur = _db.cursor()
    return cur


def check(sql: str) -> None:
    """Raise PgError 42501 when `sql` could read or list a file; return quietly otherwise (a statement
    DuckDB cannot parse is left to DuckDB, whose parse error touches no file)."""
    explain = _EXPLAIN.match(sql)
    if explain:
        sql = sql[explain.end():]
    row = _parser().execute("SELECT json_serialize_sql(?)", [sql]).fetchone()
    tree = json.loads(row[0]) if row and row[0] else {}
    if tree.get("error"):
        message = str(tree.get("error_message", ""))
        if "Only SELECT statements" in message:  # DuckDB cannot show us what it would read
            raise PgError(INSUFFICIENT_PRIVILEGE, "evw serve answers queries only, and this statement cannot be "
                          "checked for file access", hint="write it as a SELECT (PIVOT/UNPIVOT: use GROUP BY "
                          "with FILTER or CASE)")
        return  # a syntax error: DuckDB reports it without binding anything
    for node in _nodes(tree.get("statements", [])):
        kind = node.get("type")
        if kind == "TABLE_FUNCTION":
            function = node.get("function") or {}
            name = str(function.get("function_name", "")).lower()
            if name not in SAFE_TABLE_FUNCTIONS:
                raise _refuse(f"{name}()")
        elif kind == "BASE_TABLE" and _PATHLIKE.search(str(node.get("table_name", ""))):
            raise _refuse(f"reading {node.get('table_name')!r}")
