"""Rule: source = subject, target = direct object or the object of the pattern's preposition."""

from __future__ import annotations

from spacy.language import Language
from test_events_support import code, triples


def test_direct_object_is_the_target(base_nlp: Language) -> None:
    ev = code(base_nlp, "Russia condemned Ukraine on Monday.", [("Russia", "RUS"), ("Ukraine", "UKR")])
    assert triples(ev) == {("RUS", "UKR", "111")}
    assert ev[0].rule == "svo"
    assert ev[0].pattern_id == "verb:condemn"


def test_preposition_object_is_the_target(base_nlp: Language) -> None:
    ev = code(base_nlp, "Kerry met with Lavrov in Moscow.", [("Kerry", "USAGOV"), ("Lavrov", "RUSGOV")])
    assert triples(ev) == {("USAGOV", "RUSGOV", "040")}
    assert ev[0].pattern_id == "verb:meet[with]"


def test_object_noun_class_selects_the_code(base_nlp: Language) -> None:
    ev = code(base_nlp, "The European Union imposed sanctions on Iran.",
              [("European Union", "IGOEUREEC"), ("Iran", "IRN")])
    assert triples(ev) == {("IGOEUREEC", "IRN", "163")}
    ev = code(base_nlp, "Kerry held talks with Lavrov.", [("Kerry", "USAGOV"), ("Lavrov", "RUSGOV")])
    assert triples(ev) == {("USAGOV", "RUSGOV", "040")}


def test_possessor_of_the_object_is_the_target(base_nlp: Language) -> None:
    ev = code(base_nlp, "France condemned Turkey's military offensive.", [("France", "FRA"), ("Turkey", "TUR")])
    assert triples(ev) == {("FRA", "TUR", "111")}


def test_no_pattern_no_event(base_nlp: Language) -> None:
    # "admire the scenery" has a pattern verb but no target; "walked" has no pattern at all
    assert code(base_nlp, "Russia walked past Ukraine.", [("Russia", "RUS"), ("Ukraine", "UKR")]) == []


def test_bare_verb_without_target_is_no_event(base_nlp: Language) -> None:
    assert code(base_nlp, "Russia attacked yesterday.", [("Russia", "RUS")]) == []


def test_action_offset_and_text_point_at_the_verb(base_nlp: Language) -> None:
    text = "Kerry held talks with Lavrov."
    ev = code(base_nlp, text, [("Kerry", "USAGOV"), ("Lavrov", "RUSGOV")])
    assert text[ev[0].action_start_char:].startswith("held")
    assert ev[0].action_text == "held talks with"
