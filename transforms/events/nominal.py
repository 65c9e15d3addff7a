"""Nominal events: an event noun with its actors around it ("talks between A and B", "A's meeting
with B", "the Kerry-Lavrov talks", "airstrikes by A on B").

Skips nouns a verb pattern already used as its object; must not code verbs.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from transforms.events import domestic, modality
from transforms.events.arguments import ActorIndex, prep_objects, subjects
from transforms.events.confidence import confidence
from transforms.events.controls import Controls
from transforms.events.matching import index_key
from transforms.events.patterns import Pattern, PatternBook
from transforms.model import ActorMention, EventMention

NOUN_POS = frozenset({"NOUN", "PROPN"})


def _mods_ok(noun: Token, pattern: Pattern) -> bool:
    doc = noun.doc
    for mods in pattern.trigger_mods:
        n = len(mods)
        if n == 0:
            return True
        if noun.i - n >= 0 and all(
            b.lower_ == m or b.lemma_.lower() == m for b, m in zip(doc[noun.i - n : noun.i], mods, strict=True)
        ):
            return True
    return False


def _pobj_actors(noun: Token, preps: tuple[str, ...], index: ActorIndex, nested: bool = False) -> list[ActorMention]:
    """Actors in the noun's `preps` phrases; with `nested`, also in those hanging off its other
    phrases ("airstrikes by the coalition on Houthi positions", parsed with `on` under `coalition`)."""
    toks: list[Token] = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            toks.extend(prep_objects(c))
        elif nested and c.dep_ == "prep":
            for o in prep_objects(c):
                toks.extend(g for p in o.children if p.dep_ == "prep" and p.lower_ in preps for g in prep_objects(p))
    out: list[ActorMention] = []
    for t in toks:
        out += [a for a in index.np_actors(t, 1) if a not in out]
    return out


#: verbs that only carry an event noun: `Nigeria announced the deployment of troops to Liberia`,
#: `the US completed its withdrawal from Iraq` (the verb's subject is the noun's source)
LIGHT_VERBS = frozenset({"announce", "order", "begin", "start", "complete", "launch", "conduct", "carry", "approve",
                         "authorize", "authorise", "make", "stage", "continue", "resume", "finish", "step",
                         "undertake", "mount", "intensify", "escalate", "expand"})


def _light_verb_sources(noun: Token, index: ActorIndex) -> list[ActorMention]:
    verb = noun.head
    if noun.dep_ not in ("dobj", "obj") or verb.pos_ != "VERB" or verb.lemma_.lower() not in LIGHT_VERBS:
        return []
    return [a for a in index.for_tokens(subjects(verb)) if a.code]


def code_nouns(sent: Span, sentence_index: int, index: ActorIndex, book: PatternBook, controls: Controls,
               consumed: set[int]) -> list[EventMention]:
    out: list[EventMention] = []
    for noun in sent:
        if noun.pos_ not in NOUN_POS or noun.i in consumed or index.covering(noun) is not None:
            continue
        key = index_key(noun, book.nouns)
        if key is None:
            continue
        cands = book.nouns[key]
        for pattern in cands:
            if not _mods_ok(noun, pattern):
                continue
            events = _events_for(noun, pattern, sentence_index, index, controls)
            if events:
                consumed.add(noun.i)
                out.extend(events)
                break
    return out


def _events_for(noun: Token, pattern: Pattern, sentence_index: int, index: ActorIndex,
                controls: Controls) -> list[EventMention]:
    preps = pattern.clauses[0].preps
    sources = index.for_tokens([c for c in noun.children if c.dep_ == "poss"])
    sources += [a for a in _pobj_actors(noun, ("by",), index) if a not in sources]
    compounds: list[ActorMention] = []
    for c in noun.children:
        if c.dep_ in ("compound", "nmod", "amod") and c.i < noun.i:
            for d in c.subtree:  # "the Kerry-Lavrov talks": Kerry hangs off Lavrov
                a = index.covering(d)
                if a is not None and a not in compounds:
                    compounds.append(a)
    if not sources and not compounds:
        sources = _light_verb_sources(noun, index)
    between = _pobj_actors(noun, ("between", "among"), index)
    if len(between) == 1:  # "talks between Israeli and Palestinian negotiators"
        between = index.surface_left(between[0], noun.doc) + between
    targets = [a for a in _pobj_actors(noun, preps, index, nested=True) if a not in sources] if preps else []
    pairs: list[tuple[ActorMention, ActorMention]] = []
    rule = "nominal"
    if len(between) >= 2:
        pairs = [(s, t) for s in between for t in between if s != t]
        rule = "nominal+recip"
    elif len(compounds) >= 2 and not targets:
        pairs = [(s, t) for s in compounds for t in compounds if s != t]
        rule = "nominal+recip"
    else:
        srcs = sources or compounds
        if srcs and targets:
            pairs = [(s, t) for s in srcs for t in targets]
            if len(srcs) > 1 or len(targets) > 1:
                rule = "nominal+coord"
    if not pairs and index.unknown is not None and preps:
        # a side whose country nobody could tell (`the police crackdown on protesters`), read domestically
        srcs = sources or compounds or [a for a in index.unknown.for_tokens([c for c in noun.children
                                                                            if c.dep_ in ("poss", "compound")])]
        targets = targets or [a for a in _pobj_actors(noun, preps, index.unknown, nested=True) if a not in srcs]
        candidates: list[domestic.Pair] = [(s, t) for s in srcs for t in targets]
        pairs = [(s, t) for s, t in domestic.read_domestically(candidates, pattern.code, controls) if t is not None]
        rule = "nominal+unknown_country"
    pairs = [(s, t) for s, t in pairs if s.code and t.code]
    if not pairs:
        return []
    negated, hypothetical = modality.noun_flags(noun, controls)
    text = noun.text if noun.i == 0 or noun.doc[noun.i - 1].dep_ != "compound" else (
        f"{noun.doc[noun.i - 1].text} {noun.text}")
    return [
        EventMention(
            sentence_index=sentence_index, source=s, target=t, event_code=pattern.code,
            action_start_char=noun.idx, action_text=text, is_negated=negated, is_hypothetical=hypothetical,
            confidence=confidence(rule, controls.rule_priors, pattern.specificity, noun, s, t),
            pattern_id=pattern.pattern_id, rule=rule,
        )
        for s, t in pairs
    ]
