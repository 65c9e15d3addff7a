"""DuckDB DDL generated from the Arrow schemas in `schemas.tables`.

The only place that maps Arrow types to DuckDB types; nothing else writes CREATE TABLE by hand.
"""

from __future__ import annotations

import pyarrow as pa

from schemas.tables import PRIMARY_KEYS, TABLES


def duckdb_type(typ: pa.DataType) -> str:
    """The DuckDB type name for an Arrow type (as DuckDB itself reports it)."""
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return "VARCHAR"
    if pa.types.is_binary(typ) or pa.types.is_large_binary(typ):
        return "BLOB"
    if pa.types.is_boolean(typ):
        return "BOOLEAN"
    simple = {
        pa.int8(): "TINYINT",
        pa.int16(): "SMALLINT",
        pa.int32(): "INTEGER",
        pa.int64(): "BIGINT",
        pa.uint8(): "UTINYINT",
        pa.uint16(): "USMALLINT",
        pa.uint32(): "UINTEGER",
        pa.uint64(): "UBIGINT",
        pa.float32(): "FLOAT",
        pa.float64(): "DOUBLE",
        pa.date32(): "DATE",
    }
    if typ in simple:
        return simple[typ]
    if pa.types.is_timestamp(typ):
        return "TIMESTAMP WITH TIME ZONE" if typ.tz else "TIMESTAMP"
    if pa.types.is_decimal(typ):
        return f"DECIMAL({typ.precision},{typ.scale})"
    if pa.types.is_list(typ) or pa.types.is_large_list(typ):
        return duckdb_type(typ.value_type) + "[]"
    raise TypeError(f"no DuckDB type for Arrow type {typ}")


def create_table_sql(table: str, schema: pa.Schema | None = None, *, if_not_exists: bool = True,
                     primary_key: bool = True) -> str:
    """`CREATE TABLE` for `table` from its Arrow schema (or the one given)."""
    schema = schema if schema is not None else TABLES[table]
    cols = []
    for field in schema:
        null = "" if field.nullable else " NOT NULL"
        cols.append(f'    "{field.name}" {duckdb_type(field.type)}{null}')
    keys = PRIMARY_KEYS.get(table) if primary_key else None
    if keys:
        cols.append(f"    PRIMARY KEY ({', '.join(keys)})")
    exists = "IF NOT EXISTS " if if_not_exists else ""
    return f"CREATE TABLE {exists}{table} (\n" + ",\n".join(cols) + "\n);"


def all_ddl() -> str:
    """DDL for every table, in dependency order."""
    return "\n\n".join(create_table_sql(name) for name in TABLES)


def select_list(table: str, schema: pa.Schema | None = None) -> str:
    """A SELECT list that casts every column of `table` to its declared DuckDB type."""
    schema = schema if schema is not None else TABLES[table]
    return ", ".join(f'CAST("{f.name}" AS {duckdb_type(f.type)}) AS "{f.name}"' for f in schema)
