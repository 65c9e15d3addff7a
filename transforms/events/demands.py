"""Reported demands: `Russia says Israel must end its attacks`, `HRW said the authorities should
release them` is a demand (10x) by the speaker on the subject of the obliged clause.

Fires on a reporting verb (`controls.speech_verbs`) whose clausal complement has an obligation modal
(`controls.obligation_modals`: must, should, need to, have to) and a coded subject other than the
speaker. The demanded act itself stays hypothetical (it has not happened); only the demand is real.
Must not code the embedded act (the verb rules do that).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from transforms.events import modality
from transforms.events.arguments import ActorIndex, subjects
from transforms.events.confidence import confidence
from transforms.events.controls import Controls
from transforms.model import ActorMention, EventMention

#: the rule's name in `EventMention.rule` and in `controls.rule_priors`
RULE = "reported_demand"


def _obliged(verb: Token, controls: Controls) -> bool:
    """`must end`, `should release`, `needs to stop`, `has to leave` (not negated: `must not` is a demand too)."""
    if any(c.dep_ == "aux" and c.lower_ in controls.obligation_modals for c in verb.children):
        return True
    head = verb.head
    return (verb.dep_ == "xcomp" and head.lemma_.lower() in ("need", "have") and head.i != verb.i
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children))


def _borrowed(speaker: ActorMention, obliged: ActorMention) -> bool:
    """A speaker whose country was only guessed from this sentence (`the minister said Iran ...`)."""
    return "context:sentence" in speaker.entry_id and speaker.country_code == obliged.country_code


def code_demands(sent: Span, sentence_index: int, index: ActorIndex, controls: Controls,
                 consumed: set[int]) -> list[EventMention]:
    """One 10x event per (speaker, obliged subject) pair; marks the reporting verb as used."""
    if not controls.obligation_modals:
        return []
    out: list[EventMention] = []
    for speech in sent:
        if speech.lemma_.lower() not in controls.speech_verbs or speech.pos_ != "VERB" or speech.i in consumed:
            continue
        if modality.is_negated([speech], controls) or modality.is_hypothetical([speech], controls):
            continue
        speakers = [a for a in index.for_tokens(subjects(speech)) if a.code]
        if not speakers:
            continue
        for clause in (c for c in speech.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")):
            verb = clause
            if not _obliged(verb, controls):
                verb = next((x for x in clause.children if x.dep_ == "xcomp" and _obliged(x, controls)), clause)
                if verb is clause:
                    continue
            subject_tokens = [s for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")]
            # the subject itself must be the actor (`Israel must`), not a thing about one (`the oppression of X`)
            obliged = [a for t in subject_tokens for c in (t, *t.conjuncts)
                       if (a := index.own(c)) is not None and a.code]
            pairs = [(s, t) for s in speakers for t in obliged
                     if s.code != t.code and (s.start, s.end) != (t.start, t.end) and not _borrowed(s, t)]
            for s, t in pairs:
                out.append(EventMention(
                    sentence_index=sentence_index, source=s, target=t, event_code=controls.demand_code,
                    action_start_char=speech.idx, action_text=f"{speech.text} … {verb.text}",
                    is_negated=False, is_hypothetical=False,
                    confidence=confidence(RULE, controls.rule_priors, 1, speech, s, t),
                    pattern_id=f"rule:{RULE}", rule=RULE,
                ))
            if pairs:
                consumed.add(speech.i)
    return out
