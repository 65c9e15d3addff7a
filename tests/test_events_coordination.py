"""Rules: coordinated actors give one event per actor; reciprocal verbs give both directions."""

from __future__ import annotations

from spacy.language import Language
from test_events_support import code, triples


def test_coordinated_subjects(base_nlp: Language) -> None:
    ev = code(base_nlp, "France and Germany condemned Russia.",
              [("France", "FRA"), ("Germany", "DEU"), ("Russia", "RUS")])
    assert triples(ev) == {("FRA", "RUS", "111"), ("DEU", "RUS", "111")}
    assert all("coord" in e.rule for e in ev)


def test_coordinated_objects(base_nlp: Language) -> None:
    ev = code(base_nlp, "Russia halted gas deliveries to Poland and Bulgaria.",
              [("Russia", "RUS"), ("Poland", "POL"), ("Bulgaria", "BGR")])
    assert triples(ev) == {("RUS", "POL", "163"), ("RUS", "BGR", "163")}


def test_coordinated_prepositional_phrases(base_nlp: Language) -> None:
    ev = code(base_nlp, "Kerry expressed gratitude to Putin for his hospitality and to Lavrov for his efforts.",
              [("Kerry", "USAGOV"), ("Putin", "RUSGOV"), ("Lavrov", "RUSLEG")])
    assert triples(ev) == {("USAGOV", "RUSGOV", "051"), ("USAGOV", "RUSLEG", "051")}


def test_reciprocal_verb_gives_both_directions(base_nlp: Language) -> None:
    ev = code(base_nlp, "Israel and Jordan signed a peace treaty in 1994.", [("Israel", "ISR"), ("Jordan", "JOR")])
    assert triples(ev) == {("ISR", "JOR", "057"), ("JOR", "ISR", "057")}
    assert all("recip" in e.rule for e in ev)


def test_non_reciprocal_verb_without_target_gives_nothing(base_nlp: Language) -> None:
    # condemning is not mutual: two subjects and no target is no event
    assert code(base_nlp, "France and Germany condemned the decision.", [("France", "FRA"), ("Germany", "DEU")]) == []


def test_surface_coordination_in_a_headline(base_nlp: Language) -> None:
    ev = code(base_nlp, "Russia, US agree to global talks", [("Russia", "RUS"), ("US", "USA")])
    assert triples(ev) == {("RUS", "USA", "036"), ("USA", "RUS", "036")}
    assert all("surface_coord" in e.rule for e in ev)
