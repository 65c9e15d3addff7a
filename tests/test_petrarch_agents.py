"""PETRARCH agent dictionary reader: {PLURAL}, {} (no plural), [~CODE] and [CODE~], !SUBST! markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.petrarch.agents import read_agents, regular_plural
from transforms.petrarch.reader import PetrarchError


def test_plurals_codes_and_substitutions(tmp_path: Path) -> None:
    p = tmp_path / "x.agents.txt"
    p.write_text("!PERSON! = MAN, WOMAN\nPOLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\n"
                 "ENVOY [~GOV] # c\nRIGHTS_BODY [NGO~]\nCONGRESS!PERSON! [~LEG]\nEMBASSY [~GOV]\n", encoding="utf-8")
    a = read_agents(p)
    by = {e.phrase: e for e in a.entries}
    assert by["POLICE"].plurals == () and by["ATTORNEY GENERAL"].plurals == ("ATTORNEYS GENERAL",)
    assert by["ENVOY"].plurals == ("ENVOYS",) and by["EMBASSY"].plurals == ("EMBASSIES",)
    assert by["RIGHTS BODY"].prefix and by["RIGHTS BODY"].code == "NGO"
    assert {"CONGRESSMAN", "CONGRESSWOMAN"} <= set(by) and by["CONGRESSMAN"].code == "LEG"
    assert regular_plural("PRESS") == "PRESSES"


def test_errors(tmp_path: Path) -> None:
    p = tmp_path / "bad.agents.txt"
    p.write_text("OK [~GOV]\nBROKEN [~GOV}\n", encoding="utf-8")
    with pytest.raises(PetrarchError, match=r"bad.agents.txt:2:"):
        read_agents(p)
    errs: list[str] = []
    assert len(read_agents(p, errs).entries) == 1 and len(errs) == 1
    p.write_text("X [GOV]\n", encoding="utf-8")
    with pytest.raises(PetrarchError, match="needs a `~`"):
        read_agents(p)
