"""Issue 17, "nothing lost": hostile input folders and CSV files are read safely and fully accounted.

- Symbolic links that leave the input root are not followed by default (`follow_symlinks`), and
  nothing of what they point to reaches the lake or the quarantine; FIFOs, sockets, device files,
  dangling links and link loops are `skipped` with a reason, shown in the report and stored as
  quarantine rows, and are never opened.
- A quarantined unsupported or binary file keeps its name, size and SHA-256, not its bytes; every
  stored raw record is capped (`RAW_KEEP_BYTES`) and carries its original length and SHA-256.
- A CSV row with an unclosed quote is quarantined as `unclosed_quote` and the rows it swallowed are
  read again: every physical row is accounted for (examples, plus hypothesis against the csv module).
- A batch where every record is bad goes through de-duplication without an error or a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import faulthandler
import gzip
import hashlib
import io
import json
import logging
import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from transforms.config import Config, ConfigError
from transforms.ingest import IngestReport, run_ingest
from transforms.ingest.cli import print_report
from transforms.ingest.fingerprint import Fingerprinter
from transforms.ingest.prepare import Preparer
from transforms.ingest.records import RAW_KEEP_BYTES, Candidate, Rejected
from transforms.ingest.settings import IngestSettings
from transforms.ingest.sources.csvfile import read_csv

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
STORY = ("The defence minister visited troops near the northern border on Sunday and promised new "
         "equipment before the winter, the ministry said in a statement on its website.")
SECRET = "root:x:0:0:SECRET-PASSWORD-HASH:/root:/bin/bash"


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A safety net, not an assertion: if a FIFO or device were opened the run would block or read
    forever; dump the stacks and stop instead of hanging the suite."""
    faulthandler.dump_traceback_later(300, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def ingest(inputs: list[str], lake: Path, **ingest_cfg: Any) -> IngestReport:
    report = run_ingest(inputs, lake=lake, config=Config(raw={"ingest": ingest_cfg}), progress=False, now=NOW)
    assert report.balanced, report.summary()
    check_counts_add_up(lake, report)
    return report


def table(lake: Path, name: str) -> list[dict[str, Any]]:
    files = sorted((lake / name).glob("day=*/*.parquet"))
    return pa.concat_tables(pq.read_table(f) for f in files).to_pylist() if files else []


def check_counts_add_up(lake: Path, report: IngestReport) -> None:
    """The printed line, the report and the run's `ingest_runs` row all add up."""
    m = re.search(r"(\d+) records read: (\d+) accepted.*?, (\d+) duplicates.*?, (\d+) quarantined"
                  r"(?:.*?, (\d+) skipped)?", report.summary())
    assert m, report.summary()
    read, acc, dup, quar, skip = (int(g or 0) for g in m.groups())
    assert read == acc + dup + quar + skip == report.records_read
    assert skip == report.skipped
    run = next(r for r in table(lake, "ingest_runs") if r["ingest_run_id"] == report.run_id)
    assert run["records_read"] == run["accepted"] + run["duplicates"] + run["quarantined"] == read
    assert run["quarantined"] == quar + skip  # skipped inputs are quarantine rows (no `skipped` column yet)
    counts = json.loads(run["reason_counts"])
    assert sum(v for k, v in counts.items() if k.startswith("skipped_")) == skip


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


# -- symbolic links -------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """in/ with a real file and links to inside, outside (/etc-like), nowhere and back to itself."""
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET + "\n")
    write_jsonl(outside / "secret.jsonl", [{"id": "secret", "text": STORY + " " + SECRET}])
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    write_jsonl(root / "real.jsonl", [{"id": "real", "text": STORY}])
    (root / "etc").symlink_to(outside)  # a folder outside the root
    (root / "sub" / "secret.jsonl").symlink_to(outside / "secret.jsonl")  # a file outside
    (root / "sub" / "rel.jsonl").symlink_to("../real.jsonl")  # inside: followed by default
    (root / "sub" / "up").symlink_to("..")  # a loop
    (root / "gone.jsonl").symlink_to(tmp_path / "missing.jsonl")  # dangling
    return root


def test_links_out_of_the_input_root_are_skipped(tree: Path, tmp_path: Path) -> None:
    report = ingest([str(tree)], tmp_path / "lake")
    assert (report.accepted, report.duplicates) == (1, 1)  # real.jsonl, and again through sub/rel.jsonl
    assert {k: v for k, v in report.reasons.items() if k.startswith("skipped_")} == {
        "skipped_symlink_outside": 2, "skipped_symlink_loop": 1, "skipped_dangling_link": 1}
    assert report.skipped == 4 and report.quarantined == 0
    assert "4 skipped (skipped_dangling_link 1, skipped_symlink_loop 1, skipped_symlink_outside 2)" in report.summary()
    lake_bytes = b"".join(p.read_bytes() for p in (tmp_path / "lake").rglob("*") if p.is_file())
    rows = table(tmp_path / "lake", "quarantine")
    assert len(rows) == 4 and all(r["raw_record"] is None for r in rows)
    assert all("secret" not in str(a) for a in table(tmp_path / "lake", "articles"))
    assert b"SECRET" not in lake_bytes and not any("SECRET" in (r["detail"] or "") for r in rows)
    outside = next(r for r in rows if r["input_name"].endswith("secret.jsonl"))
    assert outside["reason"] == "skipped_symlink_outside" and "outside the input root" in outside["detail"]
    out = io.StringIO()
    print_report(report, Console(file=out, width=200))
    assert "skipped: skipped_symlink_outside" in out.getvalue()


def test_follow_symlinks_setting(tree: Path, tmp_path: Path) -> None:
    never = ingest([str(tree)], tmp_path / "never", follow_symlinks="never")
    assert never.reasons["skipped_symlink"] == 5 and never.accepted == 1 and never.duplicates == 0
    always = ingest([str(tree)], tmp_path / "always", follow_symlinks="always")  # the user opted in
    assert {a["article_id"] for a in table(tmp_path / "always", "articles")} == {"real", "secret"}
    assert always.reasons["skipped_symlink_loop"] == 1 and always.reasons["unsupported_format"] == 1  # etc/passwd
    passwd = next(r for r in table(tmp_path / "always", "quarantine") if r["reason"] == "unsupported_format")
    assert passwd["raw_record"] is None and passwd["raw_size"] == len(SECRET) + 1  # name, size, hash only
    assert hashlib.sha256((SECRET + "\n").encode()).hexdigest() in passwd["detail"]
    with pytest.raises(ConfigError, match="follow_symlinks = 'sometimes' is not one of \"inside\", \"never\""):
        run_ingest([str(tree)], lake=tmp_path / "x", config=Config(raw={"ingest": {"follow_symlinks": "sometimes"}}),
                   progress=False, now=NOW)


def test_globs_check_links_against_their_root(tree: Path, tmp_path: Path) -> None:
    report = ingest([str(tree / "**" / "*.jsonl")], tmp_path / "lake")
    ids = {a["article_id"] for a in table(tmp_path / "lake", "articles")}
    assert ids == {"real"} and report.reasons["skipped_symlink_outside"] >= 1
    assert "secret" not in json.dumps(table(tmp_path / "lake", "quarantine"), default=str).replace(
        "secret.jsonl", "")


# -- special files ----------------------------------------------------------------------------

def test_fifos_sockets_and_devices_are_skipped_and_never_opened(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "drop"
    root.mkdir()
    write_jsonl(root / "a.jsonl", [{"id": "a", "text": STORY}])
    os.mkfifo(root / "pipe.jsonl")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(root / "sock.jsonl"))
    (root / "zero.jsonl").symlink_to("/dev/zero")  # a device (reading it never ends)
    opened: list[str] = []
    real_open = os.open

    def spy(path: Any, *args: Any, **kw: Any) -> int:
        opened.append(os.fspath(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(os, "open", spy)
    try:
        report = ingest([str(root), "/dev/null"], tmp_path / "lake", follow_symlinks="always")
    finally:
        sock.close()
    assert report.accepted == 1
    assert {k: v for k, v in report.reasons.items() if k.startswith("skipped_")} == {
        "skipped_fifo": 1, "skipped_socket": 1, "skipped_device": 2}
    assert not [p for p in opened if p.endswith(("pipe.jsonl", "sock.jsonl", "zero.jsonl")) or p.startswith("/dev/")]
    reasons = {Path(r["input_name"]).name: r["reason"] for r in table(tmp_path / "lake", "quarantine")}
    assert reasons == {"pipe.jsonl": "skipped_fifo", "sock.jsonl": "skipped_socket", "zero.jsonl": "skipped_device",
                       "null": "skipped_device"}


# -- raw records: capped, sized, hashed; binary and unsupported files without bytes -----------

def test_binary_and_unsupported_files_keep_name_size_and_hash(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    blob = b"\x7fELF\x00\x00binary" + bytes(range(256)) * 10
    (docs / "tool").write_bytes(blob)
    (docs / "utf16.txt").write_bytes("Talks in Keld\n".encode("utf-16"))
    ingest([str(docs)], tmp_path / "lake")
    rows = {Path(r["input_name"]).name: r for r in table(tmp_path / "lake", "quarantine")}
    assert rows["tool"]["reason"] == "unsupported_format" and rows["utf16.txt"]["reason"] == "binary_file"
    for name, data in (("tool", blob), ("utf16.txt", "Talks in Keld\n".encode("utf-16"))):
        r = rows[name]
        assert r["raw_record"] is None and r["raw_size"] == len(data), name
        assert hashlib.sha256(data).hexdigest() in r["detail"], name


def test_raw_records_are_capped_with_length_and_hash(tmp_path: Path) -> None:
    big_text = "word " * 450_000  # 2.25 MB: over max_record_bytes and over the raw cap
    line = json.dumps({"id": "big", "text": big_text}).encode()
    (tmp_path / "a.jsonl").write_bytes(b'{"id": "ok", "text": "x"}\n' + line + b"\n")
    (tmp_path / "b.json").write_bytes(b"[" + line + b",\n  " + line + b"  ]")
    row = b"big," + big_text.encode() + b"\n"
    (tmp_path / "c.csv").write_bytes(b"id,text\n" + row)
    doc = b"Title\n" + big_text.encode()
    (tmp_path / "d.txt").write_bytes(doc)
    ingest([str(tmp_path / n) for n in ("a.jsonl", "b.json", "c.csv", "d.txt")], tmp_path / "lake",
           max_record_bytes=2_000_000)
    rows = [r for r in table(tmp_path / "lake", "quarantine") if r["reason"] == "text_too_large"]
    expected = {"a.jsonl": line, "b.json": line, "c.csv": row, "d.txt": doc}
    assert sorted(Path(r["input_name"]).name for r in rows) == ["a.jsonl", "b.json", "b.json", "c.csv", "d.txt"]
    for r in rows:
        whole = expected[Path(r["input_name"]).name]
        assert len(r["raw_record"]) == RAW_KEEP_BYTES and whole.startswith(r["raw_record"])
        # a JSON Lines size counts the line end (as before); the hash is of the record itself
        assert r["raw_size"] == len(whole) + (1 if r["input_name"].endswith("a.jsonl") else 0)
        assert f"sha256 {hashlib.sha256(whole).hexdigest()}" in r["detail"], r["input_name"]


# -- CSV: unclosed quotes -------------------------------------------------------------------

def csv_items(data: bytes, max_bytes: int = 100_000) -> list[Candidate | Rejected]:
    return list(read_csv(io.BytesIO(data), "in.csv", max_bytes))


def test_the_reported_csv_is_fully_accounted(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f'id,text\n1,"{STORY}\n2,{STORY.replace(",", "")} Two.\n3,{STORY.replace(",", "")} Three.\n')
    report = ingest([str(src)], tmp_path / "lake")
    assert (report.records_read, report.accepted, report.quarantined) == (3, 2, 1)
    q = table(tmp_path / "lake", "quarantine")
    assert [(r["reason"], r["record_number"]) for r in q] == [("unclosed_quote", 1)]
    assert "line 2" in q[0]["detail"] and q[0]["raw_record"] == f'1,"{STORY}\n'.encode()


def test_unclosed_quotes_are_found_by_every_rule() -> None:
    # the file ends inside the field
    items = csv_items(b'id,text\n1,"abc\n2,def\n3,ghi\n')
    assert [getattr(i, "reason", "ok") for i in items] == ["unclosed_quote", "ok", "ok"]
    assert "the file ends inside it" in items[0].detail  # type: ignore[union-attr]
    # a later row's quoted field closes it: the rows in between were swallowed
    items = csv_items(b'id,text,title\n1,"abc,T1\n2,"def",T2\n3,ghi,T3\n4,"x, y",T4\n')
    assert [getattr(i, "reason", None) or i.fields["id"] for i in items] == ["unclosed_quote", "2", "3", "4"]
    assert "swallowed" in items[0].detail  # type: ignore[union-attr]
    # past the size limit
    items = csv_items(b'id,text\n1,"' + (b"w" * (1 << 20) + b"\n") * 17 + b'"\n2,ok\n', max_bytes=1000)
    assert items[0].reason == "unclosed_quote" and "grows past" in items[0].detail  # type: ignore[union-attr]
    assert [i.reason for i in items[1:-1]] == ["text_too_large"] * 16 + ["unclosed_quote"]  # type: ignore[union-attr]
    assert items[-1].fields == {"id": "2", "text": "ok"}  # type: ignore[union-attr]  # the lone '"' line opened one
    # a genuine field larger than max_record_bytes (but under the span limit) is one text_too_large row
    items = csv_items(b'id,text\n1,"' + b"word\n" * 5000 + b'"\n2,ok\n', max_bytes=1000)
    assert [getattr(i, "reason", "ok") for i in items] == ["text_too_large", "ok"]
    # a bad header is reported too, and the next line is taken as the header
    items = csv_items(b'"id,text\nid,text\n1,fine\n')
    assert [getattr(i, "reason", "ok") for i in items] == ["unclosed_quote", "ok"]
    # real multi-line fields, doubled quotes, stray quotes inside a line and every line end are fine
    good = (b'id,text,title\r\n1,"para one,\r\n\r\npara ""two""",T1\r\n2,5" screen,T2\n3,"a\rb",T3\r'
            b'4,"x"y,T4\n')
    assert [i.fields for i in csv_items(good)] == [  # type: ignore[union-attr]
        {"id": "1", "text": 'para one,\r\n\r\npara "two"', "title": "T1"},
        {"id": "2", "text": '5" screen', "title": "T2"}, {"id": "3", "text": "a\rb", "title": "T3"},
        {"id": "4", "text": "xy", "title": "T4"}]


def test_unclosed_quote_in_gzip_csv_rereads_the_rows(tmp_path: Path) -> None:
    src = tmp_path / "in.csv.gz"
    with gzip.open(src, "wt", encoding="utf-8", newline="") as fh:
        fh.write("id,text\n")
        fh.write('1,"broken\n')
        for i in range(2, 200):
            fh.write(f"{i},{STORY.replace(',', '')} Number {i}.\n")
    report = ingest([str(src)], tmp_path / "lake")
    assert report.records_read == 199 and report.reasons["unclosed_quote"] == 1


safe_field = st.text(st.characters(blacklist_characters='"\r\n', blacklist_categories=("Cs",)), max_size=15)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(safe_field, safe_field), min_size=1, max_size=12), data=st.data())
def test_one_unclosed_quote_never_hides_a_row(rows: list[tuple[str, str]], data: st.DataObject) -> None:
    """Rows with commas (so some fields are quoted) and one row whose text field gets a stray
    opening quote: every row is accounted for, the broken one as `unclosed_quote`, the others as
    they were written."""
    k = data.draw(st.integers(0, len(rows) - 1))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "text", "title"])
    lines = [buf.getvalue()]
    for i, (a, b) in enumerate(rows):
        one = io.StringIO()
        csv.writer(one, lineterminator="\n").writerow([f"r{i}", a or "t", b])
        lines.append(one.getvalue() if i != k else f'r{i},"{a}{b}\n')
    items = csv_items("".join(lines).encode())
    assert [i.record_number for i in items] == list(range(1, len(rows) + 1))
    for i, item in enumerate(items):
        if i == k:
            assert isinstance(item, Rejected) and item.reason == "unclosed_quote"
        else:
            assert isinstance(item, Candidate) and item.fields["id"] == f"r{i}"


cell = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(cell, min_size=1, max_size=4), max_size=10),
       terminator=st.sampled_from(["\n", "\r\n", "\r"]))
def test_well_formed_csv_reads_as_the_csv_module_does(rows: list[list[str]], terminator: str) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=terminator)
    w.writerow(["text", "id", "title", "x"])
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    reference = [r for r in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))][1:]
    reference = [r for r in reference if r and not (len(r) == 1 and not r[0].strip())]
    items = csv_items(data)
    assert len(items) == len(reference)
    for item, row in zip(items, reference, strict=True):
        assert not (isinstance(item, Rejected) and item.reason == "unclosed_quote")
        if isinstance(item, Candidate):
            assert item.fields["text"] == row[0]


# -- a batch without articles ---------------------------------------------------------------

def test_a_batch_of_only_bad_records_logs_no_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": "x"}\n{"text": ""}\nnot json\n{"text": 5}\n')
    with caplog.at_level(logging.WARNING):
        report = ingest([str(src)], tmp_path / "lake")
    assert (report.records_read, report.quarantined, report.accepted) == (4, 4, 0)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], [r.getMessage() for r in caplog.records]
    fp = Fingerprinter(64, 24, 16)
    assert fp.band_keys_batch(fp.signatures([])).shape == (0, 16)
    prepared = Preparer(IngestSettings(), NOW)([Rejected("in", 1, "malformed_json", "x")])
    assert prepared.sigs is None and len(prepared.built) == 1
    assert isinstance(fp.band_keys_batch(np.zeros((0, 64), dtype=np.uint32)), np.ndarray)

