"""Verb rules: SVO with preposition targets, passive, coordination, reciprocal verbs, complement
chains and reported speech. Turns pattern matches on verbs into `EventMention`s.

Must not load patterns or decide sentence-level precision (see `coding.py`, `precision.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from transforms.events import modality
from transforms.events.arguments import (
    ActorIndex,
    agents,
    direct_objects,
    is_passive,
    passive_subjects,
    prep_objects,
    prep_tokens,
    subjects,
)
from transforms.events.confidence import confidence
from transforms.events.controls import Controls
from transforms.events.matching import Match, best_match
from transforms.events.patterns import PatternBook
from transforms.model import ActorMention, EventMention

PRONOUN_POS = frozenset({"PRON"})
#: prepositions whose object may be the target when the pattern names none
VERB_TARGET_PREPS = frozenset({"to", "with", "against", "on", "upon", "at", "into", "toward", "towards", "from",
                               "between", "over"})
#: prepositions on the object noun whose object may be the target ("sanctions against Belarus")
OBJECT_NOUN_PREPS = frozenset({"of", "by", "against", "on", "into", "from", "to", "with", "for", "over",
                               "toward", "towards", "at", "between", "upon"})


@dataclass
class Sides:
    sources: list[ActorMention]
    targets: list[ActorMention]
    rule: list[str]


def is_trigger(token: Token) -> bool:
    """Verbs, and nouns the parser made the root of a headline with a subject ("US strikes Syria")."""
    if token.pos_ == "VERB":
        return True
    return token.pos_ in ("NOUN", "PROPN") and token.dep_ == "ROOT" and any(
        c.dep_ == "nsubj" for c in token.children
    )


def _depth(token: Token) -> int:
    d = 0
    while token.head.i != token.i and d < 50:
        token, d = token.head, d + 1
    return d


def _speech_head(verb: Token, controls: Controls) -> Token | None:
    """The reporting verb whose clausal complement holds `verb` ("X said [Y attacked Z]")."""
    t = modality._conj_root(verb)
    for _ in range(4):
        if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in controls.speech_verbs:
            return t.head
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
            return c
    return None


def _source_side(match: Match, index: ActorIndex, controls: Controls) -> tuple[list[ActorMention], list[str],
                                                                               list[Token]]:
    first = match.trigger
    doc = first.doc
    rule: list[str] = []
    if is_passive(first):
        tokens = agents(first)
        rule.append("passive")
    else:
        tokens = subjects(first)
        rule.append("svo")
    sources = index.for_tokens(tokens)
    if sources and len(tokens) == 1 and not tokens[0].conjuncts:
        left = index.surface_left(sources[0], list(doc))
        if left:
            sources = left + sources
            rule.append("surface_coord")
    elif len(sources) > 1:
        rule.append("coord")
    return sources, rule, tokens


def _target_side(match: Match, index: ActorIndex, sources: list[ActorMention]) -> tuple[list[ActorMention], bool]:
    """Targets and whether the pattern named a preposition (then only its object may be the target)."""
    clauses = match.clauses
    source_keys = {(a.start, a.end) for a in sources}
    wanted_prep = any(cl.preps for cl in match.pattern.clauses)
    if wanted_prep:
        tokens: list[Token] = []
        for cm in reversed(clauses):
            for p in cm.preps:
                if p.dep_ == "mark":
                    tokens.extend(s for s in p.head.children if s.dep_ == "nsubj")
                else:
                    tokens.extend(prep_objects(p))
        found = [a for a in index.for_tokens(tokens) if (a.start, a.end) not in source_keys]
        return found, True
    used = {t.i for t in match.tokens}

    def fresh(tokens: list[Token]) -> list[ActorMention]:
        return [a for a in index.for_tokens(tokens) if (a.start, a.end) not in source_keys]

    for depth, cm in enumerate(reversed(clauses)):
        cands = [t for t in direct_objects(cm.verb) if t.i not in used]
        if depth == len(clauses) - 1 and is_passive(cm.verb):
            cands += [t for t in passive_subjects(cm.verb) if t.i not in used]
        found = fresh(cands)
        if found:
            return found, False
    if len(clauses) > 1:  # "urged Iran to release ...": the complement's own subject
        found = fresh([s for cm in clauses[1:] for s in cm.verb.children if s.dep_ == "nsubj"])
        if found:
            return found, False
    # the owner or complement of the object noun: "condemned Turkey's offensive", "sanctions against Belarus"
    nouns: list[Token] = []
    for cm in reversed(clauses):
        nouns += [t for t in ([cm.obj] if cm.obj is not None else []) + direct_objects(cm.verb)]
        if cm is clauses[0] and is_passive(cm.verb):
            nouns += passive_subjects(cm.verb)
    for n in nouns:
        found = fresh([c for c in n.children if c.dep_ == "poss"])
        if found:
            return found, False
        found = fresh([o for p in prep_tokens([n]) if p.lower_ in OBJECT_NOUN_PREPS for o in prep_objects(p)])
        if found:
            return found, False
    for cm in reversed(clauses):  # "sent troops to Cameroon", "appealed to the UN for aid"
        found = fresh([o for p in prep_tokens([cm.verb]) if p.lower_ in VERB_TARGET_PREPS for o in prep_objects(p)])
        if found:
            return found, False
    return [], False


def _action_text(match: Match) -> str:
    """The words that carried the event: verbs, particles, object nouns and the first preposition."""
    toks: dict[int, Token] = {}
    for cm, cl in zip(match.clauses, match.pattern.clauses, strict=True):
        toks[cm.verb.i] = cm.verb
        if cl.particle:
            for c in cm.verb.children:
                if c.lower_ == cl.particle:
                    toks[c.i] = c
                    break
        if cm.obj is not None:
            toks[cm.obj.i] = cm.obj
        if cm.preps:
            toks[cm.preps[0].i] = cm.preps[0]
    return " ".join(toks[i].text for i in sorted(toks))


def _constraints(match: Match) -> int:
    return match.pattern.specificity


def code_verbs(sent: Span, sentence_index: int, index: ActorIndex, book: PatternBook, controls: Controls,
               consumed: set[int]) -> list[EventMention]:
    """Events triggered by verbs in one sentence; marks the tokens each match used in `consumed`."""
    triggers = [t for t in sent if is_trigger(t) and t.lemma_.lower() in book.verbs]
    triggers.sort(key=lambda t: (_depth(t), t.i))
    out: list[EventMention] = []
    for verb in triggers:
        if verb.i in consumed:
            continue
        match = best_match(verb, book.verbs[verb.lemma_.lower()])
        if match is None:
            continue
        consumed.update(t.i for t in match.tokens)
        out.extend(_events_for(match, sentence_index, index, controls))
    return out


def _events_for(match: Match, sentence_index: int, index: ActorIndex, controls: Controls) -> list[EventMention]:
    pattern = match.pattern
    verbs = [c.verb for c in match.clauses]
    first = verbs[0]
    code = pattern.code
    sources, rule, source_tokens = _source_side(match, index, controls)
    negated = modality.is_negated(verbs, controls)
    hypothetical = modality.is_hypothetical(verbs, controls)
    if len(verbs) > 1:
        rule.append("complement")

    speech = _speech_head(first, controls)
    if speech is not None:
        speakers = index.for_tokens(subjects(speech))
        pronoun_subject = bool(source_tokens) and all(t.pos_ in PRONOUN_POS for t in source_tokens)
        if not sources and pronoun_subject and speakers:
            sources = speakers
        if sources:
            rule.append("reported")
        same_actor = bool(speakers) and {a.code for a in sources} <= {a.code for a in speakers}
        threat = controls.threat_code_for(code)
        if threat and (pronoun_subject or same_actor) and modality.has_future(first, controls) and not negated:
            code, hypothetical = threat, False
            rule = [r for r in rule if r != "reported"] + ["reported_threat"]
    if not sources:
        return []

    targets, _ = _target_side(match, index, sources)
    pairs: list[tuple[ActorMention, ActorMention | None]] = []
    if targets:
        pairs = [(s, t) for s in sources for t in targets]
    elif pattern.reciprocal and len(sources) >= 2:
        pairs = [(s, t) for s in sources for t in sources if s != t]
        rule.append("recip")
    elif controls.targetless == "always" or (
        controls.targetless == "object_patterns"
        and any(c.objects is not None for c in pattern.clauses)
        and not any(c.preps for c in pattern.clauses)
    ):
        pairs = [(s, None) for s in sources]
    if not pairs:
        return []
    rule_name = "+".join(dict.fromkeys(rule))
    action_text = _action_text(match)
    out = []
    for s, t in pairs:
        out.append(EventMention(
            sentence_index=sentence_index,
            source=s,
            target=t,
            event_code=code,
            action_start_char=first.idx,
            action_text=action_text,
            is_negated=negated,
            is_hypothetical=hypothetical,
            confidence=confidence(rule_name, controls.rule_priors, _constraints(match), first, s, t),
            pattern_id=pattern.pattern_id,
            rule=rule_name,
        ))
    return out
