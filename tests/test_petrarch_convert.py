"""Conversion to our formats (patterns, actor TSVs) and `evw dictionaries check|convert`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from transforms.actors.dictionary import load_dictionaries
from transforms.events.patterns import load_book
from transforms.petrarch.build import Inputs, convert_to

VERBS = """&ARMY
+SOLDIERS
+TROOPS

--- CONDEMN [111] ---
CONDEMN
DENOUNCE
- * (AGAINST +) [112]
- % * [036]
- * &ARMY [1123]
- NOT * [111]
- * WITH + [---]

--- MEET [040:040] ---
MEET {MET}
"""
ACTORS = "NORTHLAND [NRT]\n+NORTHLANDER\nNORTH_GUARD [NRTMIL]\nJANE_EXAMPLE_\n\t[NRTGOV >20100101]\n\t[NRTELI]\n"
AGENTS = "ENVOY [~GOV]\nRIGHTS_BODY [NGO~]\n"


def files(tmp: Path) -> list[Path]:
    out = []
    for name, text in (("t.verbs.txt", VERBS), ("t.actors.txt", ACTORS), ("t.agents.txt", AGENTS)):
        (tmp / name).write_text(text, encoding="utf-8")
        out.append(tmp / name)
    return out


def test_convert_writes_loadable_files_and_counts_what_is_lost(tmp_path: Path) -> None:
    v, a, g = files(tmp_path)
    built = convert_to(Inputs((v,), (a,), (g,), (), replace=True), tmp_path / "out")
    pat = (tmp_path / "out" / "patterns" / "verbs_zz_petrarch.pat").read_text(encoding="utf-8")
    assert "111  condemn  # petrarch:t.verbs.txt:6" in pat
    assert "112  condemn [against]" in pat and "{PETR_ARMY}" in pat
    assert "036" not in pat  # `% * [036]` has the bare verb's pattern id (flags are not part of ids)
    book = load_book(built.patterns_dir)
    assert {"verb:condemn", "verb:meet", "verb:condemn{PETR_ARMY}"} <= {p.pattern_id for p in book.all_patterns()}
    assert built.report["pattern_sources"]["verb:condemn[against]"] == "petrarch:t.verbs.txt:8"
    uns = built.report["unsupported"]
    assert uns["duplicate of an earlier pattern (first kept)"]["count"] == 2
    assert uns["pattern not expressible: words before the verb (subject-side or auxiliary words)"]["count"] == 1
    assert uns["null-code pattern [---] (blocks coding in PETRARCH) not expressible"]["count"] == 1
    assert uns["paired code [a:b]: only the first event is coded"]["first"] == "t.verbs.txt:15"
    assert uns["prefix agent code [CODE~] (put before the country) not expressible"]["count"] == 1
    d = load_dictionaries(built.actor_files)
    assert d.countries["northlander"].country == "NRT" and d.organisations["north guard"].code == "NRTMIL"
    roles = d.people["jane example"].roles
    assert [(r.code, r.start) for r in roles][-1][0] == "NRTGOV" and roles[0].code == "NRTELI"
    assert d.agents["envoys"].agent == "GOV"


def test_cli_check_and_convert(tmp_path: Path) -> None:
    from warehouse.cli import _register, app

    _register("dictionaries", "warehouse.dictionaries_cli", "dictionaries_command")
    paths = [str(p) for p in files(tmp_path)]
    runner = CliRunner()
    res = runner.invoke(app, ["dictionaries", "check", *paths])
    assert res.exit_code == 0, res.output
    assert "t.verbs.txt (verbs, utf-8): 2 verb blocks" in res.output and "not expressible" in res.output
    out = tmp_path / "conv"
    res = runner.invoke(app, ["dictionaries", "convert", "--from", "petrarch", *paths, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "report.json").is_file() and (out / "patterns" / "classes.txt").is_file()
    (tmp_path / "bad.verbs.txt").write_text("--- A [010] ---\nA\n- * (X [010]\n", encoding="utf-8")
    res = runner.invoke(app, ["dictionaries", "check", str(tmp_path / "bad.verbs.txt")])
    assert res.exit_code == 1 and "bad.verbs.txt:3:" in res.output
