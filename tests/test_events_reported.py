"""Rule: reported speech. `X said Y attacked Z` is Y -> Z; `X said it will attack Z` is a threat by X."""

from __future__ import annotations

from spacy.language import Language
from test_events_support import code, triples


def test_reported_event_belongs_to_the_embedded_subject(base_nlp: Language) -> None:
    ev = code(base_nlp, "Ukraine said Russia attacked Kharkiv.",
              [("Ukraine", "UKR"), ("Russia", "RUS"), ("Kharkiv", "UKR")])
    assert triples(ev) == {("RUS", "UKR", "190"), ("UKR", "RUS", "112")}  # the event, and the allegation
    attack = next(e for e in ev if e.event_code == "190")
    assert "reported" in attack.rule


def test_future_attack_by_the_speaker_is_a_threat(base_nlp: Language) -> None:
    ev = code(base_nlp, "Iran said it will attack Israel.", [("Iran", "IRN"), ("Israel", "ISR")])
    assert triples(ev) == {("IRN", "ISR", "138")}
    assert ev[0].rule.endswith("reported_threat")
    assert not ev[0].is_hypothetical


def test_future_sanctions_by_the_speaker_are_a_sanction_threat(base_nlp: Language) -> None:
    ev = code(base_nlp, "Washington said it will impose sanctions on Caracas.",
              [("Washington", "USAGOV"), ("Caracas", "VENGOV")])
    assert triples(ev) == {("USAGOV", "VENGOV", "1312")}


def test_past_attack_by_the_speaker_is_a_claim_of_responsibility(base_nlp: Language) -> None:
    ev = code(base_nlp, "Iran said it attacked Israel.", [("Iran", "IRN"), ("Israel", "ISR")])
    assert triples(ev) == {("IRN", "ISR", "015")}
    assert ev[0].rule.endswith("reported_claim")


def test_future_cooperation_by_the_speaker_is_an_intent(base_nlp: Language) -> None:
    ev = code(base_nlp, "Israel announced it would free prisoners from Gaza.", [("Israel", "ISR"), ("Gaza", "PSE")])
    assert {c for _, _, c in triples(ev)} == {"0353"}
    assert not ev[0].is_hypothetical


def test_speaker_accuses_the_reported_attacker(base_nlp: Language) -> None:
    ev = code(base_nlp, "The US claimed that ISIL had attacked Iraq.",
              [("US", "USA"), ("ISIL", "IMGMOSISI"), ("Iraq", "IRQ")])
    assert ("USA", "IMGMOSISI", "112") in triples(ev, real_only=True)


def test_speaker_accuses_the_attacker_even_without_a_target(base_nlp: Language) -> None:
    ev = code(base_nlp, "The US said that Iraq had attacked themselves.", [("US", "USA"), ("Iraq", "IRQ")])
    assert triples(ev) == {("USA", "IRQ", "112")}
    assert ev[0].rule == "reported_accusation"


def test_no_accusation_for_a_reported_cooperative_act_without_target(base_nlp: Language) -> None:
    ev = code(base_nlp, "The US said that Iraq had praised them.", [("US", "USA"), ("Iraq", "IRQ")])
    assert not any(e.event_code == "112" for e in ev)


def test_no_accusation_for_a_denied_attack(base_nlp: Language) -> None:
    ev = code(base_nlp, "The US said that Iraq had not attacked anyone.", [("US", "USA"), ("Iraq", "IRQ")])
    assert not any(e.event_code == "112" for e in ev)


def test_trailing_attribution_does_not_convert(base_nlp: Language) -> None:
    ev = code(base_nlp, "Israel attacked Gaza, Israel said.", [("Israel", "ISR"), ("Gaza", "PSE"), ("Israel", "ISR")])
    assert ("ISR", "PSE", "190") in triples(ev)


def test_third_party_future_attack_is_not_the_speakers_threat(base_nlp: Language) -> None:
    ev = code(base_nlp, "Israel said Iran will attack it.", [("Israel", "ISR"), ("Iran", "IRN"), ("it", "ISR")])
    assert ("ISR", "IRN", "138") not in triples(ev)
