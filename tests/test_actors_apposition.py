"""An unknown person takes the code of its apposition (`X, a spokesperson for the White House,`);
known people and appositions with no role or actor are left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

pytestmark = pytest.mark.slow

DAY = dt.date(2019, 9, 20)


def codes(nlp: Language, text: str) -> dict[str, str | None]:
    doc = nlp.make_doc(text)
    doc._.event_date = DAY
    return {a.text: a.code for a in nlp(doc)._.actors}


def test_role_and_actor_in_the_apposition(actors_nlp: Language) -> None:
    got = codes(actors_nlp, "Kristina Baum, a spokesperson for the White House, declined to comment.")
    assert got["Kristina Baum"] == "USAGOV"


def test_role_and_place_in_the_apposition(actors_nlp: Language) -> None:
    got = codes(actors_nlp, "Ali Alghasi Mehr, the prosecutor general of Tehran, said the suspects must face charges.")
    assert got["Ali Alghasi Mehr"] == "IRNJUD"


def test_international_body_keeps_its_code(actors_nlp: Language) -> None:
    got = codes(actors_nlp, "Stephane Dujarric, a spokesman for the United Nations, said the talks would resume.")
    assert got["Stephane Dujarric"] == "IGOUNO"


def test_apposition_without_role_or_actor(actors_nlp: Language) -> None:
    got = codes(actors_nlp, "Kristina Baum, a longtime resident, declined to comment.")
    assert got.get("Kristina Baum") is None
