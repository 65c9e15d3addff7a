"""Buffered writer of one run's output: articles, quarantine, duplicates ledger.

Rows are buffered per partition day, spilled to scratch Arrow files when memory fills, and
written as Parquet into the run's staging folder (`staging.RunStaging`, published into the lake
when the run commits; about one file per day and run).
File names are the run id (plus `-NNNN` for later parts of the same day). Writes only; decides
nothing about records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc

from schemas.tables import ARTICLES, QUARANTINE
from transforms.ingest.faults import fault_point
from transforms.ingest.records import Article, Duplicate, Rejected
from transforms.ingest.sanitise import storable
from transforms.ingest.staging import RunStaging
from transforms.ingest.state import stage_duplicates
from transforms.lake import LakeFile

_safe = storable  # strings from file names or details may hold lone surrogates: make them encodable


def _opt(s: str | None) -> str | None:
    return None if s is None else storable(s)


#: Article values buffered per row, in this order (the other columns are derived per table).
_ROW_FIELDS = ("article_id", "url", "canonical_url", "title", "published_at", "date_is_fallback",
               "source_name", "language", "text", "text_sha256", "duplicate_of")
_article_row = operator.attrgetter(*_ROW_FIELDS)
#: Memory of a buffered row besides its text (the row tuple, ids, URLs, title, hash), roughly.
ROW_OVERHEAD_BYTES = 600


def quarantine_id(r: Rejected) -> str:
    h = hashlib.sha256()
    h.update(f"{r.input_name}\0{r.record_number}\0{r.reason}\0".encode("utf-8", "surrogatepass"))
    if r.raw is not None:
        h.update(r.raw)
    elif r.raw_sha256 is not None:  # bytes not kept (binary/unsupported file): its hash stands in
        h.update(r.raw_sha256.encode("ascii"))
    return h.hexdigest()[:32]


def quarantine_detail(r: Rejected) -> str:
    """The detail as stored: when the raw record is not kept whole (or not at all), the original
    length and SHA-256 are appended, so the record can still be identified."""
    detail = storable(r.detail)
    if r.raw_sha256 is None or r.raw_sha256 in detail:
        return detail
    kept = len(r.raw) if r.raw is not None else 0
    if r.raw is not None and kept == r.raw_size:
        return detail  # the whole record is in raw_record (its SHA-256 follows from it)
    what = "not kept" if r.raw is None else f"first {kept:,} bytes kept"
    return f"{detail} [raw record: {r.raw_size or 0:,} bytes, sha256 {r.raw_sha256}; {what}]"


class LakeSink:
    """Collects one run's rows and writes them in few, large files.

    Articles are buffered per publication day. A day with `flush_rows` rows is written as a part
    file; when the buffers hold `flush_bytes`, they are spilled to Arrow IPC files in a scratch
    folder (`spill()`), so a run over years of archive stays flat in memory and still writes about
    one file per day. `close()` writes what is left and removes the scratch folder.
    """

    def __init__(self, stage: RunStaging, now: dt.datetime, flush_rows: int, flush_bytes: int,
                 known_quarantine: set[str] | None = None) -> None:
        self.stage = stage
        self.lake = stage.lake
        self.run_id = stage.run_id
        self.now = now
        self.flush_rows = flush_rows
        self.flush_bytes = flush_bytes
        self.scratch = stage.scratch
        self._articles: dict[dt.date, list[tuple[Any, ...]]] = defaultdict(list)  # _ROW_FIELDS values
        self._day_bytes: Counter[dt.date] = Counter()  # buffered (not spilled) bytes per day
        self._spilled: dict[dt.date, list[Path]] = defaultdict(list)
        self._day_rows: Counter[dt.date] = Counter()
        self._quarantine: list[Rejected] = []
        self._quarantine_ids: set[str] = known_quarantine if known_quarantine is not None else set()
        self.already_quarantined = 0
        self._duplicates: list[dict[str, Any]] = []
        self._bytes = 0
        self._q_bytes = 0
        self._parts: Counter[tuple[str, dt.date]] = Counter()
        self._ledger_parts = 0
        self._spills = 0
        self.files: list[LakeFile] = []

    @property
    def over_memory(self) -> bool:
        """True when the article buffers should be spilled (see `spill`)."""
        return self._bytes >= self.flush_bytes

    def add_article(self, a: Article) -> None:
        day = a.published_at.date()
        self._articles[day].append(_article_row(a))  # the values, taken while the article is in cache
        self._day_rows[day] += 1
        size = sys.getsizeof(a.text) + ROW_OVERHEAD_BYTES  # the text as stored (1, 2 or 4 bytes a character)
        self._bytes += size
        self._day_bytes[day] += size
        if self._day_rows[day] >= self.flush_rows:
            self._write_day(day)

    def add_rejected(self, r: Rejected) -> None:
        qid = quarantine_id(r)
        if qid in self._quarantine_ids:
            self.already_quarantined += 1  # same record, same reason: recorded by an earlier run (or twice)
            return
        self._quarantine_ids.add(qid)
        self._quarantine.append(r)
        self._q_bytes += len(r.raw or b"") + 400
        if len(self._quarantine) >= self.flush_rows or self._q_bytes >= self.flush_bytes // 2:
            self._write_quarantine()

    def add_duplicate(self, d: Duplicate) -> None:
        self._duplicates.append({"ingest_run_id": self.run_id, "input_name": _safe(d.input_name),
                                 "record_number": d.record_number, "article_id": _safe(d.article_id),
                                 "duplicate_of": _safe(d.duplicate_of), "kind": d.kind})
        if len(self._duplicates) >= 4 * self.flush_rows:
            self._write_ledger()

    def spill(self) -> None:
        """Move buffered articles to scratch Arrow files (not yet in the lake)."""
        for day, rows in self._articles.items():
            if not rows:
                continue
            self._spills += 1
            path = self.scratch / f"{day.isoformat()}-{self._spills:06d}.arrow"
            path.parent.mkdir(parents=True, exist_ok=True)
            table = self._articles_table(rows)
            with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
            self._spilled[day].append(path)
            fault_point("spill_written")
        self._articles.clear()
        self._day_bytes.clear()
        self._bytes = 0

    def close(self) -> None:
        """Write everything left and remove the scratch folder."""
        for day in sorted(set(self._articles) | set(self._spilled)):
            if self._day_rows[day]:
                self._write_day(day)
        if self._quarantine:
            self._write_quarantine()
        self._write_ledger()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _write_day(self, day: dt.date) -> None:
        parts = []
        spilled = self._spilled.pop(day, [])
        for path in spilled:
            with pa.memory_map(str(path)) as source:
                parts.append(pa.ipc.open_file(source).read_all())
        rows = self._articles.pop(day, [])
        if rows:
            parts.append(self._articles_table(rows))
            self._bytes -= self._day_bytes.pop(day, 0)
        if parts:
            self._write("articles", day, pa.concat_tables(parts))
        for path in spilled:
            path.unlink(missing_ok=True)
        self._day_rows[day] = 0

    def _write_quarantine(self) -> None:
        self._write("quarantine", self.now.date(), self._quarantine_table(self._quarantine))
        self._quarantine = []
        self._q_bytes = 0

    def _write_ledger(self) -> None:
        if self._duplicates:
            self._ledger_parts += 1
            stage_duplicates(self.stage, f"{self.run_id}-{self._ledger_parts:04d}", self._duplicates)
            self._duplicates = []

    def _write(self, table: str, day: dt.date, data: pa.Table) -> None:
        n = self._parts[(table, day)]
        self._parts[(table, day)] += 1
        name = self.run_id if n == 0 else f"{self.run_id}-{n:04d}"
        meta = {"ingest_run_id": self.run_id, "rows": str(data.num_rows)}
        point = "article_file_staged" if table == "articles" else "quarantine_file_staged"
        self.files.append(self.stage.stage_partition(table, day, name, data, meta, point))

    def _articles_table(self, rows: list[tuple[Any, ...]]) -> pa.Table:
        """The `articles` table of buffered rows (values in `_ROW_FIELDS` order)."""
        n = len(rows)
        given = {name: pa.array(values, type=ARTICLES.field(name).type)
                 for name, values in zip(_ROW_FIELDS, zip(*rows, strict=True), strict=True)}
        given["published_date"] = pc.cast(given["published_at"], pa.date32())  # UTC timestamps: UTC date
        given["char_count"] = pc.utf8_length(given["text"])  # code points, as len(str)
        given["ingest_run_id"] = pa.repeat(pa.scalar(self.run_id, pa.string()), n)
        given["ingested_at"] = pa.repeat(pa.scalar(self.now, ARTICLES.field("ingested_at").type), n)
        return pa.Table.from_arrays([given[f.name] for f in ARTICLES], schema=ARTICLES)

    def _quarantine_table(self, rows: list[Rejected]) -> pa.Table:
        cols: dict[str, list[Any]] = {
            "quarantine_id": [quarantine_id(r) for r in rows],
            "ingest_run_id": [self.run_id] * len(rows),
            "stage": ["ingest"] * len(rows),
            "reason": [r.reason for r in rows],
            "detail": [quarantine_detail(r) for r in rows],
            "input_name": [_safe(r.input_name) for r in rows],
            "record_number": [r.record_number for r in rows],
            "raw_record": [r.raw for r in rows],
            "raw_size": [r.raw_size for r in rows],
            "language": [_opt(r.language) for r in rows],
            "quarantined_at": [self.now] * len(rows),
            "quarantined_date": [self.now.date()] * len(rows),
        }
        return pa.Table.from_arrays([pa.array(cols[f.name], type=f.type) for f in QUARANTINE], schema=QUARANTINE)
