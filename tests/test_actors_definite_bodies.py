"""`the network`, `the airline`, `the group` after a named organisation are that organisation; a
described body (`the Iranian airline`) or one with no organisation before it stays unresolved."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from transforms.model import ActorMention

pytestmark = pytest.mark.slow

DAY = dt.date(2019, 10, 1)


def actors(nlp: Language, text: str) -> list[ActorMention]:
    doc = nlp.make_doc(text)
    doc._.event_date = DAY
    return list(nlp(doc)._.actors)


def test_the_group_after_a_named_organisation(actors_nlp: Language) -> None:
    found = actors(actors_nlp, "Human Rights Watch published a report on Monday. The group accused the army of abuses.")
    group = [a for a in found if a.text == "group"]
    assert group and group[0].code == "NGOHRIHRW" and "coref:definite-body" in group[0].entry_id


def test_no_organisation_before(actors_nlp: Language) -> None:
    found = actors(actors_nlp, "The group accused the army of abuses.")
    assert not [a for a in found if a.text == "group" and a.code]


def test_described_body_is_not_a_back_reference(actors_nlp: Language) -> None:
    found = actors(actors_nlp, "Human Rights Watch published a report. The opposition group rejected it.")
    assert not [a for a in found if "coref:definite-body" in a.entry_id]
