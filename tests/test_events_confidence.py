"""Confidence: in [0, 1], from pattern specificity, parse distance and actor certainty."""

from __future__ import annotations

from spacy.language import Language
from test_events_support import actor

from transforms.events.coding import code_doc
from transforms.events.confidence import closeness_score, rule_prior, specificity_score
from transforms.events.controls import default_controls
from transforms.events.patterns import default_book


def _conf(nlp: Language, text: str, actors: list[tuple[str, str, float]]) -> list[float]:
    doc = nlp(text)
    mentions = [actor(doc, t, c, certainty=p) for t, c, p in actors]
    return [e.confidence for e in code_doc(doc, mentions, default_book(), default_controls())]


def test_range_and_specificity(base_nlp: Language) -> None:
    specific = _conf(base_nlp, "Iran agreed to hold talks with Oman.", [("Iran", "IRN", 1.0), ("Oman", "OMN", 1.0)])
    bare = _conf(base_nlp, "Iran criticized Oman.", [("Iran", "IRN", 1.0), ("Oman", "OMN", 1.0)])
    assert all(0.0 <= c <= 1.0 for c in specific + bare)
    assert specific[0] > bare[0]


def test_actor_certainty_lowers_confidence(base_nlp: Language) -> None:
    sure = _conf(base_nlp, "Iran criticized Oman.", [("Iran", "IRN", 1.0), ("Oman", "OMN", 1.0)])
    unsure = _conf(base_nlp, "Iran criticized Oman.", [("Iran", "IRN", 0.5), ("Oman", "OMN", 1.0)])
    assert unsure[0] < sure[0]


def test_feature_functions() -> None:
    assert specificity_score(1) < specificity_score(3) <= 1.0
    assert rule_prior("svo+coord", {"svo": 1.0, "coord": 0.9}) == 0.9
    assert closeness_score


def test_every_event_records_pattern_and_rule(base_nlp: Language) -> None:
    doc = base_nlp("Iran criticized Oman and praised Qatar.")
    mentions = [actor(doc, "Iran", "IRN"), actor(doc, "Oman", "OMN"), actor(doc, "Qatar", "QAT")]
    events = code_doc(doc, mentions, default_book(), default_controls())
    assert {e.event_code for e in events} == {"111", "051"}
    assert all(e.pattern_id.startswith("verb:") and e.rule for e in events)
