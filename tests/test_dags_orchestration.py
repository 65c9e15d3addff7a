"""The plain functions behind the DAGs: settings, shards, day ranges, shard accounting, reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from transforms.config import ConfigError, load_config
from warehouse import orchestration as orch


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "evw.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_settings_defaults_without_a_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for names in orch.ENV_OVERRIDES.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("EVW_CONFIG", raising=False)
    s = orch.load_settings(load_config())
    assert s.schedule == "@hourly"
    assert s.inputs == () and s.sources == ()
    assert s.retries >= 2 and s.timeout("ingest") == dt.timedelta(minutes=60)


def test_settings_from_file_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = load_config(_config(tmp_path, '[airflow]\nschedule = "*/15 * * * *"\ninputs = ["inbox/*.jsonl", '
                                         '"https://example.org/feed.xml"]\nshard_articles = 5\n'))
    monkeypatch.delenv("AIRFLOW_VAR_EVW_SCHEDULE", raising=False)
    monkeypatch.delenv("EVW_SCHEDULE", raising=False)
    s = orch.load_settings(cfg)
    assert s.schedule == "*/15 * * * *"
    assert s.inputs == (str(tmp_path / "inbox/*.jsonl"), "https://example.org/feed.xml")
    assert s.shard_articles == 5
    monkeypatch.setenv("AIRFLOW_VAR_EVW_SCHEDULE", "none")
    monkeypatch.setenv("AIRFLOW_VAR_EVW_SHARD_ARTICLES", "7")
    s = orch.load_settings(cfg)
    assert s.schedule is None and s.shard_articles == 7


@pytest.mark.parametrize("body, message", [
    ("[airflow]\nshard_size = 3\n", "unknown [airflow] settings ['shard_size']"),
    ("[airflow]\nshard_articles = 0\n", "shard_articles must be at least 1"),
    ("[airflow]\nretries = \"many\"\n", "retries must be an integer"),
    ("[airflow]\ninputs = 3\n", "inputs must be a list of strings"),
])
def test_bad_settings_say_what_is_wrong(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        orch.load_settings(load_config(_config(tmp_path, body)))


def test_expand_inputs_sorts_globs_and_keeps_urls(tmp_path: Path) -> None:
    for name in ("b.jsonl", "a.jsonl", "c.txt"):
        (tmp_path / name).write_text("{}\n")
    got = orch.expand_inputs([str(tmp_path / "*.jsonl"), "https://example.org/*.xml", str(tmp_path / "c.txt")])
    assert got == [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "https://example.org/*.xml",
                   str(tmp_path / "c.txt")]


def test_make_shards_by_article_count_is_deterministic_and_bounded() -> None:
    files = [(f"/lake/articles/day=2024-01-{d:02d}/f.parquet", 10) for d in range(1, 11)]
    files[4] = (files[4][0], 70)  # a big day is a shard of its own
    shards = orch.make_shards(list(reversed(files)), shard_articles=30, max_shards=32)
    assert [len(s) for s in shards] == [3, 1, 1, 3, 2]
    assert [f for s in shards for f in s] == [f for f, _ in files]
    capped = orch.make_shards(files, shard_articles=1, max_shards=4)
    assert len(capped) <= 4 and sum(map(len, capped)) == 10
    assert orch.make_shards([], 3, 4) == []


def test_parse_days() -> None:
    assert orch.parse_days({}) is None
    assert orch.parse_days({"start": None, "end": ""}) is None
    december = (dt.date(2015, 12, 1), dt.date(2015, 12, 31))
    assert orch.parse_days({"start": "2015-12-01", "end": "2015-12-31"}) == december
    assert orch.parse_days({"start": "2015-12-01"}) == (dt.date(2015, 12, 1), dt.date.max)
    with pytest.raises(ValueError, match="after end"):
        orch.parse_days({"start": "2015-12-31", "end": "2015-12-01"})
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        orch.parse_days({"end": "yesterday"})


def test_summarize_shards_counts_what_was_and_was_not_done() -> None:
    shards = [["a", "b"], ["c", "d"], ["e"]]
    results = [{"files": 2, "events": 4, "seconds": 1.5}, {"files": 1, "events": 1}]
    summary = orch.summarize_shards(shards, results, {0: "success", 1: "failed", 2: "success"})
    assert summary.succeeded == 2 and summary.failed_shards == (1,)
    assert summary.files_done == 3 and summary.files_not_done == 2
    assert summary.totals == {"files": 3, "events": 5}
    with pytest.raises(RuntimeError, match=r"1 of 3 extract shards failed \(map indexes \[1\]\); 3 files"):
        orch.verify_shards(summary.as_dict())
    orch.verify_shards(orch.summarize_shards(shards, results, dict.fromkeys(range(3), "success")).as_dict())


def test_report_counts_keeps_json_values_and_summary() -> None:
    @dataclass
    class Report:
        accepted: int
        lake: Path
        written: list[Path]

        def summary(self) -> str:
            return f"{self.accepted} accepted"

    assert orch.report_counts(Report(3, Path("/l"), [Path("/x")])) == {"accepted": 3, "lake": "/l",
                                                                     "summary": "3 accepted"}


def test_assets_name_the_data(tmp_path: Path) -> None:
    cfg = load_config(_config(tmp_path, '[paths]\nlake = "lk"\nwarehouse = "w.duckdb"\n'))
    articles = orch.lake_asset(cfg, "articles")
    assert articles.name == "articles" and articles.uri == (tmp_path / "lk" / "articles").as_uri()
    assert orch.warehouse_asset(cfg).uri == (tmp_path / "w.duckdb").as_uri()
