"""`evw eval-actors`: gold loading, alignment by text overlap, P/R/F1 at country and country+agent level."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from transforms.actors.evaluate import (
    Counts,
    GoldActor,
    GoldSentence,
    code_keys,
    load_gold,
    load_plover,
    score,
)
from transforms.model import ActorMention


def mention(text: str, sentence: str, code: str | None) -> ActorMention:
    start = sentence.index(text)
    return ActorMention(0, 1, start, start + len(text), text, code, code[:3] if code else None, None)


def test_code_keys() -> None:
    assert code_keys("RUSGOV") == ("RUS", ("RUS", "GOV"))
    assert code_keys("USAGOVMIL") == ("USA", ("USA", "GOV"))
    assert code_keys("IGOUNO") == ("IGO", ("IGO", None))
    assert code_keys("PSEREBHMS") == ("PSE", ("PSE", "REB"))
    assert code_keys("JAP", "GOV") == ("JPN", ("JPN", "GOV"))  # PLOVER typo mapped to ISO
    assert code_keys("USA", "JRN") == ("USA", ("USA", "MED"))
    assert code_keys(None) == (None, (None, None))


def test_counts() -> None:
    c = Counts(tp=8, fp=2, fn=8)
    assert (round(c.precision, 3), round(c.recall, 3), round(c.f1, 3)) == (0.8, 0.5, 0.615)
    assert Counts().f1 == 0.0


def test_score_counts_agent_and_country_errors_and_extras() -> None:
    text = "Russian officials met Syrian rebels near Aleppo."
    gold = GoldSentence("s1", text, None,
                        (GoldActor("Russian officials", "RUSGOV"), GoldActor("Syrian rebels", "SYRREB")))
    preds = [mention("Russian officials", text, "RUSGOV"), mention("Syrian rebels", text, "SYROPP"),
             mention("Aleppo", text, "SYR"), mention("met", text, None)]
    s = score("t", [gold], [preds], only_gold_spans=False)
    assert (s.country.tp, s.country.fp, s.country.fn) == (2, 1, 0)  # Aleppo is an extra
    assert (s.agent.tp, s.agent.fp, s.agent.fn) == (1, 2, 1)  # wrong agent on the rebels + the extra
    assert any("extra 'Aleppo'" in e for e in s.errors)


def test_plover_mode_ignores_predictions_outside_gold_spans() -> None:
    text = "Israel attacked Hamas in Gaza."
    gold = GoldSentence("p1", text, None, (GoldActor("Israel", "ISR", "MIL"),))
    preds = [mention("Israel", text, "ISR"), mention("Hamas", text, "PSEREBHMS")]
    s = score("p", [gold], [preds], only_gold_spans=True)
    assert (s.country.tp, s.country.fp, s.country.fn) == (1, 0, 0)
    assert (s.agent.tp, s.agent.fp, s.agent.fn) == (0, 1, 1)


def test_load_gold_reports_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "g.jsonl"
    p.write_text(
        json.dumps({"id": "a", "text": "Russia spoke.", "date": "2020-01-01",
                    "actors": [{"text": "Russia", "code": "RUS"}]}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "text": "x", "date": "2020-13-01", "actors": []}) + "\n",
        encoding="utf-8",
    )
    sentences, bad = load_gold(p)
    assert [s.id for s in sentences] == ["a"]
    assert [b.split(":")[1] for b in bad] == ["2", "3"]
    assert all(b.startswith("g.jsonl:") for b in bad)


def test_load_plover_reads_the_shared_file(shared_dir: Path) -> None:
    records = load_plover(shared_dir / "plover" / "PLOVER_GSR_CAMEO.txt")
    assert len(records) > 300
    first = records[0]
    assert first.actors and all(a.code for a in first.actors)


def test_cli_runs_on_a_small_gold_file(tmp_path: Path, actors_nlp: object) -> None:
    from warehouse.cli import EXTRA_COMMANDS, _register, app

    for name, module, attr in EXTRA_COMMANDS:
        if name == "eval-actors":
            _register(name, module, attr)
    p = tmp_path / "g.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "Turkish police detained protesters.", "date": "2013-06-01",
                             "actors": [{"text": "Turkish police", "code": "TURCOP"},
                                        {"text": "protesters", "code": "TUROPP"}]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval-actors", "--gold", str(p), "--skip-plover"])
    assert result.exit_code == 0, result.output
    assert "country+agent" in result.output and "1.000" in result.output
