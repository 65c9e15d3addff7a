"""CSV reader: a header row, a required `text` column, other contract columns mapped by name.

Columns are matched case-insensitively (`id, url, title, published, source, language, text`);
other columns are ignored. Rows are streamed: a small scanner follows the quoting (the Excel
dialect the csv module reads: `"` quotes, `""` inside quotes, `,` between fields, any line end)
to find where each record ends, and the csv module parses the record.

Unclosed quotes. A quoted field that runs over line ends is fine (article text has paragraphs),
unless it runs past a row-shaped line — a later line has a quote where a field starts (after `,`
or at the start of the line) and that quote, taken as closing our field, is followed by other
text (it really opens a quoted field of a later row), or the record goes on with a quote inside
an unquoted field (the quotes pair up wrongly) — or the file ends inside it, or it grows
past `QUOTED_SPAN_FACTOR` x max_record_bytes (at least 16 MiB). Such a record swallowed the
rows after it: its first line is quarantined as `unclosed_quote` and reading resumes on the next
line, so every physical row is accounted for (the stream is re-read from there: inputs are
seekable files, gzip included). Never raises on content.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from transforms.ingest.records import RAW_KEEP_BYTES, Candidate, Rejected
from transforms.ingest.sources.jsonl import READ_ERRORS

CONTRACT_FIELDS = ("id", "url", "title", "published", "source", "language", "text")
#: csv module field size limit (records are size-checked before they are parsed).
HARD_FIELD_LIMIT = 1 << 28
#: A quoted field spanning lines that grows past this many times max_record_bytes (and at least
#: 16 MiB) is treated as an unclosed quote.
QUOTED_SPAN_FACTOR = 16
_PIECE = 1 << 20
_SURROGATE = re.compile("[\udc80-\udcff]")
_UNQUOTED_STOP = re.compile(r"[,\r\n]")
_UNQUOTED_STOP_Q = re.compile(r'[,\r\n"]')
#: Inside quotes: everything up to the next quote that is not part of a doubled quote ("")
_QUOTED_RUN = re.compile(r'[^"]*(?:""[^"]*)*')
_START, _UNQUOTED, _QUOTED, _QUOTE_SEEN = range(4)


def _raw(row: list[str]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    return buf.getvalue().encode("utf-8", "surrogateescape")


def _line_ends(s: str) -> int:
    return s.count("\n") + s.count("\r") - s.count("\r\n")


def _encode(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


@dataclass
class _Record:
    """One record as scanned: its text (kept up to a limit), size in bytes and what went wrong."""

    start_offset: int
    first_line: int
    keep: int
    parts: list[str] = field(default_factory=list)
    kept: int = 0
    size: int = 0
    lines: int = 0
    hasher: hashlib._Hash | None = None
    multiline: bool = False  # a line end inside a quoted field
    quote_at_field_start: bool = False  # the last quote met inside a quoted field followed "," or a line end
    first_line_bytes: int | None = None  # byte length of the first physical line (with its line end)
    bad: str | None = None  # "misplaced" | "eof" | "limit": an unclosed quote

    def add(self, seg: str) -> None:
        if not seg:
            return
        b = _encode(seg)
        self.size += len(b)
        self.lines += _line_ends(seg)
        if self.hasher is not None:
            self.hasher.update(b)
        elif self.kept + len(seg) <= self.keep:
            self.parts.append(seg)
            self.kept += len(seg)
        else:  # from here on only a prefix is kept; hash everything for the quarantine record
            self.hasher = hashlib.sha256()
            for p in self.parts:
                self.hasher.update(_encode(p))
            self.hasher.update(b)
            take = self.keep - self.kept
            self.parts.append(seg[:take])
            self.kept += take

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def truncated(self) -> bool:
        return self.hasher is not None


class _Scanner:
    """Splits a byte stream into CSV records, following the quoting; can rewind to a byte offset."""

    def __init__(self, fh: BinaryIO, keep: int, span_limit: int) -> None:
        self.fh = fh
        self.keep = keep
        self.span_limit = span_limit
        self.decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.offset = 0  # byte offset of buf[pos] in the stream
        self.line = 1  # physical line number of buf[pos]
        self.carry = "\n"  # the character before buf[0]

    def _fill(self) -> bool:
        """Append the next piece of the stream to the buffer (dropping what was consumed)."""
        if self.eof:
            return False
        data = self.fh.readline(_PIECE)
        text = self.decoder.decode(data, final=not data)
        if not data:
            self.eof = True
        if self.pos:
            self.carry = self.buf[self.pos - 1]
        self.buf = self.buf[self.pos:] + text
        self.pos = 0
        return bool(text) or not self.eof

    def rewind(self, offset: int, line: int) -> None:
        self.fh.seek(offset)
        self.decoder.reset()
        self.buf, self.pos, self.eof, self.offset, self.line, self.carry = "", 0, False, offset, line, "\n"

    def read_bytes(self, n: int) -> tuple[bytes, str]:
        """The next `n` bytes of the stream (a prefix of RAW_KEEP_BYTES kept) and their SHA-256."""
        h = hashlib.sha256()
        head = bytearray()
        left = n
        while left > 0:
            chunk = self.fh.read(min(left, _PIECE))
            if not chunk:
                break
            h.update(chunk)
            if len(head) < RAW_KEEP_BYTES:
                head += chunk[:RAW_KEEP_BYTES - len(head)]
            left -= len(chunk)
        self.offset += n - left
        return bytes(head), h.hexdigest()

    def next_record(self) -> _Record | None:
        """The next record (None at the end of the stream)."""
        rec = _Record(self.offset, self.line, self.keep)
        state = _START
        start = self.pos
        while True:
            if self.pos >= len(self.buf):
                rec.add(self.buf[start:self.pos])
                if not self._fill():
                    break
                start = self.pos
                if self.pos >= len(self.buf):
                    continue
            buf, i = self.buf, self.pos
            if state == _START and i == start and not rec.parts and rec.size == 0:
                # fast path: a whole line without quotes or carriage returns is one record
                j = buf.find("\n", i)
                if j >= 0:
                    seg = buf[i:j + 1]
                    if '"' not in seg and "\r" not in seg:
                        self.pos = j + 1
                        rec.add(seg)
                        return self._done(rec)
            if state == _QUOTED:
                stop = _QUOTED_RUN.match(buf, i).end()  # type: ignore[union-attr]  # always matches
                j = stop if stop < len(buf) else -1  # the next quote that is not a doubled one
                if not rec.multiline:
                    m = _first_line_end(buf, i, stop)
                    if m is not None:
                        rec.multiline = True
                        end = m + 1
                        if buf[m] == "\r" and end < len(buf) and buf[end] == "\n":
                            end += 1
                        rec.first_line_bytes = rec.size + len(_encode(buf[start:end]))
                if j < 0:
                    self.pos = len(buf)
                    if rec.multiline and rec.size + len(_encode(buf[start:])) > self.span_limit:
                        rec.add(buf[start:self.pos])
                        rec.bad = "limit"
                        return self._done(rec)
                    continue
                # a quote where a field could start (after "," or a line end) may open a later row's field
                before = buf[j - 1] if j > 0 else self.carry
                rec.quote_at_field_start = before in ",\r\n"
                state, self.pos = _QUOTE_SEEN, j + 1
                continue
            c = buf[i]
            if state == _QUOTE_SEEN:
                if c == '"':
                    state, self.pos = _QUOTED, i + 1
                elif c == ",":
                    state, self.pos = _START, i + 1
                elif c in "\r\n":
                    return self._end_at(rec, start, i)
                else:  # the csv module goes on as if unquoted: a stray quote, or a later row's opening one
                    if rec.multiline and rec.quote_at_field_start:
                        rec.add(buf[start:i])
                        self.pos = i
                        rec.bad = "misplaced"
                        return self._done(rec)
                    state, self.pos = _UNQUOTED, i + 1
                continue
            if state == _START:
                if c == '"':
                    state, self.pos = _QUOTED, i + 1
                    continue
                state = _UNQUOTED
            # after a multi-line quoted field, a quote inside an unquoted field means the quoting is off
            m2 = (_UNQUOTED_STOP_Q if rec.multiline else _UNQUOTED_STOP).search(buf, i)
            if m2 is None:
                self.pos = len(buf)
                continue
            if m2.group() == ",":
                state, self.pos = _START, m2.end()
                continue
            if m2.group() == '"':
                rec.add(buf[start:m2.start()])
                self.pos = m2.start()
                rec.bad = "misplaced"
                return self._done(rec)
            return self._end_at(rec, start, m2.start())
        # end of the stream
        if rec.size == 0:
            return None
        if state == _QUOTED:
            rec.bad = "eof"
        return self._done(rec)

    def _end_at(self, rec: _Record, start: int, i: int) -> _Record:
        """The record ends with the line end at buf[i] ("\\n", "\\r" or "\\r\\n")."""
        end = i + 1
        if self.buf[i] == "\r":
            if end >= len(self.buf):  # is the "\r" followed by "\n" in the next piece?
                rec.add(self.buf[start:end])
                self.pos = end
                self._fill()
                start = end = 0
                if self.buf[:1] == "\n":
                    end = 1
                rec.add(self.buf[start:end])
                self.pos = end
                return self._done(rec)
            if self.buf[end] == "\n":
                end += 1
        rec.add(self.buf[start:end])
        self.pos = end
        return self._done(rec)

    def _done(self, rec: _Record) -> _Record:
        if rec.first_line_bytes is None:
            rec.first_line_bytes = rec.size
        self.offset = rec.start_offset + rec.size
        self.line = rec.first_line + rec.lines
        return rec


def _first_line_end(buf: str, i: int, stop: int) -> int | None:
    n = buf.find("\n", i, stop)
    r = buf.find("\r", i, stop)
    if n < 0:
        return r if r >= 0 else None
    return n if r < 0 else min(n, r)


_BAD_DETAIL = {
    "misplaced": "a later line has a quoted field where a row's field starts, so the rows after it were "
                 "swallowed",
    "eof": "the file ends inside it",
    "limit": "it grows past {limit:,} bytes",
}


def read_csv(fh: BinaryIO, input_name: str, max_bytes: int,
             source_name: str | None = None) -> Iterator[Candidate | Rejected]:
    if csv.field_size_limit() < HARD_FIELD_LIMIT:
        csv.field_size_limit(HARD_FIELD_LIMIT)
    span_limit = max(QUOTED_SPAN_FACTOR * max_bytes, 16 << 20)
    scanner = _Scanner(fh, max(max_bytes, RAW_KEEP_BYTES), span_limit)
    header: list[str] | None = None
    number = 0
    while True:
        try:
            rec = scanner.next_record()
        except READ_ERRORS as exc:
            yield Rejected(input_name, number + 1 if header else None, "unreadable_input",
                           f"CSV reading stopped after record {number}: {exc}")
            return
        if rec is None:
            return
        if rec.bad is not None:
            where = "header row" if header is None else "row"
            if header is not None:
                number += 1
            try:  # quarantine the first line and read on from the line after it
                scanner.rewind(rec.start_offset, rec.first_line)
                raw, sha = scanner.read_bytes(rec.first_line_bytes or 0)
                scanner.line = rec.first_line + 1
            except (OSError, ValueError, *READ_ERRORS) as exc:
                yield Rejected(input_name, number if header else None, "unreadable_input",
                               f"CSV reading stopped: cannot re-read after the unclosed quote in line "
                               f"{rec.first_line}: {exc}")
                return
            why = _BAD_DETAIL[rec.bad].format(limit=span_limit)
            yield Rejected(input_name, number if header is not None else None, "unclosed_quote",
                           f"line {rec.first_line}: the {where} opens a quoted field that is not closed "
                           f"properly ({why}); this line is quarantined and the lines after it are read "
                           "as rows again", raw, rec.first_line_bytes, raw_sha256=sha)
            continue
        if rec.size > max_bytes and header is not None:
            number += 1
            raw = _encode(rec.text)[:RAW_KEEP_BYTES]
            yield Rejected(input_name, number, "text_too_large",
                           f"row is {rec.size:,} bytes; the limit is max_record_bytes = {max_bytes:,}",
                           raw, rec.size, raw_sha256=rec.hasher.hexdigest() if rec.hasher else None)
            continue
        try:
            rows = list(csv.reader([rec.text], strict=False))
        except csv.Error as exc:
            if header is None:
                yield Rejected(input_name, None, "malformed_csv", f"the header row cannot be parsed: {exc}",
                               _encode(rec.text))
                return
            number += 1
            yield Rejected(input_name, number, "malformed_csv", f"line {rec.first_line}: {exc}", _encode(rec.text))
            continue
        row = rows[0] if rows else []
        if header is None:
            header = [h.strip().lstrip("\ufeff").lower() for h in row]
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        number += 1
        yield _row_item(row, header, input_name, number, max_bytes, source_name)


def _row_item(row: list[str], header: list[str], input_name: str, number: int, max_bytes: int,
              source_name: str | None) -> Candidate | Rejected:
    raw = _raw(row)
    if _SURROGATE.search("".join(row)):
        return Rejected(input_name, number, "invalid_utf8", "the row contains bytes that are not UTF-8", raw)
    size = len(raw)
    if size > max_bytes:
        return Rejected(input_name, number, "text_too_large",
                        f"row is {size:,} bytes; the limit is max_record_bytes = {max_bytes:,}", raw, size)
    if "text" not in header:
        return Rejected(input_name, number, "missing_text",
                        f"the CSV header has no `text` column (columns: {', '.join(header)[:200]})", raw)
    if len(row) > len(header):
        return Rejected(input_name, number, "malformed_csv",
                        f"row has {len(row)} fields but the header has {len(header)}", raw)
    fields: dict[str, object] = {}
    for name, value in zip(header, row, strict=False):
        if name in CONTRACT_FIELDS and name not in fields:
            fields[name] = value if (value.strip() or name == "text") else None
    if "text" not in fields:
        return Rejected(input_name, number, "missing_text",
                        f"row has {len(row)} fields; the `text` column is missing from it", raw)
    return Candidate(input_name, number, fields, raw, source_name)
