"""The user's seed article, coded by the real pipeline (model + cameo_actors + cameo_events)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from transforms.model import EventMention, register_extensions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed(nlp: Language, shared_dir: Path) -> Doc:
    register_extensions()
    text = (shared_dir / "seeds" / "000_6576ef386a19e029.txt").read_text(encoding="utf-8")
    doc = nlp.make_doc(text)
    doc._.event_date = dt.date(2015, 12, 15)
    return nlp(doc)


def _real(doc: Doc) -> list[EventMention]:
    return [e for e in doc._.events if not (e.is_negated or e.is_hypothetical)]


def _has(events: list[EventMention], src: str, tgt: str | None, codes: tuple[str, ...]) -> list[EventMention]:
    return [
        e for e in events
        if e.source is not None and e.source.code == src
        and ((e.target.code if e.target else None) == tgt)
        and e.event_code.startswith(codes)
    ]


def test_headline_russia_us_agree_to_talks_both_ways(seed: Doc) -> None:
    ev = _real(seed)
    assert _has(ev, "RUS", "USA", ("03",)) and _has(ev, "USA", "RUS", ("03",))
    assert all(e.sentence_index == 0 for e in _has(ev, "RUS", "USA", ("03",)))


def test_assad_and_senator_kerry_meet_in_2005(seed: Doc) -> None:
    ev = _real(seed)
    meet = _has(ev, "SYRGOV", "USALEG", ("04",)) + _has(ev, "USALEG", "SYRGOV", ("04",))
    assert len(meet) == 2
    assert {e.action_text for e in meet} == {"meet"}


def test_kerry_held_talks_with_lavrov(seed: Doc) -> None:
    (e,) = _has(_real(seed), "USAGOV", "RUSGOV", ("04",))
    assert e.action_text.startswith("held talks")
    assert seed.text[e.action_start_char:].startswith("held")


def test_russia_presses_for_talks_and_calls_on_the_us(seed: Doc) -> None:
    assert _has(_real(seed), "RUS", "USA", ("02", "10"))


def test_kerry_thanks_putin_and_lavrov(seed: Doc) -> None:
    thanks = _has(_real(seed), "USAGOV", "RUSGOV", ("051",))
    assert {seed.text[e.target.start_char:e.target.end_char] for e in thanks if e.target} == {"Putin", "Lavrov"}


def test_syrian_opposition_agrees_to_negotiate_with_assad(seed: Doc) -> None:
    (e,) = _has(_real(seed), "SYROPP", "SYRGOV", ("03",))
    assert e.event_code == "036"
    assert "complement" in e.rule


def test_us_would_not_end_sanctions_is_a_refusal(seed: Doc) -> None:
    # `The U.S. would not end the sanctions`: CAMEO codes the announced refusal, 1244 (refuse to ease
    # economic sanctions), not a negated 085
    refusals = [e for e in _real(seed) if e.event_code.startswith("124")]
    assert refusals and all(e.source is not None and e.source.code == "USA" for e in refusals)
    assert not [e for e in _real(seed) if e.event_code.startswith("085")]


def test_every_event_is_explained(seed: Doc) -> None:
    assert seed._.events
    for e in seed._.events:
        assert e.pattern_id and e.rule and 0.0 <= e.confidence <= 1.0
        assert e.source is not None and e.source.code


def test_coding_is_deterministic(nlp: Language, seed: Doc) -> None:
    again = nlp.make_doc(seed.text)
    again._.event_date = dt.date(2015, 12, 15)
    assert nlp(again)._.events == seed._.events
