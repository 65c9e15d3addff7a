"""Countries from the story: bare roles (`police`, `the government`, `protesters`) that no sentence
rule could place take the article's main country, as a careful reader would.

The main country of an article is the country its actors and places name most, counting the
headline and the first body sentence twice; it must lead clearly (see `main_country`). A role takes
it only when the role may inherit a country at all (not envoys, things or plain person nouns, not
`its army`) and the article is more than a single sentence. The result is recorded with
`context:article` and a low certainty. Roles still without a country keep `code=None`; the event
coder decides what to do with them. Must not change any actor that has a country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from transforms.actors.compose import Draft
from transforms.actors.dictionary import INTERNATIONAL

#: Certainty of a country taken from the story rather than the sentence.
STORY_CERTAINTY = 0.4
#: Sentences (after the headline) whose countries count double: the lead says what the story is about.
LEAD_SENTENCES = 2
#: Fewest sentences for a Doc to be an article (single sentences have no story to lean on).
MIN_SENTENCES = 3


def main_country(drafts: Sequence[Draft], places: Sequence[Draft], sent_of: Sequence[int]) -> str | None:
    """The article's main country: the most-named country, if it is named at least twice (weighted)
    and clearly ahead of the next (at least 1.5 times its weight). Regions and international codes
    (`IGO…`, `EUR`) are not countries of a story."""
    weights: Counter[str] = Counter()
    for d in [*drafts, *places]:
        c = d.country
        if c is None or len(c) != 3 or d.inherit or c in NOT_STORY_COUNTRIES:
            continue
        weights[c] += 2 if sent_of[d.start] <= LEAD_SENTENCES else 1
    if not weights:
        return None
    ranked = weights.most_common(2)
    top, w = ranked[0]
    if w < 2:
        return None
    if len(ranked) > 1 and w < 1.5 * ranked[1][1]:
        return None
    return top


#: Codes that are regions or international classes, never a story's country.
NOT_STORY_COUNTRIES = frozenset({*INTERNATIONAL, "EUR", "AFR", "ASA", "MEA", "WST", "SAM", "NAM", "CAM", "CAU",
                                 "SAS", "SEA", "EAF", "WAF", "NAF", "SAF", "CAF", "BLK", "BAL", "LAM", "PGS", "CRB",
                                 "EEU", "SCN", "MDT"})


def inherit_story_country(drafts: list[Draft], places: Sequence[Draft], sent_of: Sequence[int]) -> list[Draft]:
    """Bare roles without a country take the article's main country (`context:article`)."""
    if not sent_of or sent_of[-1] + 1 < MIN_SENTENCES:
        return drafts
    country = main_country(drafts, places, sent_of)
    if country is None:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        if d.code is None and d.country is None and d.inherit and d.agent is not None and d.person is None:
            suffix = d.extra.get("agent_suffix", d.agent)
            d = replace(d, code=country + suffix, country=country, evidence=[*d.evidence, "context:article"],
                        certainty=min(d.certainty, STORY_CERTAINTY), definite_role=False)
        elif d.code is None and d.country is None and d.agent is None and _unknown_name(d):
            # a person or body no dictionary knows (`Vladimir Rebic`, `the NTC`): the story's country, no role
            d = replace(d, code=country, country=country, evidence=[*d.evidence, "context:article"],
                        certainty=NAME_CERTAINTY)
        out.append(d)
    return out


#: Certainty of an unknown named person or body placed in the story's country.
NAME_CERTAINTY = 0.3


def _unknown_name(d: Draft) -> bool:
    return any(e in ("ner:PERSON", "ner:ORG") for e in d.evidence)


#: Country placeholder of a role whose country nobody can tell (PETRARCH writes `---REB`).
UNKNOWN_COUNTRY = "---"


def unknown_country_roles(drafts: list[Draft]) -> list[Draft]:
    """Roles that may carry a country but got none keep their role: `---COP`, `---CVL` (country
    unknown, as PETRARCH and GDELT code them), so `police arrested protesters` is still an event.
    Their `country` stays None."""
    out: list[Draft] = []
    for d in drafts:
        if (d.code is None and d.country is None and d.agent is not None and d.person is None
                and (d.inherit or d.extra.get("national"))):  # also `12 people`, `a man`: `---CVL`
            suffix = d.extra.get("agent_suffix", d.agent)
            d = replace(d, code=UNKNOWN_COUNTRY + suffix, evidence=[*d.evidence, "unknown-country"])
        out.append(d)
    return out
