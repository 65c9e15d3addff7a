"""Rule: nominal events — an event noun with its actors around it."""

from __future__ import annotations

from spacy.language import Language
from test_events_support import code, triples


def test_talks_between_two_actors(base_nlp: Language) -> None:
    ev = code(base_nlp, "Talks between Armenia and Azerbaijan resumed on Monday.",
              [("Armenia", "ARM"), ("Azerbaijan", "AZE")])
    assert triples(ev) == {("ARM", "AZE", "040"), ("AZE", "ARM", "040")}
    assert all(e.rule.startswith("nominal") for e in ev)


def test_possessive_meeting_with(base_nlp: Language) -> None:
    ev = code(base_nlp, "Obama's meeting with Castro was historic.", [("Obama", "USAGOV"), ("Castro", "CUBGOV")])
    assert ("USAGOV", "CUBGOV", "040") in triples(ev)


def test_compound_pair(base_nlp: Language) -> None:
    ev = code(base_nlp, "The Kerry-Lavrov talks in Geneva lasted 13 hours.",
              [("Kerry", "USAGOV"), ("Lavrov", "RUSGOV")])
    assert triples(ev) == {("USAGOV", "RUSGOV", "040"), ("RUSGOV", "USAGOV", "040")}


def test_airstrikes_by_on(base_nlp: Language) -> None:
    ev = code(base_nlp, "Airstrikes by Turkey on Kurdish positions killed ten people.",
              [("Turkey", "TUR"), ("Kurdish", "TURSEP")])
    assert ("TUR", "TURSEP", "195") in triples(ev)


def test_event_noun_without_actors_is_no_event(base_nlp: Language) -> None:
    assert code(base_nlp, "The talks lasted thirteen hours, Russia said.", [("Russia", "RUS")]) == []


def test_object_of_a_coded_verb_is_not_coded_twice(base_nlp: Language) -> None:
    ev = code(base_nlp, "France condemned Iran's attack on Israel.",
              [("France", "FRA"), ("Iran", "IRN"), ("Israel", "ISR")])
    assert triples(ev) == {("FRA", "IRN", "111")}
