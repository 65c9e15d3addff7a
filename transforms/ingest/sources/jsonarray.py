"""JSON array reader: `[ {...}, {...} ]` streamed element by element (or one top-level object).

A small scanner tracks strings and nesting to find element boundaries without loading the
file; each element is parsed on its own, so one bad element does not lose the others.
Never raises on content.
"""

from __future__ import annotations

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
    def __init__(self, max_bytes: int) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.max_bytes = max_bytes

    def add(self, b: bytes) -> None:
        if not b:
            return
        if self.size <= self.max_bytes:
            self.parts.append(b[: self.max_bytes + 1 - self.size])
        self.size += len(b)

    def take(self) -> tuple[bytes, int]:
        raw, size = b"".join(self.parts), self.size
        self.parts, self.size = [], 0
        stripped = raw.strip(_WS)
        return stripped, size - (len(raw) - len(stripped))


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
    raw, size = elem.take()
    if size > max_bytes:
        yield Rejected(input_name, 1, "text_too_large",
                       f"record is {size:,} bytes; the limit is max_record_bytes = {max_bytes:,}",
                       raw[:RAW_KEEP_BYTES], size)
    else:
        yield parse_json_record(raw, input_name, 1, source_name)


def _array(fh: BinaryIO, chunk: bytes, input_name: str, max_bytes: int,
           source_name: str | None) -> Iterator[Candidate | Rejected]:
    depth, in_str, esc, number, closed = 1, False, False, 0, False
    elem = _Element(max_bytes)

    def emit(final: bool) -> Iterator[Candidate | Rejected]:
        nonlocal number
        raw, size = elem.take()
        if not raw and final:
            return
        number += 1
        if not raw:
            yield Rejected(input_name, number, "malformed_json", "empty array element (two commas in a row)", b"")
        elif size > max_bytes:
            yield Rejected(input_name, number, "text_too_large",
                           f"element is {size:,} bytes; the limit is max_record_bytes = {max_bytes:,}",
                           raw[:RAW_KEEP_BYTES], size)
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
