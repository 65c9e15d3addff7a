"""Integration tests of the extract step with the real spaCy model: mention files, versioning,
idempotence, determinism, worker parity and quarantine of articles the coder cannot take."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
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
OUT = Path("event_mentions") / "day=2015-12-15" / "run-1.parquet"


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


@pytest.fixture(scope="module")
def coder() -> extract.Coder:
    return extract.Coder(Config())


@pytest.fixture(scope="module")
def coded_lake(tmp_path_factory: pytest.TempPathFactory, coder: extract.Coder) -> tuple[Path, extract.ExtractReport]:
    """A lake with one article file, coded once."""
    lk = tmp_path_factory.mktemp("coded") / "lake"
    lake.write_partition(lk, "articles", DAY, "run-1", article_table(TEXTS))
    cfg = Config(lake=lk)
    assert len(extract.pending_files(lk, cfg)) == 1
    return lk, extract.run_extract(lk, cfg, progress=False, coder=coder)


def copy_lake(src: Path, dst: Path) -> tuple[Path, Config]:
    shutil.copytree(src, dst / "lake")
    return dst / "lake", Config(lake=dst / "lake")


def test_extract_writes_versioned_valid_mentions(coded_lake: tuple[Path, extract.ExtractReport]) -> None:
    lk, report = coded_lake
    assert (report.files, report.articles) == (1, 3)
    assert report.events >= 2
    validate_parquet(lk / OUT, "event_mentions")
    meta = lake.file_metadata(lk / OUT)
    assert meta["coder_version"] == CODER_VERSION and "source_file" not in meta  # nothing run-specific (issue 17)
    assert meta["source_content_sha256"] == extract.content_sha256(lk / "articles/day=2015-12-15/run-1.parquet")
    assert meta["coder_fingerprint"] == extract.coder_fingerprint(Config(lake=lk))
    rows = pq.read_table(lk / OUT).to_pylist()
    codes = {(r["actor1_code"], r["event_root_code"], r["actor2_code"]) for r in rows}
    assert ("USAGOV", "04", "RUSGOV") in codes
    assert any(r["actor1_code"] == "TURCOP" and r["event_code"].startswith("17") for r in rows)
    kerry = next(r for r in rows if r["actor1_code"] == "USAGOV")
    text = extract.coded_text(*TEXTS[0])
    assert text[kerry["actor1_char_offset"]:].startswith(kerry["actor1_name"])
    assert text[kerry["action_char_offset"]:].startswith("me")  # "meets" / "met"
    assert kerry["pattern_id"] and kerry["rule"]
    assert kerry["dictionary_version"].startswith("actors:") and "+events:" in kerry["dictionary_version"]
    assert not any(r["article_id"] == "art-2" for r in rows), "weather is no event"


def test_nothing_pending_after_a_run(coded_lake: tuple[Path, extract.ExtractReport], coder: extract.Coder) -> None:
    lk, _ = coded_lake
    cfg = Config(lake=lk)
    assert extract.pending_files(lk, cfg) == []
    again = extract.run_extract(lk, cfg, progress=False, coder=coder)
    assert (again.files, again.skipped_files) == (0, 1)


def test_extract_is_byte_identical_on_rerun(coded_lake: tuple[Path, extract.ExtractReport], coder: extract.Coder,
                                            tmp_path: Path) -> None:
    lk, cfg = copy_lake(coded_lake[0], tmp_path)
    first = (lk / OUT).read_bytes()
    extract.run_extract(lk, cfg, force=True, progress=False, coder=coder)
    assert (lk / OUT).read_bytes() == first


def test_changed_input_version_or_dictionary_is_recoded(coded_lake: tuple[Path, extract.ExtractReport],
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lk, cfg = copy_lake(coded_lake[0], tmp_path)
    assert extract.pending_files(lk, cfg) == []
    # a user dictionary added in the config makes the old output stale
    (tmp_path / "mine.tsv").write_text("# extra\n", encoding="utf-8")
    (tmp_path / "evw.toml").write_text('[coder.actors]\nextra_dictionaries = ["mine.tsv"]\n', encoding="utf-8")
    from transforms.config import load_config

    with_extra = load_config(tmp_path / "evw.toml")
    assert len(extract.pending_files(lk, with_extra)) == 1
    # new input bytes for the same article file
    lake.write_partition(lk, "articles", DAY, "run-1", article_table(TEXTS[:2]))
    assert len(extract.pending_files(lk, cfg)) == 1
    # a new coder version
    lake.write_partition(lk, "articles", DAY, "run-1", article_table(TEXTS))
    monkeypatch.setattr(extract, "CODER_VERSION", "9.9.9")
    assert len(extract.pending_files(lk, cfg)) == 1


def test_two_workers_give_the_same_rows(coded_lake: tuple[Path, extract.ExtractReport], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    lk, cfg = copy_lake(coded_lake[0], tmp_path)
    one = pq.read_table(lk / OUT)
    monkeypatch.setattr(extract, "CHUNK_ARTICLES", 1)  # several chunks, so the process pool is used
    report = extract.run_extract(lk, cfg, workers=2, force=True, progress=False)
    assert report.articles == 3
    assert pq.read_table(lk / OUT).equals(one)


def test_uncodable_article_is_quarantined_then_cleared(tmp_path: Path, coder: extract.Coder) -> None:
    lk = tmp_path / "lake"
    big = "Syrian rebels attacked an army post. " * 30_000  # over the model's max_length
    lake.write_partition(lk, "articles", DAY, "run-2", article_table([(None, big), TEXTS[1]]))
    cfg = Config(lake=lk)
    report = extract.run_extract(lk, cfg, progress=False, coder=coder)
    assert report.quarantined == 1 and report.articles == 2 and report.events >= 1
    q_path = lk / "quarantine" / "day=2015-12-15" / "extract-run-2.parquet"
    q = pq.read_table(q_path).to_pylist()
    assert [(r["stage"], r["reason"]) for r in q] == [("extract", "text_too_long_for_model")]
    assert q[0]["raw_size"] == len(big)
    first = q_path.read_bytes()
    extract.run_extract(lk, cfg, force=True, progress=False, coder=coder)
    assert q_path.read_bytes() == first, "quarantine output is deterministic"
    # once the article is fixed, the stale rejection is replaced by an empty file
    lake.write_partition(lk, "articles", DAY, "run-2", article_table([(None, big[:5000]), TEXTS[1]]))
    extract.run_extract(lk, cfg, progress=False, coder=coder)
    assert pq.read_table(q_path).num_rows == 0


def test_batches_are_sorted_by_length_and_capped_by_count_and_characters(coder: extract.Coder,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coder, "batch_size", 3)
    monkeypatch.setattr(coder, "max_batch_chars", 100)
    arts = [{"title": None, "text": "x" * n} for n in (10, 10, 10, 10, 95, 40, 40, 200, 5)]
    batches = list(coder._batches(range(len(arts)), arts))
    # by length (ties by position), then at most 3 articles and 100 characters a batch; one longer
    # article is a batch of its own
    assert batches == [[8, 0, 1], [2, 3, 5], [6], [4], [7]]
    assert sorted(i for b in batches for i in b) == list(range(len(arts)))
