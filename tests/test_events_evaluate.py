"""`evw eval`: gold readers, scoring arithmetic, PLOVER mapping, and the command end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transforms.events.evaluate import Predicted, plover_mapper, score
from transforms.events.gold import (
    GoldError,
    GoldEvent,
    GoldSentence,
    read_cameo_to_plover,
    read_petrarch_gsr,
    read_plover,
    read_team_gold,
)


def _g(*events: tuple[str, str, str]) -> GoldSentence:
    return GoldSentence("s", "text", None, [GoldEvent(*e) for e in events])


def test_scoring_counts_per_level_and_root() -> None:
    gold = [_g(("RUSGOV", "USAGOV", "036")), _g(("ISRMIL", "PSE", "190")), _g()]
    pred = [
        [Predicted("RUSGOV", "USAGOV", "0356", False, False)],  # right root, wrong full code
        [Predicted("ISR", "PSE", "190", False, False), Predicted("ISR", "PSE", "111", False, True)],
        [Predicted("FRA", "DEU", "040", False, False)],  # an event where gold has none
    ]
    r = score("t", gold, pred)
    root = r.levels["root + dyad (country)"]
    assert (root.tp, root.fp, root.fn) == (2, 1, 0)
    assert root.precision == pytest.approx(2 / 3) and root.recall == 1.0
    agent = r.levels["root + dyad (country+agent)"]
    assert (agent.tp, agent.fp, agent.fn) == (1, 2, 1)
    full = r.levels["full code + dyad (country)"]
    assert (full.tp, full.fp, full.fn) == (1, 2, 1)
    assert r.per_root["04"].fp == 1 and r.per_root["03"].tp == 1


def test_one_sided_predictions_are_always_scored() -> None:
    pred = [[Predicted("USA", None, "085", False, False)]]
    # against a gold dyad: a false positive (and the dyad a miss), noted as "target missed"
    dyadic = score("t", [_g(("USA", "RUS", "085"))], pred)
    root = dyadic.levels["root + dyad (country)"]
    assert (root.tp, root.fp, root.fn) == (0, 1, 1)
    assert (dyadic.one_sided, dyadic.one_sided_matched, dyadic.one_sided_target_missed) == (1, 0, 1)
    assert (dyadic.dyads_only.tp, dyadic.dyads_only.fp, dyadic.dyads_only.fn) == (0, 0, 1)
    # against a one-sided gold event: a true positive
    one_sided = score("t", [GoldSentence("s", "t", None, [GoldEvent("USA", None, "085")])], pred)
    assert one_sided.levels["root + dyad (country)"].tp == 1
    assert one_sided.one_sided_matched == 1
    # with no gold event at all: a false positive, neither matched nor a missed target
    empty = score("t", [_g()], pred)
    assert empty.levels["root + dyad (country)"].fp == 1
    assert (empty.one_sided_matched, empty.one_sided_target_missed) == (0, 0)
    # a one-sided prediction next to the right dyad: the dyad counts, the one-sided one is an extra
    both = score("t", [_g(("USA", "RUS", "085"))],
                 [[Predicted("USA", "RUS", "085", False, False), Predicted("USA", None, "085", False, False)]])
    assert (both.levels["root + dyad (country)"].tp, both.levels["root + dyad (country)"].fp) == (1, 1)


def test_team_gold_reads_one_sided_events(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    row = {"id": "x", "text": "Russia ordered a partial mobilisation.", "date": "2022-09-21",
           "events": [{"source": "RUS", "target": None, "code": "154"}], "note": "15: one-sided"}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (g,) = read_team_gold(path)
    assert g.events == [GoldEvent("RUS", None, "154")]


def test_negated_and_hypothetical_are_checked_separately() -> None:
    g = GoldSentence("s", "t", None, [], negated=[GoldEvent("USA", "RUS", "085")])
    r = score("t", [g], [[Predicted("USA", "RUS", "085", True, False)]])
    assert (r.negated_found, r.negated_total) == (1, 1)
    assert r.levels["root + dyad (country)"].fp == 0


def test_team_gold_reader_rejects_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "g.jsonl"
    p.write_text('{"id": "a", "text": "x", "events": []}\n{"text": 3}\n')
    with pytest.raises(GoldError, match=r"^g.jsonl:2: need an object"):
        read_team_gold(p)


def test_shared_gold_files_parse(shared_dir: Path) -> None:
    petr = read_petrarch_gsr(shared_dir / "petrarch" / "records" / "PETR2_GSR_validation.xml")
    assert len(petr) == 78
    assert petr[0].events == [GoldEvent("USA", "CHN", "042")]
    plover = read_plover(shared_dir / "plover" / "PLOVER_GSR_CAMEO.txt")
    assert len(plover) > 300 and all(s.events for s in plover)
    crosswalk = read_cameo_to_plover(shared_dir / "cameo" / "CAMEO2PLOVER-2021.txt")
    to_plover = plover_mapper(crosswalk)
    assert (to_plover("036"), to_plover("0841"), to_plover("195"), to_plover("0231")) == (
        "AGREE", "RETREAT", "ASSAULT", "REQUEST")


@pytest.mark.slow
def test_evw_eval_command(tmp_path: Path) -> None:
    from warehouse.cli import EXTRA_COMMANDS, _register, app

    for name, module, attr in EXTRA_COMMANDS:
        if name == "eval":
            _register(name, module, attr)
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "1", "text": "Russia condemned Ukraine.", "date": "2020-01-01",
         "events": [{"source": "RUS", "target": "UKR", "code": "111"}]},
        {"id": "2", "text": "Argentina beat France on penalties.", "date": "2022-12-18", "events": []},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    errors = tmp_path / "errors.txt"
    result = CliRunner().invoke(app, ["eval", str(gold), "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    assert "root + dyad (country)" in result.output and "1.000" in result.output
    assert errors.exists()
