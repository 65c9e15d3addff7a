"""Arrow record batches -> PostgreSQL DataRow messages, vectorised with pyarrow and numpy.

Each column becomes a binary array of wire values (text or binary format, nulls kept), then all
columns are joined element-wise into one contiguous buffer of DataRow messages. Common types are
encoded without a Python loop; rare ones (intervals, lists, structs, numeric in binary) fall back
to per-value Python. Must not touch sockets or the database.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import struct
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from warehouse.serve import pgtypes as t

_PG_EPOCH_DAYS = 10957
_PG_EPOCH_US = 946_684_800_000_000


# ---------------------------------------------------------------- text format, per value


def _array_quote(s: str) -> str:
    if s == "" or s.upper() == "NULL" or any(c in s for c in '{}",\\ \t\n\r'):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def text_value(v: Any) -> str:
    """PostgreSQL text output for one Python value (the fallback path)."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return repr(v).removesuffix(".0") if v.is_integer() and abs(v) < 1e16 else repr(v)
    if isinstance(v, dt.datetime):
        s = v.isoformat(sep=" ")
        return s[:-6] + ("+00" if s.endswith("+00:00") else s[-6:]) if v.tzinfo else s
    if isinstance(v, dt.timedelta):
        return _interval_text(0, v.days, v.seconds * 1_000_000 + v.microseconds)
    if hasattr(v, "months") and hasattr(v, "days") and hasattr(v, "nanoseconds"):  # MonthDayNano
        return _interval_text(int(v.months), int(v.days), int(v.nanoseconds) // 1000)
    if isinstance(v, bytes):
        return "\\x" + v.hex()
    if isinstance(v, list | tuple):
        return "{" + ",".join("NULL" if x is None else _array_quote(text_value(x)) for x in v) + "}"
    if isinstance(v, dict):
        return json.dumps(v, default=str)
    return str(v)


def _interval_text(months: int, days: int, micros: int) -> str:
    parts = []
    years, mons = divmod(abs(months), 12)
    sign = "-" if months < 0 else ""
    if years:
        parts.append(f"{sign}{years} year{'s' if years != 1 else ''}")
    if mons:
        parts.append(f"{sign}{mons} mon{'s' if mons != 1 else ''}")
    if days:
        parts.append(f"{days} day{'s' if abs(days) != 1 else ''}")
    if micros or not parts:
        neg = micros < 0
        h, rem = divmod(abs(micros), 3_600_000_000)
        m, rem = divmod(rem, 60_000_000)
        s, us = divmod(rem, 1_000_000)
        clock = f"{'-' if neg else ''}{h:02d}:{m:02d}:{s:02d}" + (f".{us:06d}".rstrip("0") if us else "")
        parts.append(clock)
    return " ".join(parts)


# ---------------------------------------------------------------- binary format, per value


def _numeric_binary(v: Decimal) -> bytes:
    if v.is_nan():
        return struct.pack("!hhHh", 0, 0, 0xC000, 0)
    sign_bit, digits, exp = v.as_tuple()
    exp = int(exp)
    dscale = max(0, -exp)
    digit_str = "".join(map(str, digits)).lstrip("0") or "0"
    # align to groups of 4 decimal digits around the decimal point
    int_len = len(digit_str) + exp  # digits before the point
    frac_pad = exp % 4 if exp < 0 else 0  # fractional digits padded to a multiple of 4
    s = digit_str + "0" * frac_pad + ("0" * exp if exp > 0 else "")
    int_len = max(int_len, 0)
    lead = (-int_len) % 4
    s = "0" * lead + s
    groups = [int(s[i:i + 4]) for i in range(0, len(s), 4)]
    weight = (int_len + lead) // 4 - 1
    if digit_str == "0":
        groups, weight = [], 0
    while groups and groups[-1] == 0:
        groups.pop()
    while groups and groups[0] == 0:
        groups.pop(0)
        weight -= 1
    return struct.pack(f"!hhHh{len(groups)}h", len(groups), weight, 0x4000 if sign_bit and groups else 0,
                       dscale, *groups)


def binary_value(oid: int, v: Any) -> bytes:
    """PostgreSQL binary send format for one Python value of type `oid` (the fallback path)."""
    if oid == t.NUMERIC:
        return _numeric_binary(v if isinstance(v, Decimal) else Decimal(str(v)))
    if oid == t.INTERVAL:
        if isinstance(v, dt.timedelta):
            return struct.pack("!qii", v.seconds * 1_000_000 + v.microseconds, v.days, 0)
        return struct.pack("!qii", int(v.nanoseconds) // 1000, int(v.days), int(v.months))
    if oid == t.UUID:
        return (v if isinstance(v, uuid.UUID) else uuid.UUID(str(v))).bytes
    if oid == t.TIME:
        return struct.pack("!q", ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond)
    if oid == t.TIMETZ:
        off = v.utcoffset() or dt.timedelta(0)
        us = ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond
        return struct.pack("!qi", us, -int(off.total_seconds()))
    if oid in (t.INT2,):
        return struct.pack("!h", v)
    if oid == t.INT4:
        return struct.pack("!i", v)
    if oid == t.INT8:
        return struct.pack("!q", v)
    if oid == t.FLOAT4:
        return struct.pack("!f", v)
    if oid == t.FLOAT8:
        return struct.pack("!d", v)
    if oid == t.BOOL:
        return b"\x01" if v else b"\x00"
    if oid == t.DATE:
        return struct.pack("!i", (v - dt.date(2000, 1, 1)).days)
    if oid in (t.TIMESTAMP, t.TIMESTAMPTZ):
        naive = v.astimezone(dt.UTC).replace(tzinfo=None) if v.tzinfo else v
        delta = naive - dt.datetime(2000, 1, 1)
        return struct.pack("!q", (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds)
    if oid == t.BYTEA:
        return bytes(v)
    if oid in t.ELEMENT_OF:
        return _array_binary(t.ELEMENT_OF[oid], v)
    return text_value(v).encode("utf-8")


def _array_binary(elem: int, items: list[Any]) -> bytes:
    has_null = any(x is None for x in items)
    out = [struct.pack("!iiiii", 1, int(has_null), elem, len(items), 1)]
    for x in items:
        if x is None:
            out.append(b"\xff\xff\xff\xff")
        else:
            b = binary_value(elem, x)
            out.append(struct.pack("!i", len(b)) + b)
    return b"".join(out)


# ---------------------------------------------------------------- columns


def _fixed_to_binary(values: np.ndarray, validity: pa.Array | None, width: int) -> pa.Array:
    """A big-endian numpy array as a binary Arrow array, nulls from `validity` (a boolean array)."""
    n = len(values)
    fixed = pa.Array.from_buffers(pa.binary(width), n, [None, pa.py_buffer(values.tobytes())])
    out = fixed.cast(pa.binary())
    if validity is not None:
        out = pc.if_else(validity, out, pa.scalar(None, pa.binary()))
    return out


def _validity(col: pa.Array) -> pa.Array | None:
    return col.is_valid() if col.null_count else None


def _numeric_binary_column(col: pa.Array) -> pa.Array | None:
    """Binary NUMERIC values for a decimal column whose unscaled values fit in int64, else None."""
    typ = col.type
    if not pa.types.is_decimal128(typ):
        return None
    scale = int(typ.scale)
    if scale < 0:
        return None
    n = len(col)
    words = np.frombuffer(col.buffers()[1], dtype="<i8")[2 * col.offset:2 * (col.offset + n)]
    raw = words[0::2].copy()
    if typ.precision > 18 and not np.array_equal(words[1::2], raw >> 63):
        return None  # some value needs more than 64 bits
    if col.null_count:
        raw[~np.asarray(col.is_valid().to_numpy(zero_copy_only=False), dtype=bool)] = 0
    pad = (4 - scale % 4) % 4
    frac_groups = (scale + pad) // 4
    if n and int(np.abs(raw).max()) * 10 ** pad >= 10 ** 19:
        return None  # would overflow; the per-value path handles it
    mag = np.abs(raw).astype(np.uint64) * np.uint64(10 ** pad)
    ngroups = 5  # 10**19 < 10000**5
    groups = np.empty((n, ngroups), dtype=np.int64)  # least significant first
    rest = mag
    for k in range(ngroups):
        quotient = rest // np.uint64(10000)
        groups[:, k] = (rest - quotient * np.uint64(10000)).astype(np.int64)
        rest = quotient
    nonzero = groups != 0
    any_nz = nonzero.any(axis=1)
    hi = np.where(any_nz, ngroups - 1 - np.argmax(nonzero[:, ::-1], axis=1), 0)
    lo = np.where(any_nz, np.argmax(nonzero, axis=1), 0)
    ndigits = np.where(any_nz, hi - lo + 1, 0)
    weight = np.where(any_nz, hi - frac_groups, 0)
    sign = np.where(raw < 0, 0x4000, 0)
    width = 8 + 2 * ngroups
    out = np.zeros((n, width), dtype=np.uint8)
    header = np.empty(n, dtype=[("nd", ">i2"), ("w", ">i2"), ("s", ">u2"), ("ds", ">i2")])
    header["nd"], header["w"], header["s"], header["ds"] = ndigits, weight, sign, scale
    out[:, :8] = header.view(np.uint8).reshape(n, 8)
    # digits from most significant (hi) down to lo, left-aligned after the header
    idx = hi[:, None] - np.arange(ngroups)[None, :]
    digits = np.take_along_axis(groups, np.clip(idx, 0, ngroups - 1), axis=1).astype(">i2")
    out[:, 8:] = digits.view(np.uint8).reshape(n, 2 * ngroups)
    lengths = 8 + 2 * ndigits
    mask = np.arange(width)[None, :] < lengths[:, None]
    data = out[mask]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    arr = pa.Array.from_buffers(pa.binary(), n, [None, pa.py_buffer(offsets.tobytes()),
                                                  pa.py_buffer(data.tobytes())])
    if col.null_count:
        arr = pc.if_else(col.is_valid(), arr, pa.scalar(None, pa.binary()))
    return arr


def _numpy(col: pa.Array, fill: Any, dtype: str) -> np.ndarray:
    filled = col.fill_null(fill) if col.null_count else col
    return np.asarray(filled.to_numpy(zero_copy_only=False)).astype(dtype)


def _to_micros(col: pa.Array) -> np.ndarray:
    unit = col.type.unit
    raw = _numpy(col.cast(pa.int64()), 0, "int64")
    if unit == "s":
        return raw * 1_000_000
    if unit == "ms":
        return raw * 1000
    if unit == "ns":
        return raw // 1000
    return raw


def _timestamp_text(col: pa.Array) -> pa.Array:
    micros = _to_micros(col)
    naive = pa.array(micros, pa.timestamp("us"))
    s = pc.strftime(naive, format="%Y-%m-%d %H:%M:%S")
    s = pc.replace_substring_regex(s, r"(\.\d*?)0+$", r"\1")
    s = pc.replace_substring_regex(s, r"\.$", "")
    if col.type.tz is not None:
        s = pc.binary_join_element_wise(s, "+00", "")
    if col.null_count:
        s = pc.if_else(col.is_valid(), s, pa.scalar(None, pa.string()))
    return s


def _float_text(col: pa.Array) -> pa.Array:
    s = pc.cast(col, pa.string())
    if pc.any(pc.is_nan(col)).as_py() or pc.any(pc.is_inf(col)).as_py():
        s = pc.replace_substring_regex(s, "^inf$", "Infinity")
        s = pc.replace_substring_regex(s, "^-inf$", "-Infinity")
        s = pc.replace_substring_regex(s, "^-?nan$", "NaN")
    return s


def _python_column(col: pa.Array, fn: Callable[[Any], bytes]) -> pa.Array:
    return pa.array([None if v is None else fn(v) for v in col.to_pylist()], pa.binary())


def encode_column(col: pa.Array | pa.ChunkedArray, oid: int, fmt: int) -> pa.Array:
    """Wire values of one column as a binary array (null = SQL NULL)."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    typ = col.type
    if pa.types.is_dictionary(typ):
        col = col.cast(typ.value_type)
        typ = col.type
    if fmt == 1:
        if oid in (t.INT2, t.INT4, t.INT8, t.FLOAT4, t.FLOAT8) and (
                pa.types.is_integer(typ) or pa.types.is_floating(typ)):
            dtype, width = {t.INT2: (">i2", 2), t.INT4: (">i4", 4), t.INT8: (">i8", 8),
                            t.FLOAT4: (">f4", 4), t.FLOAT8: (">f8", 8)}[oid]
            return _fixed_to_binary(_numpy(col, 0, dtype), _validity(col), width)
        if oid == t.BOOL and pa.types.is_boolean(typ):
            return _fixed_to_binary(_numpy(col, False, "u1"), _validity(col), 1)
        if oid == t.DATE and pa.types.is_date32(typ):
            days = _numpy(col.cast(pa.int32()), 0, "int64") - _PG_EPOCH_DAYS
            return _fixed_to_binary(days.astype(">i4"), _validity(col), 4)
        if oid in (t.TIMESTAMP, t.TIMESTAMPTZ) and pa.types.is_timestamp(typ):
            return _fixed_to_binary((_to_micros(col) - _PG_EPOCH_US).astype(">i8"), _validity(col), 8)
        if oid in (t.TEXT, t.JSON, t.VARCHAR) and (pa.types.is_string(typ) or pa.types.is_large_string(typ)
                                                    or pa.types.is_string_view(typ)):
            return col.cast(pa.string()).cast(pa.binary())
        if oid == t.BYTEA and (pa.types.is_binary(typ) or pa.types.is_large_binary(typ)):
            return col.cast(pa.binary())
        if oid == t.NUMERIC:
            fast = _numeric_binary_column(col)
            if fast is not None:
                return fast
        return _python_column(col, lambda v: binary_value(oid, v))
    # text format
    if pa.types.is_boolean(typ):
        s = pc.if_else(col, "t", "f")
    elif pa.types.is_floating(typ):
        s = _float_text(col)
    elif pa.types.is_integer(typ) or pa.types.is_decimal(typ) or pa.types.is_date32(typ):
        s = pc.cast(col, pa.string())
    elif pa.types.is_timestamp(typ):
        s = _timestamp_text(col)
    elif pa.types.is_string(typ) or pa.types.is_large_string(typ) or pa.types.is_string_view(typ):
        s = col.cast(pa.string())
    else:
        return _python_column(col, lambda v: text_value(v).encode("utf-8"))
    return s.cast(pa.binary())


_HEADER = np.dtype([("t", "u1"), ("len", ">i4"), ("ncols", ">i2")])


def data_rows(columns: Sequence[pa.Array], nrows: int) -> memoryview:
    """DataRow messages for `nrows` rows whose columns are binary arrays of wire values."""
    ncols = len(columns)
    total = np.full(nrows, 4 + 2 + 4 * ncols, dtype=np.int64)
    parts: list[pa.Array] = []
    pieces: list[tuple[pa.Array, pa.Array]] = []
    for col in columns:
        lengths = pc.binary_length(col).fill_null(-1)
        lens = np.asarray(lengths.to_numpy(zero_copy_only=False), dtype=np.int64)
        total += np.where(lens < 0, 0, lens)
        prefix = pa.Array.from_buffers(pa.binary(4), nrows,
                                       [None, pa.py_buffer(lens.astype(">i4").tobytes())]).cast(pa.binary())
        pieces.append((prefix, col.fill_null(b"") if col.null_count else col))
    header = np.empty(nrows, dtype=_HEADER)
    header["t"] = ord("D")
    header["len"] = total
    header["ncols"] = ncols
    parts.append(pa.Array.from_buffers(pa.binary(7), nrows, [None, pa.py_buffer(header.tobytes())])
                 .cast(pa.binary()))
    for prefix, col in pieces:
        parts.append(prefix)
        parts.append(col)
    joined = pc.binary_join_element_wise(*parts, b"")
    if isinstance(joined, pa.ChunkedArray):
        joined = joined.combine_chunks()
    if nrows == 0:
        return memoryview(b"")
    offsets = np.frombuffer(joined.buffers()[1], dtype=np.int32)[joined.offset:joined.offset + nrows + 1]
    data = joined.buffers()[2]
    return memoryview(data)[int(offsets[0]):int(offsets[-1])]


def encode_batch(batch: pa.RecordBatch, oids: Sequence[int], formats: Sequence[int]) -> memoryview:
    """All DataRow messages for one record batch."""
    cols = [encode_column(batch.column(i), oids[i], formats[i]) for i in range(batch.num_columns)]
    return data_rows(cols, batch.num_rows)
