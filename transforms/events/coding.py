"""Codes the events of one Doc: precision gate per sentence, verb rules, nominal rules, limits.

Pure function of (Doc, actors, patterns, controls); no I/O and no spaCy component plumbing.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from transforms.events.arguments import ActorIndex
from transforms.events.controls import Controls
from transforms.events.demands import code_demands
from transforms.events.nominal import code_nouns
from transforms.events.patterns import PatternBook
from transforms.events.precision import keep_events, sentence_rejection
from transforms.events.verbal import code_verbs
from transforms.model import ActorMention, EventMention


def code_doc(doc: Doc, actors: Sequence[ActorMention], book: PatternBook,
             controls: Controls, places: Sequence[ActorMention] = ()) -> list[EventMention]:
    """All events in `doc`, sorted by sentence and position. `places` are country words that are no
    actor (`Doc._.country_places`), used as targets only when no actor is found."""
    if not actors:
        return []
    index = ActorIndex(actors, places if controls.place_targets else ())
    out: list[EventMention] = []
    for si, sent in enumerate(doc.sents):
        if not index.covers_any(sent):
            continue
        if sentence_rejection(sent, controls) is not None:
            continue
        consumed: set[int] = set()
        events = code_verbs(sent, si, index, book, controls, consumed)
        events += code_demands(sent, si, index, controls, consumed)
        events += code_nouns(sent, si, index, book, controls, consumed)
        out.extend(keep_events(events, controls))
    return out
