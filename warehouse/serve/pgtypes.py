"""PostgreSQL type identities for DuckDB types, and decoding of client parameter values.

Maps DuckDB type names (as `str(DuckDBPyType)` prints them) to PostgreSQL type OIDs, sizes and
modifiers; turns text- or binary-format Bind parameters into Python values DuckDB can bind.
Must not touch sockets or run queries.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

BOOL, BYTEA, CHAR, NAME, INT8, INT2, INT4, TEXT, OID = 16, 17, 18, 19, 20, 21, 23, 25, 26
JSON, FLOAT4, FLOAT8, UNKNOWN, VARCHAR, BPCHAR = 114, 700, 701, 705, 1043, 1042
DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, TIMETZ = 1082, 1083, 1114, 1184, 1186, 1266
NUMERIC, UUID, JSONB, REGCLASS, REGTYPE, REGPROC = 1700, 2950, 3802, 2205, 2206, 24

#: element OID -> array OID
ARRAY_OF: dict[int, int] = {
    BOOL: 1000, BYTEA: 1001, CHAR: 1002, NAME: 1003, INT2: 1005, INT4: 1007, TEXT: 1009,
    BPCHAR: 1014, VARCHAR: 1015, INT8: 1016, FLOAT4: 1021, FLOAT8: 1022, OID: 1028,
    TIMESTAMP: 1115, DATE: 1182, TIME: 1183, TIMESTAMPTZ: 1185, INTERVAL: 1187, NUMERIC: 1231,
    UUID: 2951, JSON: 199, JSONB: 3807, TIMETZ: 1270,
}
ELEMENT_OF: dict[int, int] = {v: k for k, v in ARRAY_OF.items()}

#: PostgreSQL type name and length for each OID we emit (pg_type shim and format_type)
TYPE_NAMES: dict[int, tuple[str, int]] = {
    BOOL: ("boolean", 1), BYTEA: ("bytea", -1), CHAR: ('"char"', 1), NAME: ("name", 64),
    INT8: ("bigint", 8), INT2: ("smallint", 2), INT4: ("integer", 4), TEXT: ("text", -1),
    OID: ("oid", 4), JSON: ("json", -1), FLOAT4: ("real", 4), FLOAT8: ("double precision", 8),
    UNKNOWN: ("unknown", -2), VARCHAR: ("character varying", -1), BPCHAR: ("character", -1),
    DATE: ("date", 4), TIME: ("time without time zone", 8),
    TIMESTAMP: ("timestamp without time zone", 8), TIMESTAMPTZ: ("timestamp with time zone", 8),
    INTERVAL: ("interval", 16), TIMETZ: ("time with time zone", 12), NUMERIC: ("numeric", -1),
    UUID: ("uuid", 16), JSONB: ("jsonb", -1), REGCLASS: ("regclass", 4), REGTYPE: ("regtype", 4),
    REGPROC: ("regproc", 4),
}

DUCKDB_SCALARS: dict[str, int] = {
    "BOOLEAN": BOOL, "TINYINT": INT2, "SMALLINT": INT2, "INTEGER": INT4, "BIGINT": INT8,
    "UTINYINT": INT2, "USMALLINT": INT4, "UINTEGER": INT8, "UBIGINT": NUMERIC, "HUGEINT": NUMERIC,
    "UHUGEINT": NUMERIC, "BIGNUM": NUMERIC, "VARINT": NUMERIC, "FLOAT": FLOAT4, "DOUBLE": FLOAT8,
    "VARCHAR": TEXT, "BLOB": BYTEA, "DATE": DATE, "TIME": TIME, "TIME WITH TIME ZONE": TIMETZ,
    "TIMESTAMP": TIMESTAMP, "TIMESTAMP_S": TIMESTAMP, "TIMESTAMP_MS": TIMESTAMP,
    "TIMESTAMP_NS": TIMESTAMP, "TIMESTAMP WITH TIME ZONE": TIMESTAMPTZ, "INTERVAL": INTERVAL,
    "UUID": UUID, "JSON": JSON,
}

_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


@dataclass(frozen=True)
class PgType:
    """How one result column is described to the client."""

    oid: int
    size: int
    modifier: int = -1

    @property
    def name(self) -> str:
        if self.oid in ELEMENT_OF:
            return TYPE_NAMES.get(ELEMENT_OF[self.oid], ("text", -1))[0] + "[]"
        return TYPE_NAMES.get(self.oid, ("text", -1))[0]


def _scalar_oid(duck: str) -> tuple[int, int]:
    """(oid, typmod) for a non-list DuckDB type name."""
    if duck in DUCKDB_SCALARS:
        return DUCKDB_SCALARS[duck], -1
    m = _DECIMAL.fullmatch(duck)
    if m:
        return NUMERIC, ((int(m.group(1)) << 16) | int(m.group(2))) + 4
    return TEXT, -1  # ENUM, STRUCT, MAP, UNION, BIT, "NULL": sent as text


def pg_type(duck_type: str) -> PgType:
    """The PostgreSQL type for a DuckDB type name such as `DECIMAL(10,2)` or `INTEGER[]`."""
    duck = duck_type.strip().upper()
    if duck.endswith("[]"):
        inner = duck[:-2]
        if inner.endswith("[]") or (inner not in DUCKDB_SCALARS and not _DECIMAL.fullmatch(inner)):
            return PgType(TEXT, -1)  # nested or structured lists are sent as text
        oid, _ = _scalar_oid(inner)
        return PgType(ARRAY_OF.get(oid, TEXT), -1)
    oid, mod = _scalar_oid(duck)
    return PgType(oid, TYPE_NAMES.get(oid, ("", -1))[1], mod)


def format_type(oid: int, typmod: int = -1) -> str:
    """PostgreSQL's format_type(oid, typmod)."""
    if oid in ELEMENT_OF:
        return format_type(ELEMENT_OF[oid], typmod) + "[]"
    name = TYPE_NAMES.get(oid, ("???", -1))[0]
    if oid == NUMERIC and typmod >= 4:
        return f"numeric({(typmod - 4) >> 16},{(typmod - 4) & 0xFFFF})"
    if oid in (VARCHAR, BPCHAR) and typmod >= 4:
        return f"{name}({typmod - 4})"
    return name


# ---------------------------------------------------------------- parameters

_PG_EPOCH = dt.datetime(2000, 1, 1)
_PG_EPOCH_DATE = dt.date(2000, 1, 1)


class ParameterError(ValueError):
    """A Bind parameter cannot be read as its declared type (SQLSTATE 22P02)."""


def _parse_bool(text: str) -> bool:
    t = text.strip().lower()
    if t in ("t", "true", "y", "yes", "on", "1"):
        return True
    if t in ("f", "false", "n", "no", "off", "0"):
        return False
    raise ParameterError(f'invalid input syntax for type boolean: "{text}"')


def _parse_timestamp(text: str) -> dt.datetime:
    t = text.strip().replace(" ", "T", 1)
    if re.search(r"[+-]\d\d$", t):
        t += ":00"
    return dt.datetime.fromisoformat(t)


def _text_param(oid: int, text: str) -> Any:
    try:
        if oid in (INT2, INT4, INT8, OID):
            return int(text)
        if oid in (FLOAT4, FLOAT8):
            return float(text)
        if oid == NUMERIC:
            return Decimal(text)
        if oid == BOOL:
            return _parse_bool(text)
        if oid == DATE:
            return dt.date.fromisoformat(text.strip())
        if oid in (TIMESTAMP, TIMESTAMPTZ):
            return _parse_timestamp(text)
        if oid == TIME:
            return dt.time.fromisoformat(text.strip())
        if oid == UUID:
            return uuid.UUID(text)
        if oid == BYTEA:
            if text.startswith("\\x"):
                return bytes.fromhex(text[2:])
            return text.encode("utf-8")
    except (ValueError, ArithmeticError) as exc:
        raise ParameterError(f"invalid input for type {format_type(oid)}: {text!r} ({exc})") from exc
    return text


def _numeric_from_binary(data: bytes) -> Decimal:
    ndigits, weight, sign, dscale = struct.unpack("!hhHh", data[:8])
    if sign == 0xC000:
        return Decimal("NaN")
    digits = struct.unpack(f"!{ndigits}h", data[8:8 + 2 * ndigits])
    value = Decimal(0)
    for i, d in enumerate(digits):
        value += Decimal(d).scaleb(4 * (weight - i))
    value = value.quantize(Decimal(1).scaleb(-dscale)) if dscale else value.to_integral_value()
    return -value if sign == 0x4000 else value


def _binary_param(oid: int, data: bytes) -> Any:
    try:
        if oid == INT2:
            return struct.unpack("!h", data)[0]
        if oid in (INT4, OID):
            return struct.unpack("!i", data)[0]
        if oid == INT8:
            return struct.unpack("!q", data)[0]
        if oid == FLOAT4:
            return struct.unpack("!f", data)[0]
        if oid == FLOAT8:
            return struct.unpack("!d", data)[0]
        if oid == BOOL:
            return data != b"\x00"
        if oid == DATE:
            return _PG_EPOCH_DATE + dt.timedelta(days=struct.unpack("!i", data)[0])
        if oid == TIMESTAMP:
            return _PG_EPOCH + dt.timedelta(microseconds=struct.unpack("!q", data)[0])
        if oid == TIMESTAMPTZ:
            return (_PG_EPOCH + dt.timedelta(microseconds=struct.unpack("!q", data)[0])).replace(
                tzinfo=dt.UTC)
        if oid == TIME:
            return (dt.datetime.min + dt.timedelta(microseconds=struct.unpack("!q", data)[0])).time()
        if oid == UUID:
            return uuid.UUID(bytes=data)
        if oid == NUMERIC:
            return _numeric_from_binary(data)
        if oid == BYTEA:
            return bytes(data)
        if oid == JSONB:
            return data[1:].decode("utf-8")
        return data.decode("utf-8")
    except (struct.error, UnicodeDecodeError, ValueError) as exc:
        raise ParameterError(f"invalid binary value for type {format_type(oid)}: {exc}") from exc


def decode_param(oid: int, fmt: int, data: bytes | None) -> Any:
    """A Bind parameter as a Python value; `oid` 0 means the client left the type to the server."""
    if data is None:
        return None
    if fmt == 1:
        return _binary_param(oid, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParameterError(f"parameter is not valid UTF-8: {exc}") from exc
    return _text_param(oid, text)
