"""Where a bare role (`protesters`, `the government`) gets its country: only from evidence in the sentence.

Positive cases: a place phrase on the role or on the act it takes part in, an apposition, a definite
singular institution with one country in the sentence. Negative cases: a country that only modifies
another actor says nothing about the role (`Israeli troops shot protesters`).
"""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

DAY = dt.date(2023, 6, 1)


def codes(nlp: Language, text: str) -> dict[str, str | None]:
    doc = nlp.make_doc(text)
    doc._.event_date = DAY
    # a role whose country nobody can tell is `---XXX`: no country was guessed, as with None
    return {a.text: (a.code if a.has_country else None) for a in nlp(doc)._.actors}


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Israeli troops shot protesters.", "protesters"),
        ("Turkish police detained dozens of protesters on Monday.", "protesters"),
        ("The protesters were dispersed by Kenyan police.", "protesters"),
        ("Russian forces killed civilians during the assault.", "civilians"),
        ("Brazilian prosecutors charged a senior official.", "senior official"),
        ("Egyptian police deployed in force to deter protesters.", "protesters"),
    ],
)
def test_country_of_another_actor_is_no_evidence(actors_nlp: Language, text: str, mention: str) -> None:
    got = codes(actors_nlp, text)
    assert mention in got, got
    assert got[mention] is None, got


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        # the place of the act, attached by the parser to the verb
        ("Israeli troops shot protesters in Gaza.", "protesters", "PSEOPP"),
        ("Belarusian riot police detained hundreds of protesters in Minsk.", "protesters", "BLROPP"),
        ("Protesters rallied in Tehran.", "Protesters", "IRNOPP"),
        # a settlement noun with a country word: `the Ethiopian city of Axum`
        ("Eritrean troops killed hundreds of civilians in the Ethiopian city of Axum.", "civilians", "ETHCVL"),
        # a place phrase on the role itself
        ("Rebels in Ivory Coast seized the town.", "Rebels", "CIVREB"),
        # a place phrase on the role with a country word before any noun
        ("Druze inhabitants of the Syrian Golan Heights threatened a strike.", "inhabitants", "SYRCVL"),
        # a group the role belongs to
        ("Activists from the Fatah movement staged a rally.", "Activists", "PSEOPP"),
        # an apposition with a people word
        ("The protesters, mostly Kenyans, marched on the city centre.", "protesters", "KENOPP"),
    ],
)
def test_country_from_the_sentences_evidence(actors_nlp: Language, text: str, mention: str, code: str) -> None:
    got = codes(actors_nlp, text)
    assert got.get(mention) == code, got


def test_an_embassy_is_not_the_place_of_the_act(actors_nlp: Language) -> None:
    # `at the Russian embassy` says whose building it is, not which country the protesters belong to
    got = codes(actors_nlp, "Protesters gathered at the Russian embassy.")
    assert got.get("Protesters") is None, got


def test_subject_with_a_co_actor_does_not_take_the_place(actors_nlp: Language) -> None:
    # the soldiers may be foreign to the place where they act on someone else
    got = codes(actors_nlp, "Soldiers detained Palestinian activists in Hebron.")
    assert got.get("Soldiers") is None, got


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("Iranian protesters rallied against the government.", "government", "IRNGOV"),
        ("Joe Biden chaired the Senate Foreign Relations Committee.", "Senate Foreign Relations Committee",
         "USALEG"),
        ("The Knesset passed a law limiting the Supreme Court's powers.", "Supreme Court", "ISRJUD"),
    ],
)
def test_definite_institution_takes_the_only_country(actors_nlp: Language, text: str, mention: str,
                                                      code: str) -> None:
    got = codes(actors_nlp, text)
    assert got.get(mention) == code, got


def test_definite_institution_with_two_countries_stays_unresolved(actors_nlp: Language) -> None:
    got = codes(actors_nlp, "French and German diplomats criticised the government.")
    assert got.get("government") is None, got


def test_indefinite_singular_role_is_not_guessed(actors_nlp: Language) -> None:
    got = codes(actors_nlp, "Yoon Suk Yeol indicted a former justice minister.")
    assert got.get("former justice minister") is None, got


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        # a city of cities.tsv where the act happened (`in Istanbul`) or where the role is (`of Douma`)
        ("Turkish police detained dozens of protesters in Istanbul.", "protesters", "TUROPP"),
        ("Chlorine was dropped on residents of Douma.", "residents", "SYRCVL"),
    ],
)
def test_country_from_a_city(actors_nlp: Language, text: str, mention: str, code: str) -> None:
    got = codes(actors_nlp, text)
    assert got.get(mention) == code, got


def test_city_places_for_event_targets(actors_nlp: Language) -> None:
    doc = actors_nlp("Russian forces shelled residential areas in Kharkiv.")
    assert [(p.text, p.code) for p in doc._.country_places] == [("Kharkiv", "UKR")]
    # a name tagged PERSON is a city only where a place stands (`in X`), not as an object
    doc = actors_nlp("Police arrested Jackson on Monday.")
    assert not doc._.country_places
