"""End-to-end through the installed `evw` CLI: article file in, DuckDB warehouse out.

Runs the real console script in a subprocess (real spaCy model, real DuckDB file), as a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

EVW = Path(sys.executable).with_name("evw")


def evw(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EVW_CONFIG": "", "COLUMNS": "200"}
    env.pop("EVW_CONFIG")
    return subprocess.run([str(EVW), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory,
             shared_dir: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    work = tmp_path_factory.mktemp("seed")
    text = (shared_dir / "seeds" / "000_6576ef386a19e029.txt").read_text(encoding="utf-8")
    article = {"id": "seed-000", "text": text, "published": "2015-12-15", "source": "seed",
               "url": "https://example.org/seed"}
    (work / "seed.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    proc = evw("run", "seed.jsonl", "--lake", "lake", "--warehouse", "wh.duckdb", cwd=work)
    return work, proc


def test_seed_run_succeeds(seed_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, proc = seed_run
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "1 records read" in proc.stdout
    assert "1 accepted" in proc.stdout


def test_seed_warehouse_contents(seed_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    work, _ = seed_run
    con = duckdb.connect(str(work / "wh.duckdb"), read_only=True)
    arts = con.sql("SELECT article_id, published_date FROM articles").fetchall()
    assert [(a, str(d)) for a, d in arts] == [("seed-000", "2015-12-15")]
    n, bad = con.sql(
        "SELECT count(*), count(*) FILTER (WHERE c.code IS NULL OR c.root_code <> m.event_root_code "
        "OR c.quad_class <> m.quad_class) FROM event_mentions m LEFT JOIN cameo_event_codes c ON c.code = m.event_code"
    ).fetchall()[0]
    assert n >= 5, "the seed article has at least five coded events"
    assert bad == 0, "every event code exists in the codebook and agrees with it"
    roots = {r for (r,) in con.sql("SELECT DISTINCT event_root_code FROM event_mentions").fetchall()}
    assert {"03", "04"} <= roots
    assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] >= 1  # type: ignore[index]


def test_rerun_is_idempotent(seed_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    work, _ = seed_run
    sql = "SELECT count(*), string_agg(mention_id, ',' ORDER BY mention_id) FROM event_mentions"
    with duckdb.connect(str(work / "wh.duckdb"), read_only=True) as con:
        before = con.sql(sql).fetchall()[0]
    proc = evw("run", "seed.jsonl", "--lake", "lake", "--warehouse", "wh.duckdb", cwd=work)
    assert proc.returncode == 0, proc.stderr
    with duckdb.connect(str(work / "wh.duckdb"), read_only=True) as con:
        assert con.sql(sql).fetchall()[0] == before
        assert con.sql("SELECT count(*) FROM articles").fetchall()[0] == (1,)


def test_query_formats(seed_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    work, _ = seed_run
    proc = evw("query", "SELECT event_code FROM event_mentions ORDER BY 1 LIMIT 2", "--warehouse", "wh.duckdb",
               "--format", "json", cwd=work)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(rows) == 2 and all(r["event_code"].isdigit() for r in rows)
    bad = evw("query", "SELEC nonsense", "--warehouse", "wh.duckdb", cwd=work)
    assert bad.returncode != 0
    assert "error" in bad.stderr.lower() and "Traceback" not in bad.stderr
    stats = evw("stats", "--warehouse", "wh.duckdb", cwd=work)
    assert stats.returncode == 0 and "event_mentions" in stats.stdout


def test_bad_input_is_accounted_for(tmp_path: Path) -> None:
    """Malformed JSON, empty text, invalid UTF-8 and a 20 MB text: the run completes, good records
    load, each bad one is quarantined with its reason, and the summary accounts for every line."""
    good = [
        {"id": f"good-{i}", "text": f"Turkish police arrested {i + 2} protesters in Ankara on Monday.",
         "published": f"2020-03-0{i + 1}", "source": "example.org"}
        for i in range(3)
    ]
    lines = [json.dumps(g).encode() for g in good]
    lines.insert(1, b'{"id": "broken", "text": "unterminated')
    lines.insert(2, json.dumps({"id": "empty", "text": "   "}).encode())
    lines.insert(3, b'{"id": "latin", "text": "caf\xe9 \xff\xfe"}')
    lines.append(json.dumps({"id": "huge", "text": "Word " * (4 * 1024 * 1024)}).encode())
    (tmp_path / "bad.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    proc = evw("run", "bad.jsonl", "--lake", "lake", "--warehouse", "wh.duckdb", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "7 records read" in proc.stdout
    assert "3 accepted" in proc.stdout
    assert "4 quarantined" in proc.stdout
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    assert sorted(r for (r,) in con.sql("SELECT article_id FROM articles").fetchall()) == ["good-0", "good-1", "good-2"]
    reasons = dict(con.sql("SELECT record_number, reason FROM quarantine WHERE stage = 'ingest'").fetchall())
    assert set(reasons) == {2, 3, 4, 7}
    assert len(set(reasons.values())) == 4, reasons
    raw = con.sql("SELECT raw_record FROM quarantine WHERE record_number = 2").fetchall()[0][0]
    assert raw.startswith(b'{"id": "broken"')
