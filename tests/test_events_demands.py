"""Reported demands (`demands.py`): `X says Y must Z` is X -> Y 100, the demanded act stays hypothetical;
no demand without an obligation modal, on a thing instead of an actor, or from a borrowed country."""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_events_support import code

pytestmark = pytest.mark.slow


def triples(events: list) -> set[tuple[str | None, str | None, str, bool]]:
    return {(e.source.code if e.source else None, e.target.code if e.target else None, e.event_code,
             e.is_hypothetical) for e in events}


def test_says_must_is_a_demand(nlp: Language) -> None:
    got = triples(code(nlp, "Russia says Israel must end its attacks on Syria.",
                       [("Russia", "RUS"), ("Israel", "ISR"), ("Syria", "SYR")]))
    assert ("RUS", "ISR", "100", False) in got
    assert all(h for s, _, c, h in got if s == "ISR")  # the demanded act has not happened


def test_should_is_a_demand(nlp: Language) -> None:
    got = triples(code(nlp, "Human Rights Watch said that Sudanese authorities should release the detainees.",
                       [("Human Rights Watch", "NGOHRIHRW"), ("Sudanese authorities", "SDNGOV")]))
    assert ("NGOHRIHRW", "SDNGOV", "100", False) in got


def test_no_modal_no_demand(nlp: Language) -> None:
    got = triples(code(nlp, "Russia says Israel ended its attacks on Syria.",
                       [("Russia", "RUS"), ("Israel", "ISR"), ("Syria", "SYR")]))
    assert not any(c == "100" for _, _, c, _ in got)


def test_a_thing_is_not_the_obliged_actor(nlp: Language) -> None:
    got = triples(code(nlp, "Trump said the oppression of the Venezuelan people must end.",
                       [("Trump", "USAGOV"), ("Venezuelan people", "VENCVL")]))
    assert not any(c == "100" for _, _, c, _ in got)


def test_negated_report_is_no_demand(nlp: Language) -> None:
    got = triples(code(nlp, "Russia did not say Israel must end its attacks.", [("Russia", "RUS"), ("Israel", "ISR")]))
    assert not any(c == "100" for _, _, c, _ in got)
