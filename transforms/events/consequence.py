"""Targets of acts of force named in a neighbouring clause: what the act hit or was aimed at.

- Consequence clauses (roots in `consequence_roots`): `detonated a truck bomb, killing hundreds of
  civilians`, `planted a bomb that killed three soldiers`: the people killed or wounded are the
  target of the attack, and the participle or relative clause is part of that one event (its verb is
  consumed, so no second `kill` event is coded).
- Purpose clauses (roots in `purpose_roots`): `sent troops to Poland to deter Russia`: the actor to
  be deterred is the target of the force posture, before the destination.

Word lists and roots live in `controls.yaml`. Must not decide codes nor build events (`verbal.py`).
"""

from __future__ import annotations

from spacy.tokens import Token

from transforms.events.arguments import ActorIndex, direct_objects
from transforms.events.controls import Controls
from transforms.events.matching import Match
from transforms.model import ActorMention

#: arcs from the act's verb to a clause that tells what the act did (`..., killing 20`)
CONSEQUENCE_DEPS = frozenset({"advcl", "xcomp", "conj"})
#: arcs from the act's verb to a clause that tells its aim (`... to deter Russia`)
PURPOSE_DEPS = frozenset({"advcl", "xcomp", "ccomp"})


def _object_nouns(match: Match) -> list[Token]:
    nouns: list[Token] = []
    for cm in match.clauses:
        if cm.obj is not None:
            nouns.append(cm.obj)
        nouns += [o for o in direct_objects(cm.verb) if o not in nouns]
    return nouns


def consequence_verbs(match: Match, code: str, controls: Controls) -> list[Token]:
    """Verbs saying whom the act killed or wounded: a participle on the act's verb (`..., killing X`)
    or a relative clause on its object noun (`a bomb that killed X`)."""
    if code[:2] not in controls.consequence_roots:
        return []
    out: list[Token] = []
    for cm in match.clauses:
        for c in cm.verb.children:
            if (c.dep_ in CONSEQUENCE_DEPS and c.i > cm.verb.i and c.tag_ == "VBG"
                    and c.lemma_.lower() in controls.consequence_verbs):
                out.append(c)
    for noun in _object_nouns(match):
        for c in noun.children:
            if c.dep_ == "relcl" and c.lemma_.lower() in controls.consequence_verbs:
                out.append(c)
    return out


def purpose_verbs(match: Match, code: str, controls: Controls) -> list[Token]:
    """Infinitive clauses of aim on the act's verb: `to deter Russia`, `to intimidate Taiwan`."""
    if code[:2] not in controls.purpose_roots:
        return []
    out: list[Token] = []
    for cm in match.clauses:
        # on the verb, or (as the parser often attaches it) on the object or the destination:
        # `sent a carrier to the Gulf to deter Iran`
        holders = [cm.verb, *direct_objects(cm.verb)]
        holders += [o for p in cm.verb.children if p.dep_ in ("prep", "dative") for o in p.children if o.dep_ == "pobj"]
        for h in holders:
            for c in h.children:
                if (c.dep_ in PURPOSE_DEPS | {"acl", "relcl"} and c.lemma_.lower() in controls.purpose_verbs
                        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)):
                    out.append(c)
    return out


def clause_targets(verbs: list[Token], index: ActorIndex, sources: list[ActorMention]) -> list[ActorMention]:
    """Coded actors in the direct objects of `verbs` (`killing hundreds of Somali civilians`), other
    than the sources."""
    source_keys = {(a.start, a.end) for a in sources}
    found: list[ActorMention] = []
    for v in verbs:
        for o in direct_objects(v):
            for t in (o, *o.conjuncts):
                found += [a for a in index.np_actors(t) if a not in found]
    return [a for a in found if a.code and (a.start, a.end) not in source_keys]
