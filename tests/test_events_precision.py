"""Precision controls: discard list, sentence length bounds, per-sentence cap, self-events."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from test_events_support import code, triples

from transforms.events.controls import default_controls


def test_sports_sentence_is_discarded(base_nlp: Language) -> None:
    text = "Argentina defeated France on penalties in the final."
    assert code(base_nlp, text, [("Argentina", "ARG"), ("France", "FRA")]) == []


def test_cricket_by_lemma_is_discarded(base_nlp: Language) -> None:
    assert code(base_nlp, "India beat Australia by six wickets.", [("India", "IND"), ("Australia", "AUS")]) == []


def test_political_sentence_with_same_actors_is_kept(base_nlp: Language) -> None:
    ev = code(base_nlp, "Argentina criticized France over the debt talks.", [("Argentina", "ARG"), ("France", "FRA")])
    assert triples(ev) == {("ARG", "FRA", "111")}


def test_sentence_length_bounds(base_nlp: Language) -> None:
    text = "Russia attacked Ukraine."
    actors = [("Russia", "RUS"), ("Ukraine", "UKR")]
    assert code(base_nlp, text, actors)
    assert code(base_nlp, text, actors, replace(default_controls(), min_sentence_tokens=10)) == []
    assert code(base_nlp, text, actors, replace(default_controls(), max_sentence_tokens=3)) == []


def test_cap_keeps_the_most_confident(base_nlp: Language) -> None:
    text = "France, Germany and Italy condemned Russia and Belarus."
    actors = [("France", "FRA"), ("Germany", "DEU"), ("Italy", "ITA"), ("Russia", "RUS"), ("Belarus", "BLR")]
    assert len(code(base_nlp, text, actors)) == 6
    capped = code(base_nlp, text, actors, replace(default_controls(), max_events_per_sentence=2))
    assert len(capped) == 2


def test_self_events_are_dropped(base_nlp: Language) -> None:
    ev = code(base_nlp, "The Kremlin praised Putin.", [("Kremlin", "RUSGOV"), ("Putin", "RUSGOV")])
    assert ev == []
