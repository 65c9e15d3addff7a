"""Negation and modality of a coded event: sets `is_negated` / `is_hypothetical`.

Reads only the parse around the trigger and the word lists in `controls.yaml`; must not change
codes or actors (a refusal is its own 12x pattern, not a negated event).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from transforms.events.controls import Controls

#: arcs through which a governing verb's modality reaches its complement
GOVERNOR_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "advcl"})


def _conj_root(verb: Token) -> Token:
    """The first verb of a coordination ("could encourage and help" -> encourage)."""
    t = verb
    while t.dep_ == "conj" and t.head.i != t.i and t.head.pos_ in ("VERB", "AUX"):
        t = t.head
    return t


def _has_neg(verb: Token, controls: Controls) -> bool:
    return any(
        c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in controls.negation_words)
        for c in verb.children
    )


def is_negated(verbs: Sequence[Token], controls: Controls) -> bool:
    """A `not`/`never` on any verb of the chain (or the verb it is coordinated with), or a
    negating governor ("failed to reach a deal")."""
    for v in verbs:
        if _has_neg(v, controls) or _has_neg(_conj_root(v), controls):
            return True
    first = _conj_root(verbs[0])
    return first.dep_ in GOVERNOR_DEPS and first.head.lemma_.lower() in controls.negating_governors


def _modal(verb: Token, controls: Controls) -> bool:
    return any(c.dep_ == "aux" and c.lemma_.lower() in controls.hypothetical_modals for c in verb.children)


def _conditional(verb: Token, controls: Controls) -> bool:
    t: Token | None = verb
    for _ in range(4):
        if t is None:
            break
        if any(c.dep_ == "mark" and c.lower_ in controls.conditional_marks for c in t.children):
            return True
        if t.dep_ in ("conj", "xcomp") and t.head.i != t.i:
            t = t.head
        else:
            break
    return False


def is_hypothetical(verbs: Sequence[Token], controls: Controls, local_only: bool = False) -> bool:
    """Modal auxiliary (`could attack`), conditional clause (`if ... attacks`), question, or an
    intention governor (`plans to visit`)."""
    first = verbs[0]
    root = _conj_root(first)
    # only the first verb: in "threatened that they would be punished" the modal is the threat's content
    if _modal(first, controls) or _modal(root, controls):
        return True
    if _conditional(first, controls) or _conditional(root, controls):
        return True
    sent = first.sent
    if sent[-1].text == "?" or (len(sent) > 1 and sent[-2].text == "?"):
        return True
    if local_only:  # only the verb's own modality, not what governs it ("claimed that they attacked")
        return False
    gov = root
    for _ in range(2):
        if gov.dep_ not in GOVERNOR_DEPS or gov.head.i == gov.i:
            break
        gov = gov.head
        if gov.pos_ == "ADP" and gov.dep_ == "prep" and gov.head.i != gov.i:  # `accused X of [arming]`
            gov = gov.head
        if gov.lemma_.lower() in controls.hypothetical_governors:
            return True
        if _modal(gov, controls):
            return True
    return False


def is_refusal(verbs: Sequence[Token], controls: Controls) -> bool:
    """`will not lift the ban`, `won't accept`: a negated future act, not inside a condition or a question
    (CAMEO codes such an announcement as a rejection, 12x)."""
    first = verbs[0]
    root = _conj_root(first)
    if not has_future(first, controls) or _conditional(first, controls) or _conditional(root, controls):
        return False
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in controls.conditional_marks for m in c.children)
           for v in (first, root) for c in v.children):  # `If X, Russia will not meet Ukraine`
        return False
    sent = first.sent
    return not (sent[-1].text == "?" or (len(sent) > 1 and sent[-2].text == "?"))


def has_future(verb: Token, controls: Controls) -> bool:
    """`will attack`, `would strike`, `is going to hit`."""
    root = _conj_root(verb)
    for v in (verb, root):
        if any(c.dep_ == "aux" and c.lower_ in controls.future_markers for c in v.children):
            return True
        if any(c.dep_ == "aux" and c.lemma_.lower() in ("will", "shall") for c in v.children):
            return True
        if v.dep_ == "xcomp" and v.head.lower_ == "going":
            return True
    return False


def noun_flags(noun: Token, controls: Controls) -> tuple[bool, bool]:
    """(negated, hypothetical) for an event noun: `no talks`, `planned talks`, or its governing verb."""
    negated = any(c.lower_ in controls.negation_words for c in noun.children if c.dep_ in ("det", "neg"))
    hypothetical = any(
        c.dep_ in ("amod", "compound") and c.lower_ in controls.hypothetical_adjectives for c in noun.children
    )
    gov = noun.head
    steps = 0
    while gov.i != noun.i and gov.pos_ not in ("VERB", "AUX") and gov.head.i != gov.i and steps < 3:
        gov, steps = gov.head, steps + 1
    if gov.pos_ in ("VERB", "AUX") and gov.i != noun.i:
        negated = negated or is_negated([gov], controls)
        hypothetical = hypothetical or is_hypothetical([gov], controls) or (
            gov.lemma_.lower() in controls.hypothetical_governors
        )
    return negated, hypothetical
