"""Issue 17, extract side: mention files are byte-identical across clean runs of the same input
(nothing run-specific in them), and the temporary files a killed writer leaves in the lake are
removed by the next extract -- only those: a live writer's are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow as pa
import pytest

from schemas.tables import ARTICLES
from transforms import extract, lake
from transforms.config import Config

pytestmark = pytest.mark.slow

TEXTS = [
    ("Kerry meets Lavrov", "U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Moscow."),
    (None, "Turkish police arrested dozens of protesters in Istanbul on Sunday."),
    ("Ford in Helsinki", "US President Gerald Ford met Soviet leader Leonid Brezhnev in Helsinki."),
]
DAYS = (dt.date(2015, 12, 15), dt.date(1975, 6, 1))


def articles(run_id: str, ingested: dt.datetime, day: dt.date) -> pa.Table:
    """One ingest run's article file: same articles, run-specific run id and ingest time."""
    rows = [
        {"article_id": f"{day}-{i}", "url": None, "canonical_url": None, "title": title,
         "published_at": dt.datetime.combine(day, dt.time(9), dt.UTC), "published_date": day,
         "date_is_fallback": False, "source_name": "example.org", "language": "en", "text": text,
         "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "char_count": len(text), "duplicate_of": None,
         "ingest_run_id": run_id, "ingested_at": ingested}
        for i, (title, text) in enumerate(TEXTS)
    ]
    return pa.Table.from_pylist(rows, schema=ARTICLES)


@pytest.fixture(scope="module")
def coder() -> extract.Coder:
    return extract.Coder(Config())


def _ingested_like(root: Path, run_id: str, ingested: dt.datetime) -> Path:
    lk = root / "lake"
    for day in DAYS:
        lake.write_partition(lk, "articles", day, run_id, articles(run_id, ingested, day))
    return lk


def test_mention_files_are_byte_identical_across_clean_runs(tmp_path: Path, coder: extract.Coder) -> None:
    a = _ingested_like(tmp_path / "a", "ingest-20260302T120000Z-1a2b3c4d", dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC))
    b = _ingested_like(tmp_path / "b", "ingest-20260305T080000Z-9f8e7d6c", dt.datetime(2026, 3, 5, 8, tzinfo=dt.UTC))
    for lk in (a, b):
        report = extract.run_extract(lk, Config(lake=lk), progress=False, coder=coder)
        assert report.files == len(DAYS) and report.events > 0
    files_a = sorted(f.path for f in lake.list_files(a, "event_mentions"))
    files_b = sorted(f.path for f in lake.list_files(b, "event_mentions"))
    assert len(files_a) == len(files_b) == len(DAYS)
    for fa, fb in zip(files_a, files_b, strict=True):
        assert fa.read_bytes() == fb.read_bytes(), (fa, fb)
        meta = lake.file_metadata(fa)
        assert not any("ingest-2026" in v for v in meta.values()), meta  # nothing run-specific
    # the content stamp still tells a changed article file from an unchanged one
    cfg = Config(lake=a)
    assert extract.pending_files(a, cfg) == []
    changed = articles("ingest-x", dt.datetime(2026, 3, 9, tzinfo=dt.UTC), DAYS[0])
    changed = changed.set_column(changed.schema.get_field_index("text"), "text",
                                 pa.array(["Changed.", *changed.column("text").to_pylist()[1:]]))
    lake.write_partition(a, "articles", DAYS[0], "ingest-20260302T120000Z-1a2b3c4d", changed)
    assert [p.parent.name for p in extract.pending_files(a, cfg)] == [f"day={DAYS[0]}"]
    # a run-specific column alone (a re-ingested copy of the same articles) does not make it stale
    lake.write_partition(b, "articles", DAYS[0], "ingest-20260305T080000Z-9f8e7d6c",
                         articles("ingest-other", dt.datetime(2026, 3, 9, tzinfo=dt.UTC), DAYS[0]))
    assert extract.pending_files(b, Config(lake=b)) == []


# A writer killed between writing its temporary file and renaming it (SIGKILL: no clean-up runs).
KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import pyarrow as pa
    from transforms import lake
    os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
    lake.write_atomic(pa.table({"x": [1]}), Path(sys.argv[1]))
""")


def test_next_extract_removes_temp_files_of_killed_writers_only(tmp_path: Path, coder: extract.Coder) -> None:
    lk = _ingested_like(tmp_path, "run-1", dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    part = lake.partition_dir(lk, "event_mentions", DAYS[0])
    target = part / "run-1.parquet"
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    left = [p for p in part.iterdir() if p.name.startswith(".")]
    assert len(left) == 1 and left[0].name.endswith(".tmp") and not target.exists()  # the leftover of issue 17
    live = lake.temp_path(part / "other.parquet")  # a writer that is still running: this process
    live.write_bytes(b"being written")
    legacy = part / f".old.parquet.{'b' * 32}.tmp"  # the untagged name of earlier versions, long stale
    legacy.write_bytes(b"x")
    past = time.time() - 2 * lake.UNTAGGED_STALE_SECONDS
    for f in (live, legacy):
        os.utime(f, (past, past))

    report = extract.run_extract(lk, Config(lake=lk), progress=False, coder=coder)
    assert report.stale_temp_files == 2
    assert not left[0].exists() and not legacy.exists() and live.exists()
    assert target.exists()  # and the run itself wrote the file
    again = extract.run_extract(lk, Config(lake=lk), progress=False, coder=coder)
    assert again.stale_temp_files == 0 and live.exists()


def test_a_temp_file_newer_than_the_step_is_kept(tmp_path: Path) -> None:
    dead = tmp_path / f".f.parquet.{lake.HOST_TAG}-999999999-1-{'c' * 12}.tmp"
    dead.write_bytes(b"x")
    assert not lake.is_stale_temp(dead, started=time.time() - 60)  # written after the step started
    assert lake.is_stale_temp(dead, started=time.time() + 1)
    foreign = tmp_path / f".f.parquet.{'0' * 8}-1-1-{'c' * 12}.tmp"  # another host's writer: only when old
    foreign.write_bytes(b"x")
    assert not lake.is_stale_temp(foreign, started=time.time() + 1)
    assert lake.is_stale_temp(foreign, started=time.time() + 1, now=time.time() + 2 * lake.FOREIGN_STALE_SECONDS)
    assert lake.remove_stale_temp_files(tmp_path, started=time.time() + 1) == [dead]
