"""Rule: complement chains take the code of the whole chain, not of the first verb."""

from __future__ import annotations

from spacy.language import Language
from test_events_support import code, triples


def test_agree_to_hold_talks_is_036(base_nlp: Language) -> None:
    ev = code(base_nlp, "Iran agreed to hold talks with the United States.",
              [("Iran", "IRN"), ("United States", "USA")])
    assert triples(ev) == {("IRN", "USA", "036")}
    assert "complement" in ev[0].rule


def test_pledge_to_send_aid_is_033(base_nlp: Language) -> None:
    ev = code(base_nlp, "Japan pledged to send aid to Nepal.", [("Japan", "JPN"), ("Nepal", "NPL")])
    assert triples(ev) == {("JPN", "NPL", "033")}


def test_threaten_to_strike_is_138(base_nlp: Language) -> None:
    ev = code(base_nlp, "Iran threatened to strike Israel.", [("Iran", "IRN"), ("Israel", "ISR")])
    assert triples(ev) == {("IRN", "ISR", "138")}
    assert ev[0].pattern_id.startswith("verb:threaten>")


def test_refuse_is_its_own_rejection_code_not_a_negation(base_nlp: Language) -> None:
    ev = code(base_nlp, "North Korea refused to meet South Korea.", [("North Korea", "PRK"), ("South Korea", "KOR")])
    assert triples(ev) == {("PRK", "KOR", "125")}
    assert not ev[0].is_negated


def test_appeal_target_is_the_addressee(base_nlp: Language) -> None:
    ev = code(base_nlp, "The United Nations urged Russia to withdraw its troops.",
              [("United Nations", "IGOUNO"), ("Russia", "RUS")])
    assert triples(ev) == {("IGOUNO", "RUS", "0256")}


def test_inner_verb_is_not_coded_again(base_nlp: Language) -> None:
    # "strike" alone would be 190; inside the chain it must not produce a second event
    ev = code(base_nlp, "Iran threatened to strike Israel.", [("Iran", "IRN"), ("Israel", "ISR")])
    assert len(ev) == 1
