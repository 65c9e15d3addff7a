"""Unknown named people and organisations are kept (code None) with whatever context gives them."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

DAY = dt.date(2020, 1, 1)


def by_text(nlp: Language, text: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    doc = nlp.make_doc(text)
    doc._.event_date = DAY
    return {a.text: (a.code if a.has_country else None, a.country_code, a.agent_code) for a in nlp(doc)._.actors}


def test_unknown_person_kept_without_code(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Yusuf Karadeniz criticised the decision.")
    assert got["Yusuf Karadeniz"] == (None, None, None)


def test_unknown_person_with_country_and_role(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Syrian activist Yusuf Karadeniz criticised the decision.")
    assert got["Syrian activist Yusuf Karadeniz"] == ("SYROPP", "SYR", "OPP")


def test_unknown_person_with_title_takes_the_sentence_country(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Zambian farmers protested against President Levy Mwanawasa.")
    assert got["President Levy Mwanawasa"] == ("ZMBGOV", "ZMB", "GOV")


def test_unknown_organisation_kept(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "The Northern Farmers Cooperative Union filed a complaint.")
    assert any(code is None for code, _, _ in got.values()), got


def test_company_possessive_role(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Brazilian prosecutors charged the construction company's executives.")
    assert got["Brazilian prosecutors"][0] == "BRAJUD"
    # one role (`company's executives`, BUS); the prosecutors' country says nothing about the company
    assert got["company's executives"] == (None, None, "BUS")
    got = by_text(actors_nlp, "Prosecutors charged the Brazilian construction company's executives.")
    assert got["Brazilian construction company's executives"][0] == "BRABUS"
