"""PostgreSQL v3 protocol framing: encoders for backend messages, a decoder for frontend payloads.

Pure byte handling; no sockets, no database.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

PROTOCOL_V3 = 196608
SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102

_I = struct.Struct("!i")
_H = struct.Struct("!h")


class ProtocolViolation(Exception):
    """The client sent bytes that are not a valid protocol message (SQLSTATE 08P01)."""


def message(kind: bytes, payload: bytes = b"") -> bytes:
    """One backend message: type byte, length, payload."""
    return kind + _I.pack(len(payload) + 4) + payload


def cstr(s: str) -> bytes:
    return s.encode("utf-8") + b"\x00"


def authentication(code: int, data: bytes = b"") -> bytes:
    return message(b"R", _I.pack(code) + data)


def parameter_status(name: str, value: str) -> bytes:
    return message(b"S", cstr(name) + cstr(value))


def backend_key_data(pid: int, secret: int) -> bytes:
    return message(b"K", struct.pack("!ii", pid, secret))


def ready_for_query(status: bytes) -> bytes:
    return message(b"Z", status)


def command_complete(tag: str) -> bytes:
    return message(b"C", cstr(tag))


def empty_query_response() -> bytes:
    return message(b"I")


def parse_complete() -> bytes:
    return message(b"1")


def bind_complete() -> bytes:
    return message(b"2")


def close_complete() -> bytes:
    return message(b"3")


def no_data() -> bytes:
    return message(b"n")


def portal_suspended() -> bytes:
    return message(b"s")


def parameter_description(oids: Sequence[int]) -> bytes:
    return message(b"t", _H.pack(len(oids)) + b"".join(_I.pack(o) for o in oids))


@dataclass(frozen=True)
class Field:
    """One column of a RowDescription."""

    name: str
    type_oid: int
    type_size: int = -1
    type_modifier: int = -1
    format: int = 0
    table_oid: int = 0
    column: int = 0


def row_description(fields: Sequence[Field]) -> bytes:
    parts = [_H.pack(len(fields))]
    for f in fields:
        parts.append(cstr(f.name))
        parts.append(struct.pack("!ihihih", f.table_oid, f.column, f.type_oid, f.type_size,
                                 f.type_modifier, f.format))
    return message(b"T", b"".join(parts))


def error_response(sqlstate: str, text: str, severity: str = "ERROR", hint: str | None = None,
                   position: int | None = None) -> bytes:
    parts = [b"S" + cstr(severity), b"V" + cstr(severity), b"C" + cstr(sqlstate), b"M" + cstr(text)]
    if hint:
        parts.append(b"H" + cstr(hint))
    if position:
        parts.append(b"P" + cstr(str(position)))
    return message(b"E", b"".join(parts) + b"\x00")


def notice_response(text: str, sqlstate: str = "00000") -> bytes:
    parts = [b"SNOTICE\x00", b"VNOTICE\x00", b"C" + cstr(sqlstate), b"M" + cstr(text)]
    return message(b"N", b"".join(parts) + b"\x00")


class Reader:
    """Sequential reader over one frontend message payload."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def _take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise ProtocolViolation("message is shorter than its contents claim")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def int32(self) -> int:
        return int(_I.unpack(self._take(4))[0])

    def int16(self) -> int:
        return int(_H.unpack(self._take(2))[0])

    def byte(self) -> bytes:
        return self._take(1)

    def cstring(self) -> str:
        end = self.data.find(b"\x00", self.pos)
        if end < 0:
            raise ProtocolViolation("string is not NUL-terminated")
        raw = self.data[self.pos:end]
        self.pos = end + 1
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolViolation(f"invalid UTF-8 in message: {exc}") from exc

    def value(self) -> bytes | None:
        """A length-prefixed value (-1 = NULL)."""
        n = self.int32()
        return None if n == -1 else self._take(n)

    def rest(self) -> bytes:
        out = self.data[self.pos:]
        self.pos = len(self.data)
        return out


def parse_startup_params(payload: bytes) -> dict[str, str]:
    """Key/value pairs of a StartupMessage payload (after the protocol version)."""
    r = Reader(payload)
    params: dict[str, str] = {}
    while r.pos < len(payload):
        key = r.cstring()
        if not key:
            break
        params[key] = r.cstring()
    return params
