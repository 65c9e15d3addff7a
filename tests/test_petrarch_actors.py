"""PETRARCH actor dictionary reader: primary names, + synonyms, date restrictions, comments, latin-1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from transforms.petrarch.actors import parse_date, read_actors
from transforms.petrarch.convert import periods
from transforms.petrarch.reader import PetrarchError

SHARED = Path(__file__).resolve().parents[2] / "shared" / "petrarch" / "dictionaries"

SAMPLE = """# synthetic
<!-- a
multi-line comment -->
NORTHLAND [NRT]  # a comment
+NORTHLANDER
+NORTH_LAND
JANE_Q_EXAMPLE_
\t[NRTGOV >20100101]
\t[NRTELI <20091231]
\t[NRT]
OLD_BOSS ; legacy comment
\t[NRTGOV 990101-050630]
"""


def test_names_synonyms_and_dates(tmp_path: Path) -> None:
    p = tmp_path / "x.actors.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    a = read_actors(p)
    nrt, jane, boss = a.entries
    assert nrt.names == ["NORTHLAND", "NORTHLANDER", "NORTH LAND"] and nrt.code == "NRT"
    assert jane.code is None and [(r.code, r.start, r.end) for r in jane.restrictions] == [
        ("NRTGOV", dt.date(2010, 1, 1), None), ("NRTELI", None, dt.date(2009, 12, 31)), ("NRT", None, None)]
    assert boss.restrictions[0].start == dt.date(1999, 1, 1) and boss.restrictions[0].end == dt.date(2005, 6, 30)
    assert a.phrases == 5 and a.dated == 2 and a.encoding == "utf-8"


def test_two_digit_years_and_errors(tmp_path: Path) -> None:
    assert parse_date("300101", "f:1") == dt.date(2030, 1, 1) and parse_date("310101", "f:1") == dt.date(1931, 1, 1)
    p = tmp_path / "bad.actors.txt"
    p.write_text("A [AAA]\n\t[AAAGOV 2004017-20050101]\n", encoding="utf-8")
    with pytest.raises(PetrarchError, match=r"bad.actors.txt:2: bad date '2004017'"):
        read_actors(p)
    p.write_text("+SYN\n", encoding="utf-8")
    with pytest.raises(PetrarchError, match=r":1: synonym"):
        read_actors(p)


def test_latin1_fallback(tmp_path: Path) -> None:
    p = tmp_path / "l.actors.txt"
    p.write_bytes("K\xd6LN [DEU]\n".encode("latin-1"))
    a = read_actors(p)
    assert a.encoding == "latin-1" and a.entries[0].names == ["KÖLN"]


def test_periods_first_listed_wins_and_default_fills() -> None:
    from transforms.petrarch.actors import Restriction

    r = [Restriction("AGOV", dt.date(2000, 1, 1), dt.date(2004, 12, 31), "f:1"),
         Restriction("AELI", dt.date(2003, 1, 1), dt.date(2006, 1, 1), "f:2")]
    got = periods(r, "A")
    assert got == [("A", None, dt.date(2000, 1, 1)), ("AGOV", dt.date(2000, 1, 1), dt.date(2005, 1, 1)),
                   ("AELI", dt.date(2005, 1, 1), dt.date(2006, 1, 2)), ("A", dt.date(2006, 1, 2), None)]


@pytest.mark.skipif(not (SHARED / "Phoenix.Countries.actors.txt").is_file(), reason="../shared/petrarch absent")
def test_phoenix_countries_reads_with_few_skipped_lines() -> None:
    errs: list[str] = []
    a = read_actors(SHARED / "Phoenix.Countries.actors.txt", errs)
    assert len(a.entries) > 15_000 and a.dated > 10_000 and len(errs) < 10
    assert all(":" in e.split(" ")[0] for e in errs)
