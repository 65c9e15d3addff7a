"""Rule: country words that are no actor (`Doc._.country_places`) as targets when no actor is found,
and the place of an attack/protest as its target for the roots in `locative_place_roots`."""

from __future__ import annotations

import dataclasses

import pytest
from spacy.language import Language
from test_events_support import actor, triples

from transforms.events.coding import code_doc
from transforms.events.controls import default_controls, parse_controls
from transforms.events.patterns import PatternError, default_book
from transforms.model import EventMention

Pairs = list[tuple[str, str]]


def code_places(nlp: Language, text: str, actors: Pairs, places: Pairs, place_targets: bool = True
                ) -> list[EventMention]:
    doc = nlp(text)
    controls = dataclasses.replace(default_controls(), place_targets=place_targets)
    return code_doc(doc, [actor(doc, t, c) for t, c in actors], default_book(), controls,
                    [actor(doc, t, c) for t, c in places])


def test_country_modifier_of_the_object_is_the_target(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "Iran threatened to strike U.S. bases in the region.", [("Iran", "IRN")],
                     [("U.S.", "USA")])
    assert triples(ev) == {("IRN", "USA", "138")}
    assert "place" in ev[0].rule.split("+")


def test_country_of_a_place_after_the_pattern_preposition(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "Russian forces withdrew from the Ukrainian city of Kherson.",
                     [("Russian forces", "RUSMIL")], [("Ukrainian", "UKR")])
    assert {(s, t, c[:2]) for s, t, c in triples(ev)} == {("RUSMIL", "UKR", "08")}


def test_switched_off_in_controls(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "Russian troops shelled the Ukrainian city of Kharkiv.",
                     [("Russian troops", "RUSMIL")], [("Ukrainian", "UKR")], place_targets=False)
    assert ev == []
    ev = code_places(base_nlp, "Russian troops shelled the Ukrainian city of Kharkiv.",
                     [("Russian troops", "RUSMIL")], [("Ukrainian", "UKR")])
    assert triples(ev) == {("RUSMIL", "UKR", "194")}


def test_an_actor_target_wins_over_a_place(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "Russian troops shelled Ukrainian soldiers in the Polish border area.",
                     [("Russian troops", "RUSMIL"), ("Ukrainian soldiers", "UKRMIL")], [("Polish", "POL")])
    assert triples(ev) == {("RUSMIL", "UKRMIL", "194")}


def test_reciprocal_events_do_not_take_the_venue(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "Israel and the United Arab Emirates signed a normalisation accord at the White House.",
                     [("Israel", "ISR"), ("United Arab Emirates", "ARE")], [("White House", "USA")])
    assert {t for _, t, _ in triples(ev)} == {"ISR", "ARE"}


def test_a_meeting_place_is_not_a_target(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "Kerry held talks in Doha on Monday.", [("Kerry", "USAGOV")], [("Doha", "QAT")])
    assert all(e.target is None for e in ev)


def test_object_owned_by_a_pronoun_is_about_its_owner(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "The council condemned its annexation of four Ukrainian regions.",
                     [("council", "IGOUNO")], [("Ukrainian", "UKR")])
    assert not any(e.target is not None for e in ev)


def test_places_are_never_sources(base_nlp: Language) -> None:
    assert code_places(base_nlp, "A Ukrainian drone struck Russia.", [("Russia", "RUS")], [("Ukrainian", "UKR")]) == []


def test_locative_place_for_protest_roots(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "British activists staged a protest in Beijing on Wednesday.",
                     [("British activists", "GBROPP")], [("Beijing", "CHN")])
    assert triples(ev) == {("GBROPP", "CHN", "141")}
    assert ev[0].rule.endswith("locative")


def test_locative_place_not_for_cooperation_roots(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "Britain sent aid to survivors in Beijing on Wednesday.",
                     [("Britain", "GBR")], [("Beijing", "CHN")])
    assert not any(e.target is not None and e.target.code == "CHN" and e.event_code.startswith("07")
                   and "locative" in e.rule for e in ev)


def test_locative_place_of_the_source_country_is_not_a_target(base_nlp: Language) -> None:
    ev = code_places(base_nlp, "British activists staged a protest in London on Wednesday.",
                     [("British activists", "GBROPP")], [("London", "GBR")])
    assert all(e.target is None for e in ev)


def test_controls_validate_locative_roots() -> None:
    text = (default_controls_text()).replace('locative_place_roots: ["14", "15", "18", "19", "20"]',
                                              'locative_place_roots: ["14", "99"]')
    with pytest.raises(PatternError, match="locative_place_roots"):
        parse_controls(text)


def default_controls_text() -> str:
    from importlib import resources
    return resources.files("transforms.events").joinpath("patterns", "controls.yaml").read_text(encoding="utf-8")
