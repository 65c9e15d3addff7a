"""Helpers for the event-rule tests: parse a sentence with the real spaCy model and attach actor
mentions written by hand (so a rule is tested on its own, independent of the actor resolver)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from transforms.events.coding import code_doc
from transforms.events.controls import Controls, default_controls
from transforms.events.patterns import default_book
from transforms.model import ActorMention, EventMention


def actor(doc: Doc, text: str, code: str, occurrence: int = 0, certainty: float = 1.0) -> ActorMention:
    """An ActorMention over the `occurrence`-th appearance of `text` in `doc`."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    span = doc.char_span(start, start + len(text), alignment_mode="expand")
    assert span is not None, text
    country = None if code.startswith("IGO") else code[:3]
    return ActorMention(
        start=span.start, end=span.end, start_char=span.start_char, end_char=span.end_char, text=span.text,
        code=code, country_code=country, agent_code=code[3:6] or None, head=span.root.i, entry_id="test",
        certainty=certainty,
    )


def code(nlp: Language, text: str, actors: list[tuple[str, str]],
         controls: Controls | None = None) -> list[EventMention]:
    """Code `text` with the bundled patterns, given (text, code) actors in order of appearance."""
    doc = nlp(text)
    seen: dict[str, int] = {}
    mentions = []
    for t, c in actors:
        mentions.append(actor(doc, t, c, seen.get(t, 0)))
        seen[t] = seen.get(t, 0) + 1
    return code_doc(doc, mentions, default_book(), controls or default_controls())


def triples(events: list[EventMention], real_only: bool = False) -> set[tuple[str | None, str | None, str]]:
    """(source code, target code, event code) of each event."""
    return {
        (e.source.code if e.source else None, e.target.code if e.target else None, e.event_code)
        for e in events
        if not real_only or not (e.is_negated or e.is_hypothetical)
    }


def roots(events: list[EventMention]) -> set[tuple[str | None, str | None, str]]:
    return {(s, t, c[:2]) for s, t, c in triples(events)}


def test_actor_helper_spans_the_text(base_nlp: Language) -> None:
    doc = base_nlp("Russia and Russia again.")
    a = actor(doc, "Russia", "RUS", occurrence=1)
    assert (a.start, a.end, a.text) == (2, 3, "Russia")
