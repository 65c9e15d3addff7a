"""First-person words inside a quotation are its speaker: `"We have the right to strike back," said
Saree` -> `We` is Saree's actor; `"I decided to give you a chance," Zelensky said` -> `I` is UKRGOV.

Applies to I/me/my/we/us/our between quotation marks in a sentence whose reporting verb (outside the
quotation) has a coded subject. Certainty 0.6, evidence `coref:quote-speaker`. Must not change
mentions that already exist.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from transforms.actors.compose import Draft

FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
QUOTES = frozenset({'"', "“", "”", "«", "»"})
#: reporting verbs whose subject speaks the quotation
SPEECH_LEMMAS = frozenset({"say", "tell", "add", "state", "write", "tweet", "declare", "announce", "insist", "warn",
                           "stress", "explain", "note", "continue", "argue", "reply", "respond", "remark"})
#: Certainty of a first-person word resolved to the quotation's speaker.
QUOTE_CERTAINTY = 0.6


def _inside_quotes(sent: Span) -> set[int]:
    inside: set[int] = set()
    open_ = False
    for t in sent:
        if t.text in QUOTES:
            open_ = not open_
            continue
        if open_:
            inside.add(t.i)
    return inside


def _speaker(sent: Span, inside: set[int], drafts: list[Draft]) -> Draft | None:
    by_head = {d.head: d for d in drafts if d.code and not d.code.startswith("---")}
    for verb in sent:
        if verb.i in inside or verb.lemma_.lower() not in SPEECH_LEMMAS or verb.pos_ != "VERB":
            continue
        for s in verb.children:
            if s.dep_ == "nsubj" and s.i not in inside:
                found = by_head.get(s.i) or next((d for d in drafts if d.start <= s.i < d.end and d.code
                                                  and not d.code.startswith("---")), None)
                if found is not None:
                    return found
    return None


def resolve_quote_speakers(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Drafts for first-person words in quotations, pointing to the speaker (see the module docstring)."""
    covered = {i for d in drafts for i in range(d.start, d.end)}
    added: list[Draft] = []
    has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    for sent in (doc.sents if has_sents else [doc[:]]):
        inside = _inside_quotes(sent)
        words: list[Token] = [t for t in sent if t.i in inside and t.lower_ in FIRST_PERSON and t.i not in covered]
        if not words:
            continue
        speaker = _speaker(sent, inside, drafts)
        if speaker is None:
            continue
        for t in words:
            added.append(Draft(t.i, t.i + 1, speaker.code, speaker.country, speaker.agent, speaker.group, t.i,
                               ["coref:quote-speaker", *speaker.evidence[:1]], QUOTE_CERTAINTY,
                               person=speaker.person, personal=speaker.personal, sex=speaker.sex))
    if not added:
        return drafts
    return sorted([*drafts, *added], key=lambda d: d.start)
