"""Builds the catalog-shim database (`catalog_shims.sql` + the type map) that every session attaches.

The shim file is written once per server start into a private temporary directory and attached
READ_ONLY as catalog `evw`. Must not open the snapshot or write anywhere else.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

from warehouse.serve import pgtypes as t

#: server_version we announce; clients pick SQL features by it
SERVER_VERSION = "15.0"

#: PostgreSQL internal type names (pg_type.typname) and categories
INTERNAL_NAMES: dict[int, tuple[str, str]] = {
    t.BOOL: ("bool", "B"), t.BYTEA: ("bytea", "U"), t.CHAR: ("char", "S"), t.NAME: ("name", "S"),
    t.INT8: ("int8", "N"), t.INT2: ("int2", "N"), t.INT4: ("int4", "N"), t.TEXT: ("text", "S"),
    t.OID: ("oid", "N"), t.JSON: ("json", "U"), t.FLOAT4: ("float4", "N"), t.FLOAT8: ("float8", "N"),
    t.UNKNOWN: ("unknown", "X"), t.VARCHAR: ("varchar", "S"), t.BPCHAR: ("bpchar", "S"),
    t.DATE: ("date", "D"), t.TIME: ("time", "D"), t.TIMESTAMP: ("timestamp", "D"),
    t.TIMESTAMPTZ: ("timestamptz", "D"), t.INTERVAL: ("interval", "T"), t.TIMETZ: ("timetz", "D"),
    t.NUMERIC: ("numeric", "N"), t.UUID: ("uuid", "U"), t.JSONB: ("jsonb", "U"),
    t.REGCLASS: ("regclass", "N"), t.REGTYPE: ("regtype", "N"), t.REGPROC: ("regproc", "N"),
}


def _q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _oid_case() -> str:
    whens = [f"WHEN t = {_q(name)} THEN {oid}" for name, oid in t.DUCKDB_SCALARS.items()]
    arrays = [f"WHEN t = {_q(name + '[]')} THEN {t.ARRAY_OF[oid]}" for name, oid in t.DUCKDB_SCALARS.items()
              if oid in t.ARRAY_OF]
    return ("CASE " + " ".join(whens + arrays)
            + f" WHEN regexp_matches(t, '^DECIMAL\\(\\d+,\\s*\\d+\\)$') THEN {t.NUMERIC}"
            + f" WHEN regexp_matches(t, '^DECIMAL\\(\\d+,\\s*\\d+\\)\\[\\]$') THEN {t.ARRAY_OF[t.NUMERIC]}"
            + f" ELSE {t.TEXT} END")


def _format_case() -> str:
    whens = []
    for oid, (name, _) in t.TYPE_NAMES.items():
        if oid == t.NUMERIC:
            whens.append(f"WHEN oid = {oid} THEN CASE WHEN typmod >= 4 THEN 'numeric(' || "
                         "CAST((typmod - 4) >> 16 AS VARCHAR) || ',' || CAST((typmod - 4) & 65535 AS VARCHAR)"
                         " || ')' ELSE 'numeric' END")
        elif oid in (t.VARCHAR, t.BPCHAR):
            whens.append(f"WHEN oid = {oid} THEN CASE WHEN typmod >= 4 THEN {_q(name)} || '(' || "
                         f"CAST(typmod - 4 AS VARCHAR) || ')' ELSE {_q(name)} END")
        else:
            whens.append(f"WHEN oid = {oid} THEN {_q(name)}")
    for elem, arr in t.ARRAY_OF.items():
        whens.append(f"WHEN oid = {arr} THEN {_q(t.format_type(elem) + '[]')}")
    return "CASE " + " ".join(whens) + " ELSE '???' END"


def _type_values() -> str:
    rows = []
    for oid, (name, cat) in INTERNAL_NAMES.items():
        rows.append(f"({oid}, {_q(name)}, {t.TYPE_NAMES[oid][1]}, {_q(cat)}, 0, {t.ARRAY_OF.get(oid, 0)})")
    for elem, arr in t.ARRAY_OF.items():
        rows.append(f"({arr}, {_q('_' + INTERNAL_NAMES[elem][0])}, -1, 'A', {elem}, 0)")
    return ", ".join(rows)


def settings_values(duckdb_version: str) -> dict[str, str]:
    """Run-time parameters reported by SHOW, current_setting() and ParameterStatus."""
    return {
        "server_version": SERVER_VERSION,
        "server_version_num": "150000",
        "server_encoding": "UTF8",
        "client_encoding": "UTF8",
        "DateStyle": "ISO, MDY",
        "IntervalStyle": "postgres",
        "TimeZone": "UTC",
        "integer_datetimes": "on",
        "standard_conforming_strings": "on",
        "is_superuser": "off",
        "search_path": "main",
        "default_transaction_read_only": "on",
        "transaction_read_only": "on",
        "transaction_isolation": "read committed",
        "default_transaction_isolation": "read committed",
        "application_name": "",
        "max_identifier_length": "63",
        "max_index_keys": "32",
        "lc_collate": "C.UTF-8",
        "lc_ctype": "C.UTF-8",
        "statement_timeout": "0",
        "duckdb_version": duckdb_version,
    }


def version_string() -> str:
    return (f"PostgreSQL {SERVER_VERSION} (evw serve, DuckDB {duckdb.__version__}) "
            "on x86_64-pc-linux-gnu, compiled by gcc, 64-bit")


def shim_sql() -> list[str]:
    """The shim statements with their placeholders filled."""
    text = resources.files("warehouse.serve").joinpath("catalog_shims.sql").read_text(encoding="utf-8")
    settings = settings_values(duckdb.__version__)
    fills = {
        "@OID_CASE@": _oid_case(),
        "@FORMAT_CASE@": _format_case(),
        "@TYPE_VALUES@": _type_values(),
        "@SETTING_CASE@": "CASE lower(setting_name) " + " ".join(
            f"WHEN {_q(k.lower())} THEN {_q(v)}" for k, v in settings.items()) + " END",
        "@SETTING_VALUES@": ", ".join(f"({_q(k)}, {_q(v)})" for k, v in settings.items()),
        "@VERSION@": _q(version_string()),
    }
    for key, value in fills.items():
        text = text.replace(key, value)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    return [s.strip() for s in body.split("\n;\n") if s.strip()]


def build_shim_file(path: Path) -> Path:
    """Write the shim database to `path` (which must not exist)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {_q(str(path))} AS evw")
        con.execute("USE evw")
        for stmt in shim_sql():
            try:
                con.execute(stmt)
            except duckdb.Error as exc:
                raise RuntimeError(f"catalog shim failed: {exc}\n{stmt[:300]}") from exc
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


#: Catalog relations the rewriter redirects to the shim catalog (pg_catalog.<name> or bare <name>)
SHIM_TABLES = frozenset({
    "pg_type", "pg_namespace", "pg_class", "pg_attribute", "pg_attrdef", "pg_constraint", "pg_description",
    "pg_database", "pg_roles", "pg_user", "pg_am", "pg_collation", "pg_tables", "pg_views", "pg_matviews",
    "pg_index", "pg_indexes", "pg_inherits", "pg_trigger", "pg_policy", "pg_rewrite", "pg_statistic_ext",
    "pg_publication", "pg_publication_rel", "pg_publication_namespace", "pg_foreign_table",
    "pg_partitioned_table", "pg_enum", "pg_range", "pg_extension", "pg_sequence", "pg_proc", "pg_tablespace",
    "pg_settings", "pg_stat_user_tables", "pg_stat_activity", "pg_locks",
})

#: information_schema views the rewriter redirects (information_schema.<name>)
SHIM_INFORMATION_SCHEMA = frozenset({"schemata", "tables", "columns", "views"})

#: Functions the rewriter redirects to the shim catalog
SHIM_FUNCTIONS = frozenset({
    "version", "current_setting", "pg_get_expr", "pg_get_userbyid", "pg_table_is_visible",
    "pg_type_is_visible", "pg_function_is_visible", "pg_encoding_to_char", "obj_description",
    "col_description", "shobj_description", "pg_get_constraintdef", "pg_get_indexdef", "pg_get_viewdef",
    "pg_get_partkeydef", "pg_get_statisticsobjdef_columns", "has_table_privilege", "has_schema_privilege",
    "has_database_privilege", "has_column_privilege", "has_any_column_privilege", "pg_has_role",
    "current_schemas", "pg_relation_size", "pg_total_relation_size", "pg_table_size", "pg_size_pretty",
    "pg_is_in_recovery", "pg_postmaster_start_time", "txid_current", "inet_server_addr", "inet_server_port",
    "quote_ident", "format_type", "array_lower", "array_upper", "pg_get_serial_sequence",
    "pg_get_function_identity_arguments", "pg_get_function_result", "pg_relation_is_publishable",
    "pg_get_ruledef", "pg_get_triggerdef", "pg_collation_is_visible", "pg_get_function_arguments",
    "to_regtype", "to_regclass", "regtype_oid", "regclass_oid",
})
