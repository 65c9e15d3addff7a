"""Rule: in the passive voice the `by`-agent is the source and the passive subject the target."""

from __future__ import annotations

from spacy.language import Language
from test_events_support import code, triples


def test_by_agent_is_source(base_nlp: Language) -> None:
    ev = code(base_nlp, "The Syrian army was attacked by rebels near Aleppo.",
              [("Syrian army", "SYRMIL"), ("rebels", "SYRREB")])
    assert triples(ev) == {("SYRREB", "SYRMIL", "190")}
    assert ev[0].rule.startswith("passive")


def test_passive_with_object_class_and_preposition(base_nlp: Language) -> None:
    ev = code(base_nlp, "New sanctions were imposed on Russia by the European Union.",
              [("Russia", "RUS"), ("European Union", "IGOEUREEC")])
    assert triples(ev) == {("IGOEUREEC", "RUS", "163")}


def test_passive_without_agent_has_no_source_and_no_event(base_nlp: Language) -> None:
    assert code(base_nlp, "The Syrian army was attacked near Aleppo.", [("Syrian army", "SYRMIL")]) == []


def test_active_voice_is_not_reversed(base_nlp: Language) -> None:
    ev = code(base_nlp, "Rebels attacked the Syrian army near Aleppo.",
              [("Rebels", "SYRREB"), ("Syrian army", "SYRMIL")])
    assert triples(ev) == {("SYRREB", "SYRMIL", "190")}
