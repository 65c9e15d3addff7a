"""Compound actors: coordinated countries give one actor each, sharing a role when the NP has one."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

DAY = dt.date(2021, 7, 5)


def found(nlp: Language, text: str) -> list[tuple[str, str | None]]:
    doc = nlp.make_doc(text)
    doc._.event_date = DAY
    return [(a.text, a.code) for a in nlp(doc)._.actors]


def test_coordinated_countries(actors_nlp: Language) -> None:
    assert found(actors_nlp, "Saudi Arabia, Egypt and Bahrain cut ties with Qatar.") == [
        ("Saudi Arabia", "SAU"), ("Egypt", "EGY"), ("Bahrain", "BHR"), ("Qatar", "QAT")]


def test_coordinated_adjectives_share_the_role(actors_nlp: Language) -> None:
    assert found(actors_nlp, "Senior Hungarian and Romanian officials agreed.") == [
        ("Hungarian", "HUNGOV"), ("Romanian officials", "ROUGOV")]
    assert found(actors_nlp, "Emirati and Saudi officials met.") == [
        ("Emirati", "AREGOV"), ("Saudi officials", "SAUGOV")]


def test_role_of_a_list_distributes(actors_nlp: Language) -> None:
    got = dict(found(actors_nlp, "Leaders of Egypt, Jordan and the Palestinian Authority met."))
    assert got["Leaders of Egypt"] == "EGYGOV"
    assert got["Jordan"] == "JORGOV"
    assert got["Palestinian Authority"] == "PSEGOV"


def test_a_country_before_a_comma_is_not_folded_into_the_next_role(actors_nlp: Language) -> None:
    got = dict(found(actors_nlp, "North Korea trained hackers to attack the United States, South Korea's "
                                 "defense ministry said."))
    assert got["United States"] == "USA"
    assert got["North Korea"] == "PRK"
    assert got["South Korea's defense ministry"] == "KORGOVMIL"


def test_coordinated_people_and_metonyms(actors_nlp: Language) -> None:
    assert found(actors_nlp, "The Kremlin and the White House agreed.") == [
        ("Kremlin", "RUSGOV"), ("White House", "USAGOV")]
    assert found(actors_nlp, "Moscow and Minsk held joint military exercises.") == [
        ("Moscow", "RUSGOV"), ("Minsk", "BLRGOV")]
