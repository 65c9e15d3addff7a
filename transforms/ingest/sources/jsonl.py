"""JSON Lines reader: one record a line, streamed with a per-line size cap.

Blank lines are skipped (they are not records); line numbers are record numbers. Never raises
on content: bad lines and read errors become `Rejected`.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from transforms.ingest.records import RAW_KEEP_BYTES, Candidate, Rejected
from transforms.ingest.sources.jsonrecord import parse_json_record

_BOM = b"\xef\xbb\xbf"
READ_ERRORS = (OSError, EOFError, zlib.error, ValueError)


def _skip_rest_of_line(fh: BinaryIO, size: int, line: bytes) -> tuple[int, str]:
    """Read past the rest of an oversized line: its full size and the SHA-256 of the record (the
    line without its line end)."""
    h = hashlib.sha256()
    while True:
        last = line.endswith(b"\n")
        h.update(line.rstrip(b"\r\n") if last else line)  # a "\r" split off before "\n" is rare
        if last:
            break
        line = fh.readline(1 << 20)
        if not line:
            break
        size += len(line)
    return size, h.hexdigest()


def read_jsonl(fh: BinaryIO, input_name: str, max_bytes: int,
               source_name: str | None = None) -> Iterator[Candidate | Rejected]:
    number = 0
    while True:
        try:
            line = fh.readline(max_bytes + 1)
        except READ_ERRORS as exc:
            yield Rejected(input_name, number + 1, "unreadable_input",
                           f"reading stopped after line {number}: {exc}")
            return
        if not line:
            return
        number += 1
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM):]
        if len(line) > max_bytes and not line.endswith(b"\n"):
            head = line[:RAW_KEEP_BYTES]
            try:
                size, sha = _skip_rest_of_line(fh, len(line), line)
            except READ_ERRORS as exc:
                yield Rejected(input_name, number, "unreadable_input", f"reading stopped in line {number}: {exc}",
                               head)
                return
            yield Rejected(input_name, number, "text_too_large",
                           f"record is {size:,} bytes; the limit is max_record_bytes = {max_bytes:,}",
                           head, size, raw_sha256=sha)
            continue
        raw = line.strip()
        if not raw:
            continue
        yield parse_json_record(raw, input_name, number, source_name)
