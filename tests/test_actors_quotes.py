"""First-person words inside a quotation take its speaker's code; outside quotations, or with no coded
speaker, they stay unresolved."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

pytestmark = pytest.mark.slow

DAY = dt.date(2020, 1, 18)


def codes(nlp: Language, text: str) -> dict[str, str | None]:
    doc = nlp.make_doc(text)
    doc._.event_date = DAY
    return {a.text: a.code for a in nlp(doc)._.actors}


def test_we_in_a_quote_is_the_speaker(actors_nlp: Language) -> None:
    got = codes(actors_nlp, '"We have the right to strike back," Houthi spokesman Yahya Sarea said.')
    assert got["We"] == "YEMREBHTI"


def test_i_after_the_reporting_verb(actors_nlp: Language) -> None:
    got = codes(actors_nlp, 'Ukrainian President Volodymyr Zelensky said, "I decided to give you a chance."')
    assert got["I"] == "UKRGOV"


def test_first_person_outside_quotes_is_not_resolved(actors_nlp: Language) -> None:
    got = codes(actors_nlp, "We think Ukrainian President Volodymyr Zelensky said too much.")
    assert "We" not in got


def test_no_coded_speaker_no_resolution(actors_nlp: Language) -> None:
    got = codes(actors_nlp, '"We will win," a man said.')
    assert "We" not in got
