"""Validation of Arrow tables and Parquet files against the schemas in `schemas.tables`.

Raises `SchemaMismatch` with a readable list of differences; never repairs data silently.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import TABLES


class SchemaMismatch(ValueError):
    """A table or file does not match its declared schema."""


def differences(actual: pa.Schema, expected: pa.Schema) -> list[str]:
    """Human-readable differences between two schemas (names, order, types, nullability)."""
    out: list[str] = []
    a_names, e_names = list(actual.names), list(expected.names)
    for name in e_names:
        if name not in a_names:
            out.append(f"missing column {name!r}")
    for name in a_names:
        if name not in e_names:
            out.append(f"unexpected column {name!r}")
    if not out and a_names != e_names:
        out.append(f"column order {a_names} != {e_names}")
    for field in expected:
        if field.name in a_names:
            got = actual.field(field.name)
            if not got.type.equals(field.type):
                out.append(f"column {field.name!r} has type {got.type}, expected {field.type}")
    return out


def validate_table(table: pa.Table, name: str) -> None:
    """Check column names/types against the schema and that non-nullable columns have no nulls."""
    expected = TABLES[name]
    diffs = differences(table.schema, expected)
    for field in expected:
        if not field.nullable and field.name in table.column_names and table.column(field.name).null_count:
            diffs.append(f"column {field.name!r} is NOT NULL but has {table.column(field.name).null_count} nulls")
    if diffs:
        raise SchemaMismatch(f"{name}: " + "; ".join(diffs))


def validate_parquet(path: Path, name: str) -> None:
    """Validate a Parquet file of table `name` (schema and NOT NULL constraints)."""
    validate_table(pq.read_table(path), name)
