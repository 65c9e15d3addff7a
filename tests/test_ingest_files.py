"""File inputs end to end: the contract JSONL, JSON arrays, CSV, document folders, gzip, globs,
configured sources, the foundation's bad-input cases, accounting, the lake and `evw ingest`."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from schemas.validate import validate_parquet
from transforms.config import Config, ConfigError, load_config
from transforms.ingest import IngestReport, run_ingest
from transforms.ingest.cli import ingest_command
from transforms.ingest.state import read_duplicates
from transforms.lake import file_metadata, list_files, read_file

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
REPO = Path(__file__).resolve().parents[1]

# Short invented news texts (our own words).
TEXTS = [
    "The foreign ministers of Arland and Bervia met in the border town of Keld on Monday and agreed to "
    "reopen two crossings that have been closed since the spring floods, officials from both sides said.",
    "Police in the capital used water cannon to disperse several thousand protesters who had gathered "
    "outside the parliament to demand the resignation of the energy minister over rising fuel prices.",
    "The central bank of Corvia raised its main interest rate by half a point on Thursday, saying that "
    "inflation had stayed above its target for too long and that further increases could follow.",
    "Rebel fighters attacked an army convoy on the road to the northern mining region, killing four "
    "soldiers, the defence ministry said in a statement that also promised a swift response.",
]


def ingest(inputs: list[str], lake: Path, cfg: Config | None = None, **kw: Any) -> IngestReport:
    report = run_ingest(inputs, lake=lake, config=cfg or Config(), progress=False, now=NOW, **kw)
    assert report.balanced, report.summary()
    return report


def table(lake: Path, name: str) -> pa.Table:
    files = [read_file(f.path) for f in list_files(lake, name)]
    return pa.concat_tables(files) if files else pa.table({})


def jsonl(path: Path, records: list[Any]) -> Path:
    path.write_bytes(b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records))
    return path


def test_foundation_bad_input_is_quarantined_and_accounted(tmp_path: Path) -> None:
    big = {"id": "huge", "text": "word " * 4_000_000}  # 20 MB of text
    src = jsonl(tmp_path / "in.jsonl", [
        {"id": "ok-1", "text": TEXTS[0], "title": "Crossings to reopen", "published": "2015-12-15",
         "url": "https://news.example.org/keld?utm_source=x", "source": "Example News", "language": "en"},
        b'{"id": "broken", "text": "no closing brace"',
        {"id": "empty", "text": "   "},
        b'{"id": "latin1", "text": "caf\xe9 owners met the mayor"}',
        big,
        {"text": TEXTS[1], "published": "2015-12-16T08:30:00+02:00"},
        b"",
        {"id": "no-text", "title": "headline only"},
    ])
    report = ingest([str(src)], tmp_path / "lake")
    assert (report.records_read, report.accepted, report.duplicates, report.quarantined) == (7, 2, 0, 5)
    assert dict(report.reasons) == {"malformed_json": 1, "empty_text": 1, "invalid_utf8": 1,
                                    "text_too_large": 1, "missing_text": 1}
    assert "7 records read: 2 accepted, 0 duplicates, 5 quarantined" in report.summary()

    arts = {r["article_id"]: r for r in table(tmp_path / "lake", "articles").to_pylist()}
    ok = arts["ok-1"]
    assert ok["canonical_url"] == "https://news.example.org/keld"
    assert ok["published_date"] == dt.date(2015, 12, 15) and ok["date_is_fallback"] is False
    assert ok["source_name"] == "Example News" and ok["language"] == "en"
    derived = next(a for a in arts if a != "ok-1")
    assert derived.startswith("t") and arts[derived]["published_at"] == dt.datetime(2015, 12, 16, 6, 30,
                                                                                     tzinfo=dt.UTC)
    q = {r["record_number"]: r for r in table(tmp_path / "lake", "quarantine").to_pylist()}
    assert {n: r["reason"] for n, r in q.items()} == {2: "malformed_json", 3: "empty_text", 4: "invalid_utf8",
                                                      5: "text_too_large", 8: "missing_text"}
    assert q[4]["raw_record"] == b'{"id": "latin1", "text": "caf\xe9 owners met the mayor"}'
    assert q[5]["raw_size"] > 20_000_000 and len(q[5]["raw_record"]) == 1 << 20
    for f in list_files(tmp_path / "lake", "articles"):
        validate_parquet(f.path, "articles")
        assert f.name == report.run_id and file_metadata(f.path)["ingest_run_id"] == report.run_id
    for f in list_files(tmp_path / "lake", "quarantine"):
        validate_parquet(f.path, "quarantine")
    runs = table(tmp_path / "lake", "ingest_runs").to_pylist()
    assert len(runs) == 1 and runs[0]["records_read"] == 7 and runs[0]["quarantined"] == 5
    assert json.loads(runs[0]["reason_counts"])["text_too_large"] == 1

    # re-running the same input is idempotent: nothing new in articles or quarantine
    again = ingest([str(src)], tmp_path / "lake")
    assert (again.accepted, again.duplicates, again.quarantined) == (0, 2, 5)
    assert again.notes["already_in_quarantine"] == 5
    assert len(table(tmp_path / "lake", "quarantine")) == 5 and len(table(tmp_path / "lake", "articles")) == 2
    assert len(table(tmp_path / "lake", "ingest_runs")) == 2


def test_ids_are_deterministic_and_rerun_takes_nothing_new(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "a.jsonl", [{"text": TEXTS[0], "url": "https://x.example/a/"}, {"text": TEXTS[1]}])
    first = ingest([str(src)], tmp_path / "lake1")
    ingest([str(src)], tmp_path / "lake2")
    ids1 = sorted(table(tmp_path / "lake1", "articles").column("article_id").to_pylist())
    ids2 = sorted(table(tmp_path / "lake2", "articles").column("article_id").to_pylist())
    assert ids1 == ids2 and first.accepted == 2
    rerun = ingest([str(src)], tmp_path / "lake1")
    assert (rerun.accepted, rerun.duplicates) == (0, 2)
    assert dict(rerun.reasons) == {"duplicate_id": 2}  # derived ids are the same again
    ledger = read_duplicates(tmp_path / "lake1").to_pylist()
    assert sorted(r["duplicate_of"] for r in ledger) == ids1
    assert len(table(tmp_path / "lake1", "articles")) == 2


def test_exact_duplicates_within_one_file(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "d.jsonl", [
        {"id": "a", "text": TEXTS[0], "url": "https://x.example/story?id=1&utm_medium=social"},
        {"id": "b", "text": TEXTS[1], "url": "https://x.example/story?id=1#comments"},  # same canonical URL
        {"id": "c", "text": "  " + TEXTS[0].replace(" ", "  ") + "\n"},  # same text once normalised
        {"id": "a", "text": TEXTS[2]},  # same id
        {"id": "d", "text": TEXTS[3]},
    ])
    report = ingest([str(src)], tmp_path / "lake")
    assert (report.accepted, report.duplicates) == (2, 3)
    assert dict(report.reasons) == {"duplicate_url": 1, "duplicate_text": 1, "duplicate_id": 1}
    assert {(r["record_number"], r["duplicate_of"]) for r in read_duplicates(tmp_path / "lake").to_pylist()} == {
        (2, "a"), (3, "a"), (4, "a")}


def test_json_csv_documents_gzip_and_directories(tmp_path: Path) -> None:
    (tmp_path / "arr.json").write_text(json.dumps([{"text": TEXTS[0], "title": "One"}, 42, {"text": TEXTS[1]}]))
    with gzip.open(tmp_path / "rows.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        fh.write("Title,TEXT,published,extra\n")
        fh.write(f'"Rate rise","{TEXTS[2]}",2024-05-02,ignored\n')
        fh.write('"No text column value",,2024-05-02,x\n')
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.txt").write_text("Convoy attacked\n" + TEXTS[3] + "\n")
    (docs / "sub" / "b.md").write_text("# Talks in Keld\n\nThe **ministers** met [in Keld](http://x).\n\n"
                                       "- They agreed to reopen the crossings on the border next week, "
                                       "officials said, after months of talks between the two governments.\n")
    html = ("<html><head><title>Water cannon used</title></head><body><article><h1>Water cannon used</h1>"
            + "".join(f"<p>{t}</p>" for t in (TEXTS[1], TEXTS[0], TEXTS[2])) + "</article></body></html>")
    with gzip.open(docs / "c.html.gz", "wb") as fh:
        fh.write(html.encode())
    (docs / "notes.pdf").write_bytes(b"%PDF-1.4 not for us")
    (docs / ".hidden.txt").write_text("skip me\nplease")
    report = ingest([str(tmp_path / "arr.json"), str(tmp_path / "rows.csv.gz"), str(docs)], tmp_path / "lake")
    q = {(Path(r["input_name"]).name, r["record_number"]): r["reason"]
         for r in table(tmp_path / "lake", "quarantine").to_pylist()}
    assert q == {("arr.json", 2): "not_an_object", ("rows.csv.gz", 2): "empty_text",
                 ("notes.pdf", None): "unsupported_format"}
    arts = table(tmp_path / "lake", "articles").to_pylist()
    by_title = {a["title"]: a for a in arts}
    assert set(by_title) == {"One", None, "Rate rise", "Convoy attacked", "Talks in Keld", "Water cannon used"}
    assert by_title["Rate rise"]["published_date"] == dt.date(2024, 5, 2)
    assert by_title["Talks in Keld"]["text"].startswith("The ministers met in Keld.")
    assert by_title["Convoy attacked"]["text"] == TEXTS[3]
    assert by_title["Water cannon used"]["text"].startswith("Police in the capital")
    assert report.accepted == 6 and report.quarantined == 3


def test_missing_input_glob_and_configured_sources(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    jsonl(inbox / "day1.jsonl", [{"text": TEXTS[0]}])
    cfg_file = tmp_path / "evw.toml"
    cfg_file.write_text('[[sources]]\nname = "inbox"\npath = "inbox/*.jsonl"\nsource_name = "Wire"\n\n'
                        '[[sources]]\nname = "off"\npath = "nowhere/*.jsonl"\nenabled = false\n'
                        '\n[ingest]\nmax_record_bytes = 100000\n')
    cfg = load_config(cfg_file)
    report = ingest([], tmp_path / "lake", cfg)  # no inputs: all enabled sources
    assert report.accepted == 1 and report.inputs == ["inbox"]
    assert table(tmp_path / "lake", "articles").column("source_name").to_pylist() == ["Wire"]
    jsonl(inbox / "day2.jsonl", [{"text": TEXTS[1]}])
    second = ingest([], tmp_path / "lake", cfg, sources=["inbox"])
    assert (second.accepted, second.duplicates) == (1, 1)
    empty = ingest([], tmp_path / "lake", cfg, sources=["off"])
    assert empty.records_read == 0 and empty.notes["glob_matched_nothing"] == 1
    missing = ingest([str(tmp_path / "nope.jsonl")], tmp_path / "lake")
    assert dict(missing.reasons) == {"input_not_found": 1}
    with pytest.raises(ConfigError, match="unknown source"):
        run_ingest([], lake=tmp_path / "lake", config=cfg, sources=["typo"], progress=False)
    bad = tmp_path / "bad.toml"
    bad.write_text("[ingest]\nnear_duplicate_treshold = 0.5\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        run_ingest([str(inbox)], lake=tmp_path / "lake", config=load_config(bad), progress=False)


def test_memory_spill_keeps_one_file_per_day(tmp_path: Path) -> None:
    records = [{"id": f"r{i}", "text": f"Story number {i}. " + TEXTS[i % 4] + f" Reference {i * 7919}.",
                "published": f"2024-03-0{1 + i % 3}"} for i in range(60)]
    src = jsonl(tmp_path / "many.jsonl", records)
    cfg = Config(raw={"ingest": {"flush_bytes": 3000, "flush_rows": 1000}})
    report = ingest([str(src)], tmp_path / "lake", cfg)
    assert report.accepted + report.duplicates == 60
    files = list(list_files(tmp_path / "lake", "articles"))
    assert sorted(f.day.day for f in files) == [1, 2, 3]
    assert sum(pq.read_metadata(f.path).num_rows for f in files) == report.accepted
    assert not (tmp_path / "lake" / "_ingest_state" / "scratch" / report.run_id).exists()
    # fingerprints are committed: a re-run knows every article
    assert ingest([str(src)], tmp_path / "lake", cfg).accepted == 0


def test_cli_command(tmp_path: Path) -> None:
    import typer

    app = typer.Typer()
    app.command("ingest")(ingest_command)
    app.command("noop")(lambda: None)
    src = jsonl(tmp_path / "in.jsonl", [{"text": TEXTS[0]}, b"{oops"])
    result = CliRunner().invoke(app, ["ingest", str(src), "--lake", str(tmp_path / "lake"), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "2 records read: 1 accepted, 0 duplicates, 1 quarantined" in result.output
    assert "malformed_json" in result.output
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "missing.jsonl"), "--lake", str(tmp_path / "l2")])
    assert result.exit_code == 2 and "input not found" in result.output


def test_evw_ingest_is_registered() -> None:
    out = subprocess.run([str(REPO / ".venv" / "bin" / "evw"), "ingest", "--help"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "--source" in out.stdout and "--lake" in out.stdout


@pytest.mark.slow
def test_worker_processes_give_the_same_result(tmp_path: Path) -> None:
    records: list[Any] = [{"text": TEXTS[i % 4] + f" Update number {i // 4}.", "published": "2024-01-02"}
                          for i in range(300)]
    records += [b"{broken", {"text": TEXTS[0] + " Update number 0."}]
    src = jsonl(tmp_path / "w.jsonl", records)
    one = ingest([str(src)], tmp_path / "one")
    two = ingest([str(src)], tmp_path / "two", Config(raw={"ingest": {"workers": 2}}))
    assert (one.accepted, one.duplicates, one.near_duplicates, dict(one.reasons)) == \
        (two.accepted, two.duplicates, two.near_duplicates, dict(two.reasons))
    cols = ["article_id", "text", "duplicate_of", "published_at"]
    assert table(tmp_path / "one", "articles").select(cols).to_pylist() == \
        table(tmp_path / "two", "articles").select(cols).to_pylist()
