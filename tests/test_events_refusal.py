"""`X will not <cooperative act>` is a rejection (12x, `refusal_codes` in controls.yaml), coded as a real
event; a negated past act stays a negated event; a condition or a question is no refusal."""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_events_support import code

from transforms.events.controls import default_controls

pytestmark = pytest.mark.slow


def real(events: list) -> list[tuple[str | None, str | None, str]]:
    return [(e.source.code if e.source else None, e.target.code if e.target else None, e.event_code)
            for e in events if not e.is_negated and not e.is_hypothetical]


def test_will_not_lift_the_ban_is_a_refusal(nlp: Language) -> None:
    events = code(nlp, "The British government said it will not lift the ban on the Tamil Tigers.",
                  [("British government", "GBRGOV"), ("Tamil Tigers", "LKASEPLTT")])
    assert ("GBRGOV", "LKASEPLTT", "1241") in real(events)


def test_will_not_meet_is_a_refusal_to_meet(nlp: Language) -> None:
    events = code(nlp, "Russia will not meet Ukraine.", [("Russia", "RUS"), ("Ukraine", "UKR")])
    assert real(events) == [("RUS", "UKR", "125")]


def test_past_negation_stays_negated(nlp: Language) -> None:
    events = code(nlp, "Russia did not meet Ukraine.", [("Russia", "RUS"), ("Ukraine", "UKR")])
    assert real(events) == []
    assert [e.event_code for e in events if e.is_negated] == ["040"]


def test_condition_is_no_refusal(nlp: Language) -> None:
    events = code(nlp, "If the shelling continues, Russia will not meet Ukraine.",
                  [("Russia", "RUS"), ("Ukraine", "UKR")])
    assert real(events) == []


def test_conflictual_acts_have_no_refusal_code() -> None:
    ctl = default_controls()
    assert ctl.refusal_code_for("190") is None and ctl.refusal_code_for("112") is None
    assert ctl.refusal_code_for("0811") == "1241"
