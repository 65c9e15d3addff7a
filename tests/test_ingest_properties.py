"""Property-based tests (hypothesis): arbitrary bytes never crash the JSONL/JSON/CSV readers or
the normaliser, and no record is ever lost."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.config import Config
from transforms.ingest import run_ingest
from transforms.ingest.builder import ArticleBuilder
from transforms.ingest.normalise import normalise_text, normalise_title
from transforms.ingest.records import Article, Candidate, Rejected
from transforms.ingest.settings import IngestSettings
from transforms.ingest.sources.csvfile import read_csv
from transforms.ingest.sources.jsonarray import read_json
from transforms.ingest.sources.jsonl import read_jsonl

NOW = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
BOM = b"\xef\xbb\xbf"

# bytes that look a bit like JSONL: fragments of JSON, newlines, invalid UTF-8, control bytes
jsonish = st.lists(st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b"\n", b"{", b"}", b'"text"', b":", b'"', b"\\", b"[", b"]", b",", b"\xff", b"\xc3",
                     b"\x00", b"\r\n", b" "]),
    st.builds(lambda d: json.dumps(d).encode(), st.dictionaries(st.sampled_from(["text", "id", "title", "url"]),
                                                                 st.one_of(st.text(max_size=30), st.integers(),
                                                                           st.none()), max_size=4)),
), max_size=40).map(b"".join)


def expected_jsonl_records(data: bytes, max_bytes: int) -> list[int]:
    """Line numbers that must produce exactly one item: every non-blank line."""
    out = []
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if len(line) > max_bytes or line.strip():
            out.append(n)
    return out


@settings(max_examples=150, deadline=None)
@given(data=jsonish, max_bytes=st.integers(min_value=1, max_value=64))
def test_jsonl_reader_never_crashes_never_loses(data: bytes, max_bytes: int) -> None:
    if data.startswith(BOM):
        data = data[len(BOM):]
    items = list(read_jsonl(io.BytesIO(data), "in", max_bytes))
    assert all(isinstance(i, (Candidate, Rejected)) for i in items)
    assert [i.record_number for i in items] == expected_jsonl_records(data, max_bytes)
    for i in items:
        if isinstance(i, Candidate):
            assert isinstance(i.fields, dict) and len(i.raw) <= max_bytes


@settings(max_examples=200, deadline=None)
@given(data=jsonish)
def test_json_array_reader_never_crashes(data: bytes) -> None:
    items = list(read_json(io.BytesIO(b"[" + data + b"]"), "in", 1000))
    numbers = [i.record_number for i in items if i.record_number is not None]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


@settings(max_examples=200, deadline=None)
@given(records=st.lists(st.lists(st.dictionaries(st.sampled_from(["text", "id"]), st.text(max_size=20)),
                                 max_size=1), max_size=20))
def test_json_array_of_objects_round_trips(records: list[list[dict[str, str]]]) -> None:
    objs = [r[0] if r else {} for r in records]
    items = list(read_json(io.BytesIO(json.dumps(objs).encode()), "in", 10_000))
    assert [i.record_number for i in items] == list(range(1, len(objs) + 1))
    assert [i.fields for i in items if isinstance(i, Candidate)] == objs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), header=st.booleans())
def test_csv_reader_never_crashes(data: bytes, header: bool) -> None:
    payload = (b"id,text,title\n" if header else b"") + data
    items = list(read_csv(io.BytesIO(payload), "in", 10_000))
    numbers = [i.record_number for i in items if i.record_number is not None]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert all(isinstance(i, (Candidate, Rejected)) for i in items)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.text(max_size=40), st.one_of(st.none(), st.text(max_size=10))), max_size=15))
def test_csv_rows_are_never_lost(rows: list[tuple[str, str | None]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["text", "title"])
    for text, title in rows:
        w.writerow([text, title if title is not None else ""])
    items = list(read_csv(io.BytesIO(buf.getvalue().encode("utf-8")), "in", 10_000))
    assert [i.record_number for i in items] == list(range(1, len(rows) + 1))
    for item, (text, _) in zip(items, rows, strict=True):
        assert isinstance(item, Candidate) and item.fields["text"] == text


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_normaliser_invariants(text: str) -> None:
    out = normalise_text(text)
    out.encode("utf-8")  # never a lone surrogate
    assert out == out.strip()
    assert "\n\n\n" not in out and "  " not in out and "\t" not in out and "\r" not in out
    assert all(unicodedata.category(c) not in ("Cc", "Cs") or c == "\n" for c in out)
    assert unicodedata.is_normalized("NFC", out)
    title = normalise_title(text)
    assert "\n" not in title and title == title.strip()


field_values = st.one_of(st.none(), st.text(max_size=50), st.integers(), st.floats(), st.booleans(),
                         st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(),
                                                                               max_size=2))


@settings(max_examples=300, deadline=None)
@given(fields=st.dictionaries(st.sampled_from(["text", "id", "url", "title", "published", "source", "language",
                                               "other"]), field_values, max_size=8))
def test_builder_always_decides(fields: dict[str, object]) -> None:
    out = ArticleBuilder(IngestSettings(), NOW).build(Candidate("in", 1, fields, b"raw"))
    assert isinstance(out, (Article, Rejected))
    if isinstance(out, Article):
        assert out.text and out.article_id and out.published_at.tzinfo is not None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=jsonish)
def test_run_accounts_for_every_line(data: bytes) -> None:
    if data.startswith(BOM):
        data = data[len(BOM):]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_bytes(data)
        report = run_ingest([str(src)], lake=Path(tmp) / "lake", config=Config(raw={"ingest": {
            "max_record_bytes": 64}}), progress=False, now=NOW)
    assert report.balanced
    assert report.records_read == len(expected_jsonl_records(data, 64))
    assert report.reasons["internal_error"] == 0
