"""Issue 17, the whole chain: hostile records through ingest -> extract -> load (the real spaCy model),
with and without an interruption at a random point.

Properties, for any list of records (bad and historical dates -- 1945, 1800, year 9999, epoch numbers
--, lone surrogates, empty and huge texts, duplicate ids and copies, other languages):
- every record is accounted for: accepted, duplicate or quarantined (or skipped);
- no load is ever blocked by a record: every load of the chain succeeds, and so does the next one;
- a chain interrupted anywhere in ingest, extract or load and then run again leaves the warehouse
  equal to a clean run's (table checksums; the ingest run ids, which differ per run, left out).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import duckdb
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from transforms import extract
from transforms.config import Config
from transforms.model import register_extensions
from warehouse.checksum import query_checksum
from warehouse.load import run_load

pytestmark = pytest.mark.slow

NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)  # every run's clock: fallback dates agree between runs
MAX_RECORD_BYTES = 20_000  # so that a "huge" text stays cheap to generate

ENGLISH = [
    "US President Gerald Ford met Soviet leader Leonid Brezhnev in Helsinki.",
    "Turkish police arrested dozens of protesters in Istanbul on Sunday.",
    "Russian Foreign Minister Sergei Lavrov met US Secretary of State John Kerry in Geneva.",
    "Israeli troops attacked Hamas positions in Gaza, the army said.",
    "The United Nations condemned the bombing of a hospital in Aleppo.",
]
FOREIGN = [
    "Der Bundeskanzler traf am Montag den französischen Präsidenten in Berlin zu Gesprächen über die Ukraine.",
    "Le président de la République a reçu le Premier ministre britannique à l'Élysée pour un entretien.",
    "El presidente del Gobierno se reunió con el rey en el Palacio de la Zarzuela para hablar de la crisis.",
]
DATES: list[Any] = ["1945-01-01", "1944-12-31", "1800-01-01", "9999-12-31", "1975-06-01", "1953-07-27T10:00:00Z",
                    0, -786_931_200, 1_450_173_600, 1.5e12, None, "not a date", "2026-03-03", "2026-03-20", True]


def _text(kind: str, i: int) -> str:
    if kind == "english":
        return ENGLISH[i % len(ENGLISH)]
    if kind == "foreign":
        return FOREIGN[i % len(FOREIGN)]
    if kind == "empty":
        return ["", "   ", "\n\n"][i % 3]
    if kind == "huge":
        return (ENGLISH[i % len(ENGLISH)] + " ") * (MAX_RECORD_BYTES // 40)
    return ENGLISH[i % len(ENGLISH)][:20] + "\ud800" + ENGLISH[i % len(ENGLISH)][20:]  # a lone surrogate


records = st.lists(
    st.fixed_dictionaries(
        {"id": st.sampled_from(["a", "b", "old", 7, None, None]),
         "published": st.sampled_from(DATES),
         "kind": st.sampled_from(["english", "english", "english", "foreign", "empty", "huge", "surrogate"]),
         "i": st.integers(0, 4),
         "title": st.sampled_from([None, "Talks", "Gespräche", "Talks \ud800 in Minsk"])}),
    min_size=1, max_size=7,
).flatmap(lambda rs: st.just(rs) | st.just(rs + rs[:1]))  # sometimes an exact copy of a record

#: where to interrupt: (step, n) -- the n-th file rename of ingest or extract, or the n-th phase of
#: the load (raised inside its transaction)
interruptions = st.tuples(st.sampled_from(["ingest", "extract", "load"]), st.integers(1, 5))


class Interrupted(BaseException):
    """A simulated crash (BaseException: no `except Exception` in the code under test swallows it)."""


@contextmanager
def interrupt_at(step: str, n: int, active: bool) -> Iterator[None]:
    if not active:
        yield
        return
    calls = {"n": 0}

    def counted(real: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == n:
                raise Interrupted(f"{step} interrupted at call {n}")
            return real(*args, **kwargs)
        return wrapper

    if step == "load":
        from warehouse import load

        with mock.patch.object(load._Phases, "__call__", counted(load._Phases.__call__)):
            yield
    else:
        with mock.patch("os.replace", counted(os.replace)), mock.patch("os.rename", counted(os.rename)):
            yield


def write_input(path: Path, recs: list[dict[str, Any]]) -> list[str]:
    lines = []
    for r in recs:
        rec: dict[str, Any] = {"text": _text(r["kind"], r["i"]), "published": r["published"]}
        if r["id"] is not None:
            rec["id"] = r["id"]
        if r["title"] is not None:
            rec["title"] = r["title"]
        lines.append(json.dumps(rec))  # ensure_ascii: a lone surrogate is written as \ud800
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def chain(inputs: list[str], lake: Path, wh: Path, cfg: Config, coder: extract.Coder,
          interruption: tuple[str, int] | None = None) -> dict[str, Any]:
    """ingest -> extract -> load; returns the reports, or stops at the interruption."""
    from transforms.ingest import run_ingest

    out: dict[str, Any] = {"interrupted": None}
    step_name, n = interruption or ("", 0)
    try:
        with interrupt_at("ingest", n, step_name == "ingest"):
            out["ingest"] = run_ingest(inputs, lake=lake, config=cfg, progress=False, now=NOW)
        with interrupt_at("extract", n, step_name == "extract"):
            out["extract"] = extract.run_extract(lake, cfg, progress=False, coder=coder)
        with interrupt_at("load", n, step_name == "load"):
            out["load"] = run_load(lake, wh, cfg, progress=False)
    except Interrupted as exc:
        out["interrupted"] = str(exc)
    return out


#: What a warehouse holds, as checksums: run ids (and the quarantine's raw rows of the load stage,
#: which carry them) left out; everything else compared.
CONTENT = {
    "articles": "SELECT * EXCLUDE (ingest_run_id) FROM articles",
    "event_mentions": "SELECT * FROM event_mentions",
    "events": "SELECT * FROM events",
    "quarantine": "SELECT stage, reason, input_name, record_number, language, quarantined_date, "
                  "CASE WHEN stage = 'load' THEN NULL ELSE raw_record END FROM quarantine",
    **{m: f"SELECT * FROM {m}" for m in ("daily_dyad_counts", "country_quad_daily", "monthly_dyad_goldstein",
                                          "top_dyads", "event_type_trends", "actor_activity", "events_one_a_day")},
}


def content(wh: Path) -> dict[str, tuple[int, str]]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return {name: query_checksum(con, sql) for name, sql in CONTENT.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def coder(nlp: Language) -> extract.Coder:
    """An extract Coder around the session's spaCy pipeline (tests/conftest.py), loaded once."""
    register_extensions()
    c = extract.Coder.__new__(extract.Coder)
    c.batch_size, c.max_batch_chars = extract.batch_limits(Config())
    c.nlp = nlp
    c.dictionary_version = extract.dictionary_version(nlp)
    return c


def _config(root: Path) -> Config:
    return Config(lake=root / "lake", warehouse=root / "w.duckdb",
                  raw={"ingest": {"max_record_bytes": MAX_RECORD_BYTES}})


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow, HealthCheck.data_too_large])
@given(recs=records, interruption=interruptions)
def test_hostile_records_and_interruptions(recs: list[dict[str, Any]], interruption: tuple[str, int],
                                           coder: extract.Coder) -> None:
    root = Path(tempfile.mkdtemp(prefix="evw-chain-"))
    try:
        inputs = [str(root / "input.jsonl")]
        lines = write_input(root / "input.jsonl", recs)

        clean_cfg = _config(root / "clean")
        clean = chain(inputs, clean_cfg.lake, clean_cfg.warehouse, clean_cfg, coder)
        assert clean["interrupted"] is None
        report = clean["ingest"]
        # every record accounted for
        assert report.records_read == len(lines)
        assert report.records_read == report.accepted + report.duplicates + report.quarantined + report.skipped
        con = duckdb.connect(str(clean_cfg.warehouse), read_only=True)
        try:
            articles = con.execute("SELECT count(*) FROM articles").fetchone()
            ingest_q = con.execute("SELECT count(*) FROM quarantine WHERE stage = 'ingest'").fetchone()
            published = [r[0] for r in con.execute("SELECT published_date FROM articles").fetchall()]
        finally:
            con.close()
        assert articles is not None and ingest_q is not None
        assert articles[0] + clean["load"].rows_quarantined + clean["load"].duplicates_dropped == report.accepted
        assert ingest_q[0] == report.quarantined + report.skipped
        assert all(dt.date(1945, 1, 1) <= d <= NOW.date() + dt.timedelta(days=2) for d in published)
        assert clean["load"].rows_quarantined == 0  # what ingest accepts, the warehouse accepts
        again = run_load(clean_cfg.lake, clean_cfg.warehouse, clean_cfg, progress=False)  # not blocked
        assert not again.changed

        cut_cfg = _config(root / "cut")
        first = chain(inputs, cut_cfg.lake, cut_cfg.warehouse, cut_cfg, coder, interruption)
        event(f"interrupted in {first['interrupted'].split()[0]}" if first["interrupted"] else "not interrupted")
        event(f"accepted {report.accepted}, duplicates {report.duplicates}, quarantined {report.quarantined}")
        rerun = chain(inputs, cut_cfg.lake, cut_cfg.warehouse, cut_cfg, coder)  # the next scheduled run
        assert rerun["interrupted"] is None, first
        assert content(cut_cfg.warehouse) == content(clean_cfg.warehouse), (interruption, first["interrupted"])
    finally:
        shutil.rmtree(root, ignore_errors=True)
