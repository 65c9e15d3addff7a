"""Verb rules: SVO with preposition targets, passive, coordination, reciprocal verbs and complement
chains (reported speech is applied from `reported.py`). Turns pattern matches on verbs into
`EventMention`s.

Must not load patterns or decide sentence-level precision (see `coding.py`, `precision.py`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from transforms.events import consequence, domestic, modality, reported
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
from transforms.events.matching import Match, index_key, matches
from transforms.events.patterns import PatternBook
from transforms.model import ActorMention, EventMention

#: prepositions whose object may be the target when the pattern names none
VERB_TARGET_PREPS = frozenset({"to", "with", "against", "on", "upon", "at", "into", "toward", "towards", "from",
                               "between", "over"})
#: prepositions on the object noun whose object may be the target ("sanctions against Belarus")
OBJECT_NOUN_PREPS = frozenset({"of", "by", "against", "on", "into", "from", "to", "with", "for", "over",
                               "toward", "towards", "at", "between", "upon"})


def is_trigger(token: Token) -> bool:
    """Verbs, predicative adjectives ("was ready to negotiate"), and nouns the parser made the root of
    a headline with a subject ("US strikes Syria")."""
    if token.pos_ == "VERB":
        return True
    if token.pos_ == "ADJ":
        return token.dep_ in ("acomp", "ROOT", "conj")
    return token.pos_ in ("NOUN", "PROPN") and token.dep_ == "ROOT" and any(
        c.dep_ == "nsubj" for c in token.children
    )


def _key(token: Token, book: PatternBook) -> str | None:
    return index_key(token, book.verbs)


def _depth(token: Token) -> int:
    d = 0
    while token.head.i != token.i and d < 50:
        token, d = token.head, d + 1
    return d


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
    if not sources and index.unknown is not None:  # `police arrested ...`: a role of unknown country
        sources = index.unknown.for_tokens(tokens)
    if sources and len(tokens) == 1 and not tokens[0].conjuncts:
        left = index.surface_left(sources[0], doc)
        if left:
            sources = left + sources
            rule.append("surface_coord")
    elif len(sources) > 1:
        rule.append("coord")
    return sources, rule, tokens


def _target_side(match: Match, index: ActorIndex, sources: list[ActorMention]) -> list[ActorMention]:
    """Target actors, searched in a fixed order; the first step that finds a coded actor wins:
    1. the object of a preposition the pattern names ("meet [with] X");
    2. the own subject of a complement clause ("urged Iran to release", "demanded that Russia free");
    3. direct objects, deepest clause first (passive: the passive subject);
    4. the object noun phrase's actor/possessor/prepositional actor ("condemned Turkey's offensive");
    5. objects of target-like prepositions on the verbs ("sent troops to Cameroon");
    6. for adjectives, the subject of their clausal complement ("pessimistic that the Taliban ...").
    """
    clauses = match.clauses
    source_keys = {(a.start, a.end) for a in sources}

    def fresh(found: list[ActorMention]) -> list[ActorMention]:
        return [a for a in found if a.code and (a.start, a.end) not in source_keys]

    if any(cl.preps for cl in match.pattern.clauses):
        found = []
        for cm in reversed(clauses):
            for p in cm.preps:
                if p.dep_ == "mark":
                    found += index.for_tokens([s for s in p.head.children if s.dep_ == "nsubj"])
                else:
                    for o in prep_objects(p):
                        found += [a for a in index.np_actors(o) if a not in found]
        if fresh(found):
            return fresh(found)
    used = {t.i for t in match.tokens}
    if len(clauses) > 1:
        found = fresh(index.for_tokens([s for cm in clauses[1:] for s in cm.verb.children if s.dep_ == "nsubj"]))
        if found:
            return found
    for depth, cm in enumerate(reversed(clauses)):
        cands = [t for t in direct_objects(cm.verb) if t.i not in used]
        cands += [s for c in cm.verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "ADJ"
                  for s in c.children if s.dep_ == "nsubj"]  # "found Serbia responsible"
        if depth == len(clauses) - 1 and is_passive(cm.verb):
            cands += [t for t in passive_subjects(cm.verb) if t.i not in used]
        found = []
        for c in cands:
            for t in (c, *c.conjuncts):
                found += [a for a in index.np_actors(t, 0) if a not in found]
        found = fresh(found) or fresh(index.for_tokens(cands))
        if found:
            return found
    nouns: list[Token] = []
    for cm in reversed(clauses):
        nouns += ([cm.obj] if cm.obj is not None else []) + direct_objects(cm.verb)
        if cm is clauses[0] and is_passive(cm.verb):
            nouns += passive_subjects(cm.verb)
    for n in nouns:
        found = fresh(index.np_actors(n))
        if found:
            return found
    for cm in reversed(clauses):
        found = []
        for p in prep_tokens([cm.verb]):
            # `by` on an active verb is a misattached noun modifier ("opened an investigation ... by Russia")
            if p.lower_ in VERB_TARGET_PREPS or (p.lower_ == "by" and not is_passive(cm.verb)):
                for o in prep_objects(p):
                    found += index.np_actors(o)
        found = fresh(found)
        if found:
            return found
    first = clauses[0].verb
    if first.pos_ == "ADJ":  # "pessimistic that the Taliban would ...": the parser may hang it off "was"
        heads = [first] + ([first.head] if first.dep_ == "acomp" else [])
        found = []
        for s in (s for h in heads for c in h.children if c.dep_ in ("ccomp", "xcomp")
                  for s in c.children if s.dep_ in ("nsubj", "nsubjpass")):
            found += index.np_actors(s)
        return fresh(found)
    return []


def _place_targets(match: Match, places: ActorIndex, sources: list[ActorMention], code: str,
                   controls: Controls, rule: list[str]) -> list[ActorMention]:
    """Fallback when no actor is the target: a country word that is no actor, where an actor would have
    been (`struck U.S. bases` -> USA, `withdrew from the Ukrainian city of Kherson` -> UKR); for the
    roots in `locative_place_roots`, the country where the event happened (`protested in Beijing`)."""
    found = _target_side(match, places, sources)
    if found:
        rule.append("place")
        return found
    if code[:2] not in controls.locative_place_roots:
        return []
    source_countries = {a.country_code for a in sources}
    heads = [cm.verb for cm in match.clauses] + [cm.obj for cm in match.clauses if cm.obj is not None]
    heads += [o for cm in match.clauses for o in direct_objects(cm.verb) if o not in heads]
    for p in prep_tokens(heads):
        if p.lower_ not in controls.locative_place_preps:
            continue
        for o in prep_objects(p):
            hits = [a for a in places.np_actors(o, 1) if a.code and a.country_code not in source_countries]
            if hits:
                rule.append("locative")
                return hits
    return []


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
    triggers = [t for t in sent if is_trigger(t) and _key(t, book) is not None]
    triggers.sort(key=lambda t: (_depth(t), t.i))
    out: list[EventMention] = []
    for verb in triggers:
        if verb.i in consumed:
            continue
        found = matches(verb, book.verbs[_key(verb, book) or ""])
        if not found:
            continue
        # the most specific pattern that yields an event wins; a pattern that matched but found no
        # actors ("conducted patrols [near] Mosul") gives way to the next one
        chosen, events = found[0], []
        for match in found:
            events = _events_for(match, sentence_index, index, controls)
            if events:
                chosen = match
                break
        if events:  # a match without actors leaves its tokens to other rules ("a ceasefire ... was announced")
            consumed.update(t.i for t in chosen.tokens)
            # `..., killing 20 civilians`, `... to deter Russia`: part of this act, not events of their own
            code = events[0].event_code
            consumed.update(t.i for t in consequence.consequence_verbs(chosen, code, controls))
            consumed.update(t.i for t in consequence.purpose_verbs(chosen, code, controls))
            consumed.update(t.i for t in direct_objects(verb))  # "condemned Iran's attack": no nominal event
        out.extend(events)
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
    refusal = controls.refusal_code_for(code) if negated else None
    if refusal is not None and modality.is_refusal(verbs, controls):  # `will not lift the ban`: 12x
        code, negated, hypothetical = refusal, False, False
        rule.append("refusal")

    speech, governing = reported.speech_head(first, controls)
    if speech is not None:
        sources, code, hypothetical, rule = reported.apply(
            first, speech, governing, sources, source_tokens, code, hypothetical, negated, rule, index, controls)
    sources = [a for a in sources if a.code]
    if not sources:
        return []

    targets = consequence.clause_targets(consequence.purpose_verbs(match, code, controls), index, sources)
    if targets:
        rule.append("purpose")
    else:
        targets = _target_side(match, index, sources)
    if not targets:
        targets = consequence.clause_targets(consequence.consequence_verbs(match, code, controls), index, sources)
        if targets:
            rule.append("consequence")
    if not targets and speech is not None:
        targets = reported.owner_targets(match, speech, sources, index)
    if not targets and index.places is not None and not (pattern.reciprocal and len(sources) >= 2):
        targets = consequence.clause_targets(consequence.consequence_verbs(match, code, controls), index.places,
                                             sources)
        if targets:  # `..., killing dozens of Afghan worshippers`
            rule += ["consequence", "place"]
        else:
            targets = _place_targets(match, index.places, sources, code, controls, rule)
    if not targets and index.unknown is not None and not (pattern.reciprocal and len(sources) >= 2):
        targets = _target_side(match, index.unknown, sources)  # `... arrested protesters`: country unknown
        if targets:
            rule.append("unknown_country")
    if targets and first.lemma_.lower() in controls.speech_verbs and all(
            (t.agent_code or "")[:3] == "MED" for t in targets):
        return []  # `told reporters`, `told ABC News`: the media hear a report, they are no target
    pairs: list[tuple[ActorMention, ActorMention | None]] = []
    if targets:
        pairs = [(s, t) for s in sources for t in targets]
    elif pattern.reciprocal and len(sources) >= 2:
        pairs = [(s, t) for s in sources for t in sources if s != t]
        rule.append("recip")
    elif controls.targetless == "always" or code[:2] in controls.targetless_roots or (
        controls.targetless == "object_patterns"
        and any(c.objects is not None for c in pattern.clauses)
        and not any(c.preps for c in pattern.clauses)
    ):
        pairs = [(s, None) for s in sources]
    if not pairs:
        # "X said Y attacked themselves": no Y -> Z event, but X still accuses Y
        if speech is not None and governing and "reported" in rule and not negated:
            return reported.accusations(speech, sources, code, pattern.pattern_id, sentence_index, index, controls)
        return []
    if pattern.reverse:  # "received weapons from X": X is the one who acted
        pairs = [(t, s) for s, t in pairs if t is not None]
        rule.append("reverse")
    if not pairs:
        return []
    adopted = domestic.read_domestically(pairs, code, controls)
    if adopted != pairs:
        pairs = adopted
        rule.append("domestic")
    rule_name = "+".join(dict.fromkeys(rule))
    action_text = _action_text(match)
    out: list[EventMention] = []
    if speech is not None and governing and "reported" in rule and not negated:
        out += reported.accusations(speech, sources, code, pattern.pattern_id, sentence_index, index, controls)
    for s, t in pairs:
        assert s is not None
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
