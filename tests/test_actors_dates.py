"""Date-restricted roles: the article date picks a person's (or a group's) role; explicit titles win."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language


def codes(nlp: Language, text: str, day: dt.date | None) -> dict[str, str | None]:
    doc = nlp.make_doc(text)
    doc._.event_date = day
    return {a.text: a.code for a in nlp(doc)._.actors}


@pytest.mark.parametrize(
    ("day", "code"),
    [(dt.date(2005, 1, 8), "USALEG"), (dt.date(2015, 12, 15), "USAGOV"), (dt.date(2018, 6, 1), "USAELI")],
)
def test_john_kerry_by_date(actors_nlp: Language, day: dt.date, code: str) -> None:
    assert codes(actors_nlp, "John Kerry met the delegation.", day)["John Kerry"] == code


def test_datetime_is_accepted_as_a_date(actors_nlp: Language) -> None:
    got = codes(actors_nlp, "John Kerry spoke.", dt.datetime(2005, 1, 8, 12, 0))  # type: ignore[arg-type]
    assert got["John Kerry"] == "USALEG"


def test_explicit_title_beats_the_date(actors_nlp: Language) -> None:
    assert codes(actors_nlp, "Senator John Kerry met Assad.", dt.date(2015, 12, 15))["Senator John Kerry"] == "USALEG"
    assert codes(actors_nlp, "Secretary of State John Kerry spoke.",
                 dt.date(2005, 1, 8))["Secretary of State John Kerry"] == "USAGOV"


def test_former_gives_elite(actors_nlp: Language) -> None:
    got = codes(actors_nlp, "Former Secretary of State John Kerry spoke.", dt.date(2015, 12, 15))
    assert got["Former Secretary of State John Kerry"] == "USAELI"


def test_dated_organisations(actors_nlp: Language) -> None:
    assert codes(actors_nlp, "The Taliban attacked.", dt.date(2018, 8, 10))["Taliban"] == "AFGREBTAL"
    assert codes(actors_nlp, "The Taliban banned it.", dt.date(2022, 12, 20))["Taliban"] == "AFGGOVTAL"
    assert codes(actors_nlp, "The Rapid Support Forces shelled it.", dt.date(2023, 9, 10))[
        "Rapid Support Forces"] == "SDNREBRSF"


def test_role_changes_inside_one_career(actors_nlp: Language) -> None:
    text = "Mike Pompeo spoke."
    assert codes(actors_nlp, text, dt.date(2017, 6, 22))["Mike Pompeo"] == "USASPY"
    assert codes(actors_nlp, text, dt.date(2019, 6, 24))["Mike Pompeo"] == "USAGOV"


def test_no_date_takes_the_latest_role(actors_nlp: Language) -> None:
    assert codes(actors_nlp, "Sergei Shoigu spoke.", None)["Sergei Shoigu"] == "RUSGOV"
