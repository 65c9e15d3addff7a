"""Integration tests of the extract step with the real spaCy model: mention files, versioning,
idempotence, determinism, worker parity and quarantine of articles the coder cannot take."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas.tables import ARTICLES
from schemas.validate import validate_parquet
from transforms import extract, lake
from transforms.coder import CODER_VERSION
from transforms.config import Config

pytestmark = pytest.mark.slow

DAY = dt.date(2015, 12, 15)
TEXTS = [
    ("Kerry meets Lavrov", "U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Moscow."),
    (None, "Turkish police arrested dozens of protesters in Istanbul on Sunday."),
    ("Weather", "It rained heavily in the north of the country on Tuesday."),
]


def article_table(texts: list[tuple[str | None, str]], day: dt.date = DAY) -> pa.Table:
    now = dt.datetime(2015, 12, 15, 9, tzinfo=dt.UTC)
    rows = [
        {"article_id": f"art-{i}", "url": None, "canonical_url": None, "title": title,
         "published_at": now, "published_date": day, "date_is_fallback": False, "source_name": "example.org",
         "language": "en", "text": text, "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
         "char_count": len(text), "duplicate_of": None, "ingest_run_id": "run-1", "ingested_at": now}
        for i, (title, text) in enumerate(texts)
    ]
    return pa.Table.from_pylist(rows, schema=ARTICLES)


@pytest.fixture()
def small_lake(tmp_path: Path) -> tuple[Path, Config]:
    lk = tmp_path / "lake"
    lake.write_partition(lk, "articles", DAY, "run-1", article_table(TEXTS))
    return lk, Config(lake=lk, warehouse=tmp_path / "wh.duckdb")


def test_extract_writes_versioned_valid_mentions(small_lake: tuple[Path, Config]) -> None:
    lk, cfg = small_lake
    assert len(extract.pending_files(lk, cfg)) == 1
    report = extract.run_extract(lk, cfg, progress=False)
    assert (report.files, report.articles) == (1, 3)
    assert report.events >= 2
    out = lk / "event_mentions" / "day=2015-12-15" / "run-1.parquet"
    validate_parquet(out, "event_mentions")
    meta = lake.file_metadata(out)
    assert meta["coder_version"] == CODER_VERSION and meta["source_file"] == "articles/day=2015-12-15/run-1.parquet"
    rows = pq.read_table(out).to_pylist()
    codes = {(r["actor1_code"], r["event_root_code"], r["actor2_code"]) for r in rows}
    assert ("USAGOV", "04", "RUSGOV") in codes
    assert any(r["actor1_code"] == "TURCOP" and r["event_code"].startswith("17") for r in rows)
    kerry = next(r for r in rows if r["actor1_code"] == "USAGOV")
    text = extract.coded_text(*TEXTS[0])
    assert text[kerry["actor1_char_offset"]:].startswith(kerry["actor1_name"])
    assert kerry["sentence_index"] in (0, 1) and kerry["pattern_id"] and kerry["rule"]
    assert not any(r["article_id"] == "art-2" for r in rows), "weather is no event"
    # nothing pending now; the second run skips the file
    assert extract.pending_files(lk, cfg) == []
    again = extract.run_extract(lk, cfg, progress=False)
    assert (again.files, again.skipped_files) == (0, 1)


def test_extract_is_byte_identical_on_rerun(small_lake: tuple[Path, Config]) -> None:
    lk, cfg = small_lake
    extract.run_extract(lk, cfg, progress=False)
    out = lk / "event_mentions" / "day=2015-12-15" / "run-1.parquet"
    first = out.read_bytes()
    extract.run_extract(lk, cfg, force=True, progress=False)
    assert out.read_bytes() == first


def test_changed_input_or_version_is_recoded(small_lake: tuple[Path, Config], monkeypatch: pytest.MonkeyPatch) -> None:
    lk, cfg = small_lake
    extract.run_extract(lk, cfg, progress=False)
    monkeypatch.setattr(extract, "CODER_VERSION", "9.9.9")
    assert len(extract.pending_files(lk, cfg)) == 1


def test_two_workers_give_the_same_rows(small_lake: tuple[Path, Config], monkeypatch: pytest.MonkeyPatch) -> None:
    lk, cfg = small_lake
    monkeypatch.setattr(extract, "CHUNK_ARTICLES", 1)  # several chunks, so the process pool is used
    extract.run_extract(lk, cfg, progress=False)
    out = lk / "event_mentions" / "day=2015-12-15" / "run-1.parquet"
    one = pq.read_table(out)
    extract.run_extract(lk, cfg, workers=2, force=True, progress=False)
    assert pq.read_table(out).equals(one)


def test_uncodable_article_is_quarantined(tmp_path: Path) -> None:
    lk = tmp_path / "lake"
    big = "Syrian rebels attacked an army post. " * 40_000  # over the model's max_length
    lake.write_partition(lk, "articles", DAY, "run-2", article_table([(None, big), TEXTS[1]]))
    cfg = replace(Config(), lake=lk)
    report = extract.run_extract(lk, cfg, progress=False)
    assert report.quarantined == 1 and report.articles == 2
    q = pq.read_table(lk / "quarantine" / "day=2015-12-15" / "extract-run-2.parquet").to_pylist()
    assert [(r["stage"], r["reason"]) for r in q] == [("extract", "text_too_long_for_model")]
    assert q[0]["raw_size"] == len(big)
