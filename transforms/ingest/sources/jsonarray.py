"""JSON array reader: `[ {...}, {...} ]` streamed element by element (or one top-level object).

A small scanner tracks strings and nesting to find element boundaries without loading the
file; each element is parsed on its own, so one bad element does not lose the others.
Never raises on content.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import BinaryIO

from transforms.ingest.records import RAW_KEEP_BYTES, Candidate, Rejected
from transforms.ingest.sources.jsonl import READ_ERRORS
from transforms.ingest.sources.jsonrecord import parse_json_record

CHUNK = 1 << 20
_OUTSIDE = re.compile(rb'[\[\]{},"]')
_INSIDE = re.compile(rb'["\\]')
_WS = b" \t\r\n\xef\xbb\xbf"


class _Element:
    """The bytes of one element, kept up to max_bytes + 1; past that only counted and hashed (the
    hash covers the element without surrounding whitespace, like the kept bytes)."""

    def __init__(self, max_bytes: int) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.max_bytes = max_bytes
        self.hasher: hashlib._Hash | None = None
        self._ws = b""  # whitespace seen after the last non-whitespace byte (hashed once followed)
        self._started = False
        self._lead = 0  # leading whitespace bytes (not part of the element), once past the limit

    def add(self, b: bytes) -> None:
        if not b:
            return
        if self.hasher is not None:  # past the limit: count and hash only
            self.size += len(b)
            self._hash(b)
            return
        take = self.max_bytes + 1 - self.size  # >= 1: without a hasher, size <= max_bytes
        self.parts.append(b[:take])
        self.size += len(b)
        if self.size > self.max_bytes:  # crossing the limit: hash what was kept and the rest of b
            self.hasher = hashlib.sha256()
            self._hash(b"".join(self.parts))
            self._hash(b[take:])

    def _hash(self, b: bytes) -> None:
        assert self.hasher is not None
        if not self._started:
            stripped = b.lstrip(_WS)
            self._lead += len(b) - len(stripped)
            b = stripped
            if not b:
                return
            self._started = True
        body = b.rstrip(_WS)
        if body:
            self.hasher.update(self._ws)
            self.hasher.update(body)
            self._ws = b[len(body):]
        else:
            self._ws += b
            if len(self._ws) > (1 << 20):  # absurd runs of whitespace: hash them rather than hold them
                self.hasher.update(self._ws)
                self._ws = b""

    def take(self) -> tuple[bytes, int, str | None]:
        """(the kept bytes without surrounding whitespace, the element's size without it, its SHA-256
        when it was too large to keep whole)."""
        raw, size = b"".join(self.parts), self.size
        stripped = raw.strip(_WS)
        if self.hasher is not None:
            sha: str | None = self.hasher.hexdigest()
            size -= self._lead + len(self._ws)
        else:
            sha = None
            size -= len(raw) - len(stripped)
        self.parts, self.size, self.hasher, self._ws, self._started, self._lead = [], 0, None, b"", False, 0
        return stripped.lstrip(_WS) if sha else stripped, size, sha


def read_json(fh: BinaryIO, input_name: str, max_bytes: int,
              source_name: str | None = None) -> Iterator[Candidate | Rejected]:
    try:
        head = fh.read(CHUNK)
    except READ_ERRORS as exc:
        yield Rejected(input_name, None, "unreadable_input", f"cannot read: {exc}")
        return
    body = head.lstrip(_WS)
    if not body:
        return
    if not body.startswith(b"["):
        yield from _single(fh, body, input_name, max_bytes, source_name)
        return
    yield from _array(fh, body[1:], input_name, max_bytes, source_name)


def _single(fh: BinaryIO, body: bytes, input_name: str, max_bytes: int,
            source_name: str | None) -> Iterator[Candidate | Rejected]:
    elem = _Element(max_bytes)
    elem.add(body)
    try:
        while chunk := fh.read(CHUNK):
            elem.add(chunk)
    except READ_ERRORS as exc:
        yield Rejected(input_name, 1, "unreadable_input", f"reading stopped: {exc}")
        return
    raw, size, sha = elem.take()
    if size > max_bytes:
        yield Rejected(input_name, 1, "text_too_large",
                       f"record is {size:,} bytes; the limit is max_record_bytes = {max_bytes:,}",
                       raw[:RAW_KEEP_BYTES], size, raw_sha256=sha)
    else:
        yield parse_json_record(raw, input_name, 1, source_name)


def _array(fh: BinaryIO, chunk: bytes, input_name: str, max_bytes: int,
           source_name: str | None) -> Iterator[Candidate | Rejected]:
    depth, in_str, esc, number, closed = 1, False, False, 0, False
    elem = _Element(max_bytes)

    def emit(final: bool) -> Iterator[Candidate | Rejected]:
        nonlocal number
        raw, size, sha = elem.take()
        if not raw and final:
            return
        number += 1
        if not raw:
            yield Rejected(input_name, number, "malformed_json", "empty array element (two commas in a row)", b"")
        elif size > max_bytes:
            yield Rejected(input_name, number, "text_too_large",
                           f"element is {size:,} bytes; the limit is max_record_bytes = {max_bytes:,}",
                           raw[:RAW_KEEP_BYTES], size, raw_sha256=sha)
        else:
            yield parse_json_record(raw, input_name, number, source_name)

    while chunk and not closed:
        pos, seg, n = 0, 0, len(chunk)
        if esc:
            pos, esc = 1, False
        while pos < n:
            if in_str:
                m = _INSIDE.search(chunk, pos)
                if m is None:
                    pos = n
                    break
                if chunk[m.start()] == 0x5C:  # backslash: skip the escaped byte
                    if m.end() >= n:
                        esc, pos = True, n
                        break
                    pos = m.end() + 1
                    continue
                in_str, pos = False, m.end()
                continue
            m = _OUTSIDE.search(chunk, pos)
            if m is None:
                pos = n
                break
            c, pos = chunk[m.start()], m.end()
            if c == 0x22:
                in_str = True
            elif c in (0x5B, 0x7B):
                depth += 1
            elif c in (0x5D, 0x7D):
                depth -= 1
                if depth == 0:
                    elem.add(chunk[seg:m.start()])
                    yield from emit(True)
                    closed, seg = True, pos
                    break
            elif c == 0x2C and depth == 1:
                elem.add(chunk[seg:m.start()])
                yield from emit(False)
                seg = pos
        if closed:
            trailing = chunk[seg:]
            break
        elem.add(chunk[seg:])
        try:
            chunk = fh.read(CHUNK)
        except READ_ERRORS as exc:
            yield Rejected(input_name, number + 1, "unreadable_input", f"reading stopped after element {number}: {exc}")
            return
    if not closed:
        yield from emit(True)  # truncated array: the tail is reported, not dropped
        return
    try:
        rest = trailing + fh.read(CHUNK)
    except READ_ERRORS:
        rest = trailing
    if rest.strip(_WS):
        yield Rejected(input_name, number + 1, "malformed_json", "data after the closing ] of the array",
                       rest[:RAW_KEEP_BYTES])
