"""Definite references to a body the article named before: `ABS-CBN ... the network`, `Mahan Air ...
the airline`, `Greenpeace ... the group` are that organisation.

`the <body noun>` (a noun of `BODY_NOUNS`, no country or name modifying it, not already an actor)
takes the code of the last organisation named in the same or the two previous sentences (a
dictionary organisation or an unknown ORG entity that has a code by now). Certainty 0.5, evidence
`coref:definite-body`. Must not change existing mentions.
"""

from __future__ import annotations

from spacy.tokens import Doc

from transforms.actors.compose import Draft

#: nouns that stand for an organisation named before; not role nouns of agents.tsv (`the company`,
#: `the ministry` are roles and resolved there)
BODY_NOUNS = frozenset({"network", "airline", "carrier", "channel", "station", "newspaper", "outlet", "organisation",
                        "organization", "group", "movement", "charity", "foundation", "institute", "bank", "operator",
                        "manufacturer", "publisher", "broadcaster", "league", "alliance", "coalition", "club"})
#: Certainty of a body resolved through a definite description.
BODY_CERTAINTY = 0.5
#: how many sentences back the named organisation may be
WINDOW = 2


def _is_body(d: Draft) -> bool:
    return d.code is not None and not d.code.startswith("---") and not d.personal and (
        any(e.startswith("organisations.tsv") or e == "ner:ORG" or e.startswith("dated_organisations")
            for e in d.evidence))


def resolve_definite_bodies(doc: Doc, drafts: list[Draft], sent_of: list[int]) -> list[Draft]:
    covered = {i for d in drafts for i in range(d.start, d.end)}
    added: list[Draft] = []
    for tok in doc:
        if tok.i in covered or tok.lemma_.lower() not in BODY_NOUNS or tok.pos_ != "NOUN" or tok.tag_ != "NN":
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            continue
        if any(c.dep_ in ("compound", "amod", "poss", "nmod") for c in tok.children):
            continue  # `the Iranian airline`, `the opposition group`: described, not a back reference
        sent = sent_of[tok.i]
        ante = next((d for d in reversed(drafts) if d.end <= tok.i and sent - WINDOW <= sent_of[d.start] <= sent
                     and _is_body(d)), None)
        if ante is None:
            continue
        added.append(Draft(tok.i, tok.i + 1, ante.code, ante.country, ante.agent, ante.group, tok.i,
                           ["coref:definite-body", *ante.evidence[:1]], BODY_CERTAINTY))
    if not added:
        return drafts
    return sorted([*drafts, *added], key=lambda d: d.start)
