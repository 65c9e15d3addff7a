"""Argument rules: the object does the gerund (`accused X of arming`, alleged: not a real event);
coordinated verbs share an object (`beat and detained protesters`); `try to` is no trial."""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_events_support import code

pytestmark = pytest.mark.slow


def keys(events: list) -> set[tuple[str | None, str | None, str, bool]]:
    return {(e.source.code if e.source else None, e.target.code if e.target else None, e.event_code[:2],
             e.is_hypothetical) for e in events}


def test_accused_act_has_the_accused_as_source_and_is_alleged(nlp: Language) -> None:
    events = code(nlp, "Armenia accused Azerbaijan of shelling Armenian villages.",
                  [("Armenia", "ARM"), ("Azerbaijan", "AZE"), ("Armenian villages", "ARMCVL")])
    got = keys(events)
    assert ("ARM", "AZE", "11", False) in got
    assert all(not (s == "ARM" and r == "19") for s, _, r, _ in got)  # Armenia did not shell
    assert all(h for s, _, r, h in got if r == "19")  # the shelling is only alleged


def test_by_gerund_keeps_the_main_subject(nlp: Language) -> None:
    events = code(nlp, "North Korea defied the sanctions by launching a missile at Japan.",
                  [("North Korea", "PRK"), ("Japan", "JPN")])
    assert all(e.source is not None and e.source.code == "PRK" for e in events)


def test_coordinated_verbs_share_the_object(nlp: Language) -> None:
    events = code(nlp, "Belarusian riot police beat and detained hundreds of protesters in Minsk.",
                  [("Belarusian riot police", "BLRCOP"), ("protesters", "BLROPP")])
    got = keys(events)
    assert ("BLRCOP", "BLROPP", "18", False) in got
    assert ("BLRCOP", "BLROPP", "17", False) in got


def test_try_to_is_not_a_trial(nlp: Language) -> None:
    events = code(nlp, "Serbian protesters tried to storm the parliament.",
                  [("Serbian protesters", "SRBOPP"), ("parliament", "SRBLEG")])
    assert all(e.event_code != "173" for e in events)


def test_tried_for_a_crime_is_a_trial(nlp: Language) -> None:
    events = code(nlp, "An Egyptian court tried the activist for spreading false news.",
                  [("Egyptian court", "EGYJUD"), ("activist", "EGYCVL")])
    assert any(e.event_code == "173" for e in events)


def test_statement_participle_is_done_by_the_author(nlp: Language) -> None:
    events = code(nlp, "US Secretary of State Mike Pompeo posted a message on Twitter blaming Iran for the attacks.",
                  [("US Secretary of State Mike Pompeo", "USAGOV"), ("Iran", "IRN")])
    assert ("USAGOV", "IRN", "11", False) in keys(events)


def test_participle_on_a_person_noun_keeps_that_noun(nlp: Language) -> None:
    events = code(nlp, "Protesters chanting slogans attacked the police.", [("Protesters", "---OPP"),
                                                                          ("police", "---COP")])
    assert all(e.source is not None and e.source.code == "---OPP" for e in events)


def test_preposition_on_the_first_conjunct_object(nlp: Language) -> None:
    events = code(nlp, "The police used water cannons and tear gas against protesters.",
                  [("police", "HKGCOP"), ("protesters", "HKGOPP")])
    assert ("HKGCOP", "HKGOPP", "17", False) in keys(events)


def test_missiles_targeting_troops_are_an_attack_not_a_test(nlp: Language) -> None:
    events = code(nlp, "Iran launched missiles targeting US troops.", [("Iran", "IRN"), ("US troops", "USAMIL")])
    assert ("IRN", "USAMIL", "19", False) in keys(events)
    assert all(e.event_code != "150" for e in events)
