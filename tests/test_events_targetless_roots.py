"""`targetless_roots` (controls.yaml): roots coded one-sided when no target is found. By default only
statements (01), intent (03) and protest (14): there one-sided events cost no dyad precision on the
article gold; other roots stay dyadic (a user can add them for recall)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.language import Language
from test_events_support import code

from transforms.events.controls import default_controls

pytestmark = pytest.mark.slow

TEXT = "The Algerian president resigned on Tuesday."


def test_default_roots(nlp: Language) -> None:
    assert default_controls().targetless_roots == ("01", "03", "14")
    assert code(nlp, "Russia attacked.", [("Russia", "RUS")]) == []


def test_a_statement_without_target_is_one_sided(nlp: Language) -> None:
    events = code(nlp, "The South Korean government said it is skeptical of that death toll.",
                  [("South Korean government", "KORGOV")])
    assert [(e.source and e.source.code, e.target, e.event_code[:2]) for e in events] == [("KORGOV", None, "01")]


def test_on_for_a_root_gives_a_one_sided_event(nlp: Language) -> None:
    ctl = replace(default_controls(), targetless_roots=("19",))
    events = code(nlp, "Russian forces attacked on Tuesday.", [("Russian forces", "RUSMIL")], ctl)
    assert [(e.source and e.source.code, e.target, e.event_code[:2]) for e in events] == [("RUSMIL", None, "19")]


def test_other_roots_stay_dyadic(nlp: Language) -> None:
    ctl = replace(default_controls(), targetless_roots=("19",))
    assert code(nlp, "The Russian foreign ministry criticized on Tuesday.", [("Russian foreign ministry", "RUSGOV")],
                ctl) == []
