"""PETRARCH discard lists: sentence-level and + story-level phrases; conversion into controls.yaml."""

from __future__ import annotations

from pathlib import Path

from transforms.events.controls import parse_controls
from transforms.petrarch.build import _bundled_controls
from transforms.petrarch.convert import convert_discards
from transforms.petrarch.discards import read_discards


def test_discards_read_and_convert(tmp_path: Path) -> None:
    p = tmp_path / "x.discards.txt"
    p.write_text("# c\nMONTHS LATER\n+Golf_Open   # story\n", encoding="utf-8")
    d = read_discards(p)
    assert [(e.phrase, e.story) for e in d.entries] == [("MONTHS LATER", False), ("Golf Open", True)]
    text, issues = convert_discards([d], _bundled_controls().read_text(encoding="utf-8"), replace=True)
    ctl = parse_controls(text)
    assert set(ctl.discard_phrases) == {"months", "golf"}
    assert issues.counts["story-level discard (+) applied per sentence"] == 1
    merged, _ = convert_discards([d], _bundled_controls().read_text(encoding="utf-8"), replace=False)
    assert "world" in parse_controls(merged).discard_phrases
