"""Unknown-country roles (`---OPP`) are used only when no other actor is found, and take the other
side's country when that side is a state's actor (`Hong Kong police arrested activists`)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_events_support import code

from transforms.events.domestic import domestic_pair
from transforms.model import ActorMention

pytestmark = pytest.mark.slow


def mention(code_: str, country: str | None) -> ActorMention:
    return ActorMention(0, 1, 0, 5, "x", code_, country, code_[3:6] or None)


def test_unknown_target_takes_the_source_state() -> None:
    _, t = domestic_pair(mention("HKGCOP", "HKG"), mention("---OPP", None))
    assert t is not None and t.code == "HKGOPP" and t.country_code == "HKG"
    assert "domestic" in t.entry_id and t.certainty <= 0.4


def test_unknown_source_takes_the_target_state() -> None:
    s, _ = domestic_pair(mention("---OPP", None), mention("KENLEG", "KEN"))
    assert s.code == "KENOPP"


def test_international_actors_give_no_country() -> None:
    _, t = domestic_pair(mention("IGOUNO", None), mention("---CVL", None))
    assert t is not None and t.code == "---CVL"


def test_both_known_unchanged() -> None:
    s, t = domestic_pair(mention("USAGOV", "USA"), mention("IRNGOV", "IRN"))
    assert (s.code, t and t.code) == ("USAGOV", "IRNGOV")


def test_police_arrest_protesters_is_coded(nlp: Language) -> None:
    events = code(nlp, "Police arrested dozens of protesters on Sunday.",
                  [("Police", "---COP"), ("protesters", "---OPP")])
    assert [(e.source and e.source.code, e.target and e.target.code, e.event_code[:2]) for e in events] == [
        ("---COP", "---OPP", "17")]


def test_known_target_is_preferred_to_an_unknown_role(nlp: Language) -> None:
    events = code(nlp, "Protesters attacked the Kenyan parliament.", [("Protesters", "---OPP"),
                                                                       ("Kenyan parliament", "KENLEG")])
    assert events and events[0].target is not None and events[0].target.code == "KENLEG"
    assert events[0].source is not None and events[0].source.code == "KENOPP"


def test_nominal_event_with_an_unknown_side(nlp: Language) -> None:
    events = code(nlp, "The Belarusian police crackdown on protesters continued.",
                  [("Belarusian police", "BLRCOP"), ("protesters", "---OPP")])
    assert [(e.source and e.source.code, e.target and e.target.code, e.event_code) for e in events] == [
        ("BLRCOP", "BLROPP", "175")]


def test_light_verb_gives_the_nominal_event_its_source(nlp: Language) -> None:
    events = code(nlp, "The United States completed its withdrawal of troops from Iraq.",
                  [("United States", "USA"), ("Iraq", "IRQ")])
    assert [(e.source and e.source.code, e.target and e.target.code, e.event_code) for e in events] == [
        ("USA", "IRQ", "0874")]


def test_no_light_verb_no_borrowed_source(nlp: Language) -> None:
    events = code(nlp, "The United States praised the withdrawal of troops from Iraq.",
                  [("United States", "USA"), ("Iraq", "IRQ")])
    assert all(e.event_code != "0874" for e in events)
