"""Domestic reading of a role whose country is unknown: in `Hong Kong police arrested activists` or
`protesters stormed Kenya's parliament`, the side with no country (`---OPP`) belongs to the country
of the other side, as human coders read such sentences.

Applied, for the roots of `controls.domestic_roots`, to an event's (source, target) pair only when
exactly one side is a role of unknown country (`---XXX`) and the other side is an actor of a real
country (not an IGO, NGO, region or multinational). The adopted mention records `domestic` in its
evidence and a lower certainty. Must not change a side that has a country.
"""

from __future__ import annotations

from dataclasses import replace

from transforms.actors.dictionary import INTERNATIONAL
from transforms.events.controls import Controls
from transforms.model import ActorMention

#: Certainty of a country adopted from the other side of the event.
DOMESTIC_CERTAINTY = 0.4
#: Codes of the first block that are not a state (international bodies, companies, unknown).
NOT_A_STATE = frozenset({*INTERNATIONAL, "---"})


def _state(a: ActorMention | None) -> str | None:
    c = a.country_code if a is not None else None
    if c is None or len(c) != 3 or c in NOT_A_STATE or not a or not a.has_country:
        return None
    return c


def adopt(unknown: ActorMention, country: str) -> ActorMention:
    """`unknown` (`---OPP`) as an actor of `country` (`KENOPP`)."""
    assert unknown.code is not None
    return replace(unknown, code=country + unknown.code[3:], country_code=country,
                   entry_id=unknown.entry_id + "+domestic", certainty=min(unknown.certainty, DOMESTIC_CERTAINTY))


Pair = tuple[ActorMention, ActorMention | None]


def read_domestically(pairs: list[Pair], code: str, controls: Controls) -> list[Pair]:
    """The pairs of an event with code `code`, read domestically where its root is one of
    `controls.domestic_roots`; unchanged otherwise."""
    if code[:2] not in controls.domestic_roots:
        return pairs
    return [domestic_pair(s, t) for s, t in pairs]


def domestic_pair(source: ActorMention, target: ActorMention | None) -> Pair:
    """The pair with an unknown-country side given the other side's country, where that applies."""
    if target is None:
        return source, target
    if not source.has_country and source.code is not None and (c := _state(target)) is not None:
        return adopt(source, c), target
    if not target.has_country and target.code is not None and (c := _state(source)) is not None:
        return source, adopt(target, c)
    return source, target
