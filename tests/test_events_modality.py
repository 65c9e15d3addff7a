"""Rule: negation and modality set is_negated / is_hypothetical (events are kept, flagged)."""

from __future__ import annotations

from spacy.language import Language
from test_events_support import code, triples


def _one(ev):  # type: ignore[no-untyped-def]
    assert len(ev) == 1, ev
    return ev[0]


def test_did_not_sign_is_negated(base_nlp: Language) -> None:
    e = _one(code(base_nlp, "Russia did not sign the treaty with Ukraine.",
                  [("Russia", "RUS"), ("Ukraine", "UKR")]))
    assert (e.event_code, e.is_negated, e.is_hypothetical) == ("057", True, False)


def test_never_is_negation(base_nlp: Language) -> None:
    e = _one(code(base_nlp, "Israel never attacked Lebanon.", [("Israel", "ISR"), ("Lebanon", "LBN")]))
    assert e.is_negated


def test_modal_could_is_hypothetical(base_nlp: Language) -> None:
    e = _one(code(base_nlp, "China could attack Taiwan.", [("China", "CHN"), ("Taiwan", "TWN")]))
    assert (e.is_negated, e.is_hypothetical) == (False, True)


def test_may_meet_is_hypothetical(base_nlp: Language) -> None:
    e = _one(code(base_nlp, "Biden may meet Xi next month.", [("Biden", "USAGOV"), ("Xi", "CHNGOV")]))
    assert e.is_hypothetical


def test_conditional_is_hypothetical(base_nlp: Language) -> None:
    e = _one(code(base_nlp, "If Iran attacks Israel, oil prices will rise.", [("Iran", "IRN"), ("Israel", "ISR")]))
    assert e.is_hypothetical


def test_question_is_hypothetical(base_nlp: Language) -> None:
    e = _one(code(base_nlp, "Will Russia invade Ukraine?", [("Russia", "RUS"), ("Ukraine", "UKR")]))
    assert e.is_hypothetical


def test_intention_governor_is_hypothetical(base_nlp: Language) -> None:
    e = _one(code(base_nlp, "Modi plans to visit Japan.", [("Modi", "INDGOV"), ("Japan", "JPN")]))
    assert (e.event_code, e.is_hypothetical) == ("042", True)


def test_failed_to_is_negated(base_nlp: Language) -> None:
    e = _one(code(base_nlp, "Serbia failed to sign the agreement with Kosovo.", [("Serbia", "SRB"), ("Kosovo", "XKX")]))
    assert e.is_negated


def test_plain_past_is_real(base_nlp: Language) -> None:
    e = _one(code(base_nlp, "China attacked Taiwan.", [("China", "CHN"), ("Taiwan", "TWN")]))
    assert not (e.is_negated or e.is_hypothetical)
    assert triples([e], real_only=True) == {("CHN", "TWN", "190")}


def test_no_talks_between_is_negated(base_nlp: Language) -> None:
    ev = code(base_nlp, "There were no talks between Armenia and Azerbaijan.",
              [("Armenia", "ARM"), ("Azerbaijan", "AZE")])
    assert ev and all(e.is_negated for e in ev)
