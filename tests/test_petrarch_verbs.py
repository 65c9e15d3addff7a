"""PETRARCH verb dictionary reader: blocks, codes, synsets, markers, compound verbs, sections, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.petrarch.reader import PetrarchError
from transforms.petrarch.verbs import read_verbs

SHARED = Path(__file__).resolve().parents[2] / "shared" / "petrarch" / "dictionaries"

SAMPLE = """<!-- a synthetic verb file -->
####### SYNONYM SETS #######
&TROOPS_
+SOLDIERS
+ARMED_UNITS

####### VERB PATTERNS #######
--- PRAISE [051] ---
PRAISE {PRAISED}
HAIL
+STEP_DOWN [0000]
- * (WITH +) [051:051]   # paired
- % * [057]
- * &TROOPS [---]
- NOT * [111]

####### TRANSFORMATIONS #######
~ a (a b ATTACK) SAY = a b 015
"""


def write(tmp: Path, text: str, name: str = "x.verbs.txt") -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


def test_blocks_synsets_patterns_and_sections(tmp_path: Path) -> None:
    v = read_verbs(write(tmp_path, SAMPLE))
    assert v.sections == ["SYNONYM SETS", "VERB PATTERNS", "TRANSFORMATIONS"]
    assert v.synsets["TROOPS"].no_plural and v.synsets["TROOPS"].phrases == [("SOLDIERS",), ("ARMED", "UNITS")]
    (b,) = v.blocks
    assert (b.name, b.code) == ("PRAISE", "051")
    assert [x.word for x in b.verbs] == ["PRAISE", "HAIL", "STEP"]
    assert b.verbs[0].forms == ("PRAISED",) and b.verbs[2].after == ("DOWN",) and b.verbs[2].code == "0000"
    assert [p.code for p in b.patterns] == ["051:051", "057", "---", "111"]
    assert b.patterns[0].lower == ("(", "WITH", "+", ")") and b.patterns[1].upper == ("%",)
    assert b.patterns[2].lower == ("&TROOPS",)
    assert len(v.transformations) == 1 and v.transformations[0][1].endswith(":18")


def test_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = write(tmp_path, "--- A [010] ---\nA\n- * (WITH + [051]\n")
    with pytest.raises(PetrarchError, match=r"x.verbs.txt:3: unbalanced"):
        read_verbs(bad)
    errs: list[str] = []
    v = read_verbs(bad, errs)
    assert errs and errs[0].startswith("x.verbs.txt:3:") and v.patterns == 0
    with pytest.raises(PetrarchError, match=r":1: pattern before any verb block"):
        read_verbs(write(tmp_path, "- * X [010]\n"))
    with pytest.raises(PetrarchError, match="exactly one `\\*`"):
        read_verbs(write(tmp_path, "--- A [010] ---\nA\n- X Y [010]\n"))


@pytest.mark.skipif(not (SHARED / "CAMEO.2.0.txt").is_file(), reason="../shared/petrarch absent")
def test_cameo_2_0_counts() -> None:
    errs: list[str] = []
    v = read_verbs(SHARED / "CAMEO.2.0.txt", errs)
    assert len(v.blocks) == 397 and v.patterns + len(errs) == 4668
    assert v.sections == ["SYNONYM SETS", "VERB PATTERNS", "TRANSFORMATIONS"]
