"""Reported speech: `X said Y attacked Z` is Y -> Z (a pronoun Y is the speaker); the speaker
announcing its own future act is a threat (13x) or an intent (03x), its own past attack a claim
(015); the speaker also accuses a third-party attacker (X -> Y 112).

Changes codes/actors of verb matches only when the reporting verb governs the clause; must not
find patterns (that is `matching.py`).
"""

from __future__ import annotations

from spacy.tokens import Token

from transforms.events import modality
from transforms.events.arguments import ActorIndex, direct_objects, subjects
from transforms.events.confidence import confidence
from transforms.events.controls import Controls
from transforms.events.matching import Match
from transforms.model import ActorMention, EventMention

PRONOUN_POS = frozenset({"PRON"})
OWNER_PRONOUNS = frozenset({"its", "their", "our", "my"})


def speech_head(verb: Token, controls: Controls) -> tuple[Token | None, bool]:
    """The reporting verb of the clause holding `verb`, and whether it governs it ("X said [Y
    attacked Z]": True) or only trails it ("Y attacked Z, X said": False)."""
    t = modality._conj_root(verb)
    for _ in range(4):
        if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in controls.speech_verbs:
            return t.head, t.i > t.head.i
        if t.dep_ in ("xcomp", "acomp", "conj", "ccomp") and t.head.i != t.i and t.head.lemma_.lower() not in (
            controls.speech_verbs
        ):
            t = t.head
        else:
            break
    t = modality._conj_root(verb)
    # "the official said: ...", "Y attacked Z, X said" (the reporting verb hangs off our verb)
    for c in t.children:
        if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in controls.speech_verbs and c.i > t.i:
            return c, False
    return None, False


def apply(first: Token, speech: Token, governing: bool, sources: list[ActorMention], source_tokens: list[Token],
          code: str, hypothetical: bool, negated: bool, rule: list[str], index: ActorIndex,
          controls: Controls) -> tuple[list[ActorMention], str, bool, list[str]]:
    """Sources, code, hypothetical flag and rule parts after the reported-speech rules."""
    speakers = index.for_tokens(subjects(speech))
    pronoun_subject = bool(source_tokens) and all(t.pos_ in PRONOUN_POS for t in source_tokens)
    uncoded = bool(sources) and not any(a.has_country for a in sources)  # "his forces will attack"
    if ((not sources and pronoun_subject) or uncoded) and speakers:
        sources, pronoun_subject = speakers, True
    if sources:
        rule = [*rule, "reported"]
    same_actor = bool(speakers) and {a.code for a in sources} <= {a.code for a in speakers}
    if governing and (pronoun_subject or same_actor) and not negated:
        # the speaker announcing its own act: a future conflictual act is a threat (13x), a future
        # cooperative act an intent (03x), a past attack a claim of responsibility (015)
        if modality.has_future(first, controls):
            threat, intent = controls.threat_code_for(code), controls.intent_code_for(code)
            if threat or intent:
                code, hypothetical = threat or intent or code, False
                rule = [r for r in rule if r != "reported"] + ["reported_threat" if threat else "reported_intent"]
        elif code.startswith(controls.claim_prefixes) and not modality.is_hypothetical([first], controls, True):
            code, hypothetical = controls.claim_code, False
            rule = [r for r in rule if r != "reported"] + ["reported_claim"]
    return sources, code, hypothetical, rule


def owner_targets(match: Match, speech: Token, sources: list[ActorMention], index: ActorIndex) -> list[ActorMention]:
    """"The Lebanese army said Israeli tanks shelled its positions": the pronoun owner is the speaker."""
    owners = [p for cm in match.clauses for o in direct_objects(cm.verb) for p in o.children
              if p.dep_ == "poss" and p.pos_ == "PRON" and p.lower_ in OWNER_PRONOUNS]
    if not owners:
        return []
    return [a for a in index.for_tokens(subjects(speech)) if a.code and a not in sources]


def accusations(speech: Token, attackers: list[ActorMention], code: str, pattern_id: str, sentence_index: int,
                index: ActorIndex, controls: Controls) -> list[EventMention]:
    """"X said/claimed Y attacked Z": besides Y -> Z, the speaker accuses Y (X -> Y, 112)."""
    if not code.startswith(controls.accusation_prefixes):
        return []
    out = []
    for x in (a for a in index.for_tokens(subjects(speech)) if a.code):
        for y in attackers:
            if x.code != y.code:
                out.append(EventMention(
                    sentence_index=sentence_index, source=x, target=y, event_code=controls.accusation_code,
                    action_start_char=speech.idx, action_text=speech.text, is_negated=False,
                    is_hypothetical=modality.is_hypothetical([speech], controls),
                    confidence=confidence("reported_accusation", controls.rule_priors, 1, speech, x, y),
                    pattern_id=f"{pattern_id}+accusation", rule="reported_accusation",
                ))
    return out
