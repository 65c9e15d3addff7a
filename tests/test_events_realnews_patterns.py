"""Verb and noun families added for real news (coder 0.4.0), each shown firing and not firing:
impeach, bans, missiles fired at someone, money given, readiness to contribute, releases, tariffs,
attributions, appeals, legal action, phone calls, joining a bloc, refusals of offers; telling the media
is a report, not a demand."""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_events_support import code

pytestmark = pytest.mark.slow


def roots(nlp: Language, text: str, actors: list[tuple[str, str]]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source.code if e.source else None, e.target.code if e.target else None, e.event_code)
            for e in code(nlp, text, actors) if not e.is_negated and not e.is_hypothetical}


CASES = [
    # (text, actors, the expected (source, target, code))
    ("The House of Representatives impeached President Trump.",
     [("House of Representatives", "USALEG"), ("President Trump", "USAGOV")], ("USALEG", "USAGOV", "112")),
    ("The United States announced new restrictions on flights to Cuba.", [("United States", "USA"), ("Cuba", "CUB")],
     ("USA", "CUB", "163")),
    ("Iran launched missiles targeting US troops.", [("Iran", "IRN"), ("US troops", "USAMIL")],
     ("IRN", "USAMIL", "195")),
    ("Germany provided 6 million euros to Jordan.", [("Germany", "DEU"), ("Jordan", "JOR")], ("DEU", "JOR", "071")),
    ("Egypt let free the activist.", [("Egypt", "EGY"), ("activist", "EGYOPP")], ("EGY", "EGYOPP", "0841")),
    ("Japan cut tariffs on U.S. farm goods.", [("Japan", "JPN"), ("U.S.", "USA")], ("JPN", "USA", "085")),
    ("The minister attributed the bombing to Houthi rebels.", [("minister", "YEMGOV"), ("Houthi rebels", "YEMREBHTI")],
     ("YEMGOV", "YEMREBHTI", "112")),
    ("The European Commission launched legal action against Poland.", [("European Commission", "IGOEUREEC"),
                                                                      ("Poland", "POL")], ("IGOEUREEC", "POL", "115")),
    ("Benin joined the trade bloc of the African Union.", [("Benin", "BEN"), ("African Union", "IGOAFRAFU")],
     ("BEN", "IGOAFRAFU", "057")),
    ("Zelensky declined the offer from Russia.", [("Zelensky", "UKRGOV"), ("Russia", "RUS")], ("UKRGOV", "RUS", "120")),
    ("Trump told Iran to stop its nuclear program.", [("Trump", "USAGOV"), ("Iran", "IRN")], ("USAGOV", "IRN", "100")),
]


@pytest.mark.parametrize(("text", "actors", "want"), CASES, ids=[c[0][:40] for c in CASES])
def test_family_fires(nlp: Language, text: str, actors: list[tuple[str, str]], want: tuple[str, str, str]) -> None:
    got = roots(nlp, text, actors)
    assert want in got, got


NOT_CASES = [
    ("North Korea test-fired a missile.", [("North Korea", "PRK")], "195"),  # a test, not an attack (150)
    ("Germany spent 6 million euros on its own schools.", [("Germany", "DEU")], "071"),  # no recipient, no giving verb
    ("The rebels tried to storm the parliament.", [("rebels", "SYRREB"), ("parliament", "SYRLEG")], "173"),  # no trial
    ("Japan cut the ribbon at the new embassy.", [("Japan", "JPN")], "085"),  # not a tariff
    ("The prosecutor told reporters the assessments will be carried out.",  # the media hear a report
     [("prosecutor", "POLJUD"), ("reporters", "POLMED")], "100"),
]


@pytest.mark.parametrize(("text", "actors", "code_"), NOT_CASES, ids=[c[0][:40] for c in NOT_CASES])
def test_family_does_not_fire(nlp: Language, text: str, actors: list[tuple[str, str]], code_: str) -> None:
    assert all(c != code_ for _, _, c in roots(nlp, text, actors))
