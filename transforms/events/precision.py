"""Precision controls: which sentences are coded at all, and which events of a sentence are kept.

Discard phrases (sports, entertainment), sentence length bounds, self-events, duplicates and the
per-sentence cap. Must not invent or recode events.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

from transforms.events.controls import Controls
from transforms.model import EventMention


def sentence_rejection(sent: Span, controls: Controls) -> str | None:
    """Why a sentence is not coded (`too_short`, `too_long`, `discard:<phrase>`), or None."""
    n = sum(1 for t in sent if not t.is_space)
    if n < controls.min_sentence_tokens:
        return "too_short"
    if n > controls.max_sentence_tokens:
        return "too_long"
    words = [t.lower_ for t in sent]
    lemmas = [t.lemma_.lower() for t in sent]
    phrases = controls.discard_phrases
    for i in range(len(words)):
        for key in {words[i], lemmas[i]}:
            for seq in phrases.get(key, ()):
                n = len(seq)
                if i + n <= len(words) and all(seq[k] in (words[i + k], lemmas[i + k]) for k in range(n)):
                    return "discard:" + " ".join(seq)
    return None


def _key(e: EventMention) -> tuple[str | None, str | None, int, int, str]:
    return (
        e.source.code if e.source else None,
        e.target.code if e.target else None,
        e.source.start if e.source else -1,
        e.target.start if e.target else -1,
        e.event_code,
    )


def keep_events(events: Sequence[EventMention], controls: Controls) -> list[EventMention]:
    """Drop self-events and duplicates (same actors and code), then keep the best `max_events_per_sentence`."""
    best: dict[tuple[str | None, str | None, int, int, str], EventMention] = {}
    for e in events:
        if (
            controls.drop_self_events
            and e.source is not None
            and e.target is not None
            and e.source.code is not None
            and e.source.code == e.target.code
        ):
            continue
        if e.source is not None and e.target is not None and e.source.start == e.target.start:
            continue
        k = _key(e)
        if k not in best or e.confidence > best[k].confidence:
            best[k] = e
    kept = sorted(best.values(), key=lambda e: (-e.confidence, e.action_start_char, _key(e)[2], _key(e)[3]))
    kept = kept[: controls.max_events_per_sentence]
    return sorted(kept, key=lambda e: (e.action_start_char, _key(e)[2], _key(e)[3], e.event_code))
