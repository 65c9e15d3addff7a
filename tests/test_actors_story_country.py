"""Bare roles take the article's main country (`context:article`); single sentences never do;
unknown named people/bodies get the story country with no role; roles nobody can place are `---XXX`."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from transforms.actors.compose import Draft
from transforms.actors.story_country import main_country, unknown_country_roles
from transforms.model import ActorMention

pytestmark = pytest.mark.slow

DAY = dt.date(2019, 8, 19)
ARTICLE = ("Serbian protesters clash with police in Belgrade\n\n"
           "Serbian protesters gathered outside parliament in Belgrade on Friday. "
           "The Serbian government had announced new lockdown measures. "
           "Police fired tear gas at the crowd.")


def actors(nlp: Language, text: str) -> dict[str, ActorMention]:
    doc = nlp.make_doc(text)
    doc._.event_date = DAY
    return {a.text: a for a in nlp(doc)._.actors}


def test_bare_role_in_an_article_takes_the_main_country(actors_nlp: Language) -> None:
    found = actors(actors_nlp, ARTICLE)
    assert found["Police"].code == "SRBCOP"
    assert "context:article" in found["Police"].entry_id
    assert found["Police"].certainty <= 0.4


def test_single_sentence_gives_no_story_country(actors_nlp: Language) -> None:
    found = actors(actors_nlp, "Police fired tear gas at the crowd.")
    assert found["Police"].code == "---COP"
    assert found["Police"].country_code is None
    assert not found["Police"].has_country


def test_nationality_in_the_phrase_wins_over_the_story(actors_nlp: Language) -> None:
    found = actors(actors_nlp, ARTICLE + " Hungarian police closed the border.")
    assert found["Hungarian police"].code == "HUNCOP"


def _draft(start: int, country: str | None, inherit: bool = False, agent: str | None = None) -> Draft:
    return Draft(start, start + 1, country, country, agent, None, start, ["test"], inherit=inherit)


def test_main_country_needs_a_clear_lead() -> None:
    sent_of = list(range(10))
    assert main_country([_draft(0, "SRB"), _draft(5, "SRB"), _draft(6, "HUN")], [], sent_of) == "SRB"
    assert main_country([_draft(5, "SRB"), _draft(6, "HUN")], [], sent_of) is None  # a tie
    assert main_country([_draft(5, "SRB")], [], sent_of) is None  # named once, outside the lead
    assert main_country([_draft(0, "IGO"), _draft(1, "IGO")], [], sent_of) is None  # not a country


def test_unknown_country_roles_keep_their_role() -> None:
    role = Draft(0, 1, None, None, "COP", None, 0, ["agents"], inherit=True, extra={"agent_suffix": "COP"})
    envoy = Draft(1, 2, None, None, "GOV", None, 1, ["agents"], inherit=False)
    out = unknown_country_roles([role, envoy])
    assert out[0].code == "---COP" and out[0].country is None
    assert out[1].code is None  # roles that may not inherit a country stay unresolved
