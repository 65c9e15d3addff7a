"""`evw eval PETR.UnitTest.records.xml --kind petrarch-unit`: reads the suite and its environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.events.evaluate import guess_kind
from transforms.events.evaluate_petrarch import read_unit_records

RECORDS = Path(__file__).resolve().parents[2] / "shared" / "petrarch" / "records" / "PETR.UnitTest.records.xml"


@pytest.mark.skipif(not RECORDS.is_file(), reason="../shared/petrarch absent")
def test_reads_environment_and_records() -> None:
    env, records = read_unit_records(RECORDS)
    assert sorted(env) == ["actors", "agents", "discards", "verbs"]
    assert env["verbs"].name == "PETR.Validate.verbs.txt" and env["verbs"].is_file()
    assert len(records) == 284
    demo = records[0]
    assert demo.id == "DEMO-00" and demo.expected == {("ARN", "GON", "064")} and demo.date is not None
    assert {r.category for r in records} >= {"DEMO", "ACTOR", "AGENT", "SYNSET", "ERROR"}
    assert any(r.excluded for r in records) and sum(1 for r in records if not r.expected) >= 19
    assert guess_kind(RECORDS) == "petrarch-unit"


@pytest.mark.slow
@pytest.mark.skipif(not RECORDS.is_file(), reason="../shared/petrarch absent")
def test_unit_suite_runs() -> None:
    from transforms.events.evaluate_petrarch import evaluate_unit

    report = evaluate_unit(RECORDS)
    assert report.total("records") == 284 and report.total("exact") >= 100


def test_error_records_expect_nothing(tmp_path: Path) -> None:
    """`<EventCoding error="storydiscard">`: PETRARCH codes nothing; the record is scored as `noevents`."""
    (tmp_path / "r.xml").write_text(
        '<Validation><Sentence date="19950101" id="DISCARD-01" category="ERROR">'
        '<EventCoding error="storydiscard"></EventCoding><Text>A typhoon hit.</Text></Sentence>'
        '<Sentence date="19950101" id="DEMO-00" category="DEMO">'
        '<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding><Text>x</Text></Sentence>'
        '</Validation>', encoding="utf-8")
    _, records = read_unit_records(tmp_path / "r.xml")
    assert records[0].expected == frozenset() and records[0].error == "storydiscard"
    assert records[1].expected == {("ARN", "GON", "064")} and records[1].error is None
