"""Names the article introduces resolve later bare surnames; dictionary matches are never changed;
a surname the article gives two codes is not used."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from transforms.model import ActorMention

pytestmark = pytest.mark.slow

DAY = dt.date(2020, 1, 18)


def actors(nlp: Language, text: str) -> list[ActorMention]:
    doc = nlp.make_doc(text)
    doc._.event_date = DAY
    return list(nlp(doc)._.actors)


def test_bare_surname_after_full_titled_name(actors_nlp: Language) -> None:
    found = actors(actors_nlp, "Ukrainian Prime Minister Oleksiy Honcharuk offered to resign on Friday. "
                               "Honcharuk filed his resignation after the recording was published.")
    later = [a for a in found if a.text == "Honcharuk"]
    assert later and later[0].code == "UKRGOV"
    assert "coref:article-name" in later[0].entry_id


def test_unknown_name_repeated_with_a_prefix(actors_nlp: Language) -> None:
    found = actors(actors_nlp, "Yemeni journalist Nabil Hasan al-Quaety was shot dead in Aden. "
                               "Gunmen attacked al-Quaety outside his home.")
    later = [a for a in found if "Quaety" in a.text and a.start > 5]
    assert later and later[0].code == "YEMMED"


def test_no_name_no_resolution(actors_nlp: Language) -> None:
    found = actors(actors_nlp, "Honcharuk filed his resignation after the recording was published.")
    assert all(a.code is None or not a.code.startswith("UKR") for a in found)


def test_ambiguous_surname_is_not_used(actors_nlp: Language) -> None:
    found = actors(actors_nlp, "Ukrainian minister Anna Petrenko met Russian minister Boris Petrenko. "
                               "Petrenko said the talks were useful.")
    later = [a for a in found if a.text == "Petrenko"]
    assert not later or later[0].code is None
