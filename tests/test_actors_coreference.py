"""In-article coreference: surnames after a full name, `Mr X`, he/she, `the minister`; no guessing."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from transforms.model import ActorMention

DAY = dt.date(2015, 12, 15)


def actors(nlp: Language, text: str, day: dt.date | None = DAY) -> list[ActorMention]:
    doc = nlp.make_doc(text)
    doc._.event_date = day
    return list(nlp(doc)._.actors)


def by_text(nlp: Language, text: str, day: dt.date | None = DAY) -> dict[str, ActorMention]:
    return {a.text: a for a in actors(nlp, text, day)}


def test_surname_after_full_name(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Sergei Lavrov arrived in Vienna. Later Lavrov met the press.")
    assert got["Lavrov"].code == "RUSGOV"
    assert "coref:surname" in got["Lavrov"].entry_id or "people.tsv" in got["Lavrov"].entry_id


def test_mr_surname_is_one_mention(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "John Kerry flew to Moscow. Mr Kerry then met Mr Putin.")
    assert got["Mr Kerry"].code == "USAGOV"
    assert got["Mr Kerry"].certainty < 1.0
    assert got["Mr Putin"].code == "RUSGOV"


def test_surname_alone_without_full_name_uses_the_unique_office_holder(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Carter said the plan would work.")
    assert got["Carter"].code == "USAGOVMIL"  # Ash Carter, defence secretary in December 2015
    assert "surname-in-office" in got["Carter"].entry_id


def test_month_may_is_not_theresa_may(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Theresa May spoke. The vote is set for May 3.", dt.date(2019, 3, 1))
    assert list(got) == ["Theresa May"]


def test_pronoun_goes_to_the_last_subject(actors_nlp: Language) -> None:
    found = actors(actors_nlp, "Mr Kerry held talks with Sergei Lavrov. He also met Mr Putin.")
    he = next(a for a in found if a.text == "He")
    assert he.code == "USAGOV" and he.entry_id.startswith("coref:pronoun")


def test_she_needs_a_female_antecedent(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Angela Merkel met Vladimir Putin. She said talks went well.", dt.date(2015, 5, 1))
    assert got["She"].code == "DEUGOV"


def test_pronoun_without_antecedent_stays_unresolved(actors_nlp: Language) -> None:
    assert "He" not in by_text(actors_nlp, "He said the vote was fair.")
    # two sentences back is out of reach
    got = by_text(actors_nlp, "Vladimir Putin spoke. The weather was cold. The roads were icy. He left.")
    assert "He" not in got


def test_the_minister_refers_back(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Sergei Lavrov met reporters. The minister said talks would resume.")
    assert got["minister"].code == "RUSGOV"
    assert got["minister"].entry_id.startswith("coref:definite")


def test_unresolvable_plurals_are_not_guessed(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Russia and the United States met. The two countries agreed to talk.")
    assert set(got) == {"Russia", "United States"}


def test_definite_role_takes_the_only_country_of_its_sentence(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Iranian protesters rallied against the government.")
    assert got["government"].code == "IRNGOV"
    assert "context:sentence" in got["government"].entry_id


def test_plural_role_does_not_take_the_country_of_another_actor(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Turkish police detained dozens of protesters.")
    assert not got["protesters"].has_country and got["protesters"].code == "---OPP"


def test_bare_role_with_two_countries_stays_unresolved(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "China and India agreed to pull back troops.")
    assert not got["troops"].has_country and got["troops"].code == "---MIL"


def test_she_does_not_take_a_male_antecedent(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Vladimir Putin met reporters. She asked about the talks.")
    assert "She" not in got


def test_co_arguments_do_not_corefer(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Vladimir Putin thanked him warmly.")
    assert "him" not in got
    got = by_text(actors_nlp, "Syrian President Bashar al-Assad met the envoy.")
    assert got["envoy"].code is None  # not Assad himself; an envoy never takes the sentence's country


def test_first_name_before_an_arabic_particle_is_no_surname(actors_nlp: Language) -> None:
    got = by_text(actors_nlp, "Abdullah al-Jahafi, the city's security chief, announced arrests.")
    assert all(not (a.code or "").startswith("AFG") for a in got.values())
