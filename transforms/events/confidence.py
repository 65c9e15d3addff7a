"""The confidence of a coded event in [0, 1], from transparent features.

confidence = prior(rule) x (0.4 x specificity + 0.3 x closeness + 0.3 x actor certainty), where
  specificity = min(1, 0.4 + 0.15 x pattern constraints)   (lemma, particle, object, preposition, per clause)
  closeness   = 1 if the farthest actor is <= 2 arcs from the trigger, minus 0.15 per extra arc (>= 0.3)
  certainty   = the lower `ActorMention.certainty` of source and target (0.7 when no target)
  prior(rule) = product of `rule_priors` in controls.yaml for the rule's parts ("svo+coord").
Must not be used to decide whether an event exists (except the per-sentence cap).
"""

from __future__ import annotations

from spacy.tokens import Token

from transforms.events.arguments import tree_distance
from transforms.model import ActorMention

NO_TARGET_CERTAINTY = 0.7


def specificity_score(constraints: int) -> float:
    return min(1.0, 0.4 + 0.15 * constraints)


def closeness_score(trigger: Token, actor_heads: list[Token]) -> float:
    if not actor_heads:
        return 1.0
    d = max(tree_distance(trigger, h) for h in actor_heads)
    return 1.0 if d <= 2 else max(0.3, 1.0 - 0.15 * (d - 2))


def certainty_score(source: ActorMention | None, target: ActorMention | None) -> float:
    vals = [a.certainty for a in (source, target) if a is not None]
    if target is None:
        vals.append(NO_TARGET_CERTAINTY)
    return min(vals) if vals else 0.0


def rule_prior(rule: str, priors: dict[str, float]) -> float:
    p = 1.0
    for part in rule.split("+"):
        p *= priors.get(part, 1.0)
    return p


def confidence(rule: str, priors: dict[str, float], constraints: int, trigger: Token,
               source: ActorMention | None, target: ActorMention | None) -> float:
    doc = trigger.doc
    heads = [doc[a.head_index] for a in (source, target) if a is not None and a.head_index < len(doc)]
    raw = (0.4 * specificity_score(constraints) + 0.3 * closeness_score(trigger, heads)
           + 0.3 * certainty_score(source, target))
    return round(max(0.0, min(1.0, rule_prior(rule, priors) * raw)), 3)
