"""CSV reader: a header row, a required `text` column, other contract columns mapped by name.

Columns are matched case-insensitively (`id, url, title, published, source, language, text`);
other columns are ignored. Rows are streamed. Never raises on content.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from transforms.ingest.records import Candidate, Rejected
from transforms.ingest.sources.jsonl import READ_ERRORS

CONTRACT_FIELDS = ("id", "url", "title", "published", "source", "language", "text")
#: Fields beyond this size stop the file (the csv module cannot resynchronise after them).
HARD_FIELD_LIMIT = 1 << 28
_SURROGATE = re.compile("[\udc80-\udcff]")


def _raw(row: list[str]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    return buf.getvalue().encode("utf-8", "surrogateescape")


def read_csv(fh: BinaryIO, input_name: str, max_bytes: int,
             source_name: str | None = None) -> Iterator[Candidate | Rejected]:
    if csv.field_size_limit() < HARD_FIELD_LIMIT:
        csv.field_size_limit(HARD_FIELD_LIMIT)
    stream = io.TextIOWrapper(fh, encoding="utf-8", errors="surrogateescape", newline="")
    reader = csv.reader(stream, strict=False)
    header: list[str] | None = None
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, *READ_ERRORS) as exc:
            yield Rejected(input_name, number + 1 if header else None, "unreadable_input",
                           f"CSV parsing stopped after record {number}: {exc}")
            return
        if header is None:
            header = [h.strip().lstrip("\ufeff").lower() for h in row]
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        number += 1
        raw = _raw(row)
        if _SURROGATE.search("".join(row)):
            yield Rejected(input_name, number, "invalid_utf8", "the row contains bytes that are not UTF-8", raw)
            continue
        size = len(raw)
        if size > max_bytes:
            yield Rejected(input_name, number, "text_too_large",
                           f"row is {size:,} bytes; the limit is max_record_bytes = {max_bytes:,}", raw, size)
            continue
        if "text" not in header:
            yield Rejected(input_name, number, "missing_text",
                           f"the CSV header has no `text` column (columns: {', '.join(header)[:200]})", raw)
            continue
        if len(row) > len(header):
            yield Rejected(input_name, number, "malformed_csv",
                           f"row has {len(row)} fields but the header has {len(header)}", raw)
            continue
        fields: dict[str, object] = {}
        for name, value in zip(header, row, strict=False):
            if name in CONTRACT_FIELDS and name not in fields:
                fields[name] = value if (value.strip() or name == "text") else None
        if "text" not in fields:
            yield Rejected(input_name, number, "missing_text",
                           f"row has {len(row)} fields; the `text` column is missing from it", raw)
            continue
        yield Candidate(input_name, number, fields, raw, source_name)
