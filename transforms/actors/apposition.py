"""Appositions that say who an unknown person is: `Kristina Baum, a spokesperson for the White House,`
-> USAGOV; `Ali Alghasi Mehr, the prosecutor general of Tehran,` -> IRNJUD; `Nabil al-Quaety, a
photojournalist from Yemen,` -> YEMMED.

Only a named person no dictionary knows (`code=None`, an unknown PERSON entity) takes a code, and
only from an apposition attached to it whose words hold a role noun and/or an actor with a country
(the role gives the agent, the actor the country; an actor alone gives its own code). The
apposition itself stays no actor (it describes this one). Certainty 0.8, evidence `apposition`.
Must not change a mention that already has a code.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from transforms.actors.compose import Draft
from transforms.actors.dictionary import INTERNATIONAL, Agent
from transforms.actors.matcher import Piece

#: Certainty of a code read off an apposition.
APPOSITION_CERTAINTY = 0.8
#: Agent kinds that say what a person is (not honorifics, modifiers or connectors).
ROLE_KINDS = frozenset({"person", "envoy", "group", "national"})



def _role(pieces: list[Piece], start: int, end: int) -> str | None:
    for p in pieces:
        if start <= p.start < end and p.kind == "agent" and isinstance(p.entry, Agent) and p.entry.agent \
                and p.entry.kind in ROLE_KINDS:
            return p.entry.agent[:3]
    return None


def resolve_appositions(doc: Doc, pieces: list[Piece], drafts: list[Draft]) -> list[Draft]:
    """Unknown named people take the code their apposition gives (see the module docstring)."""
    out: list[Draft] = []
    for d in drafts:
        if d.code is None and d.person is None and "ner:PERSON" in d.evidence:
            head = doc[d.head]
            for c in head.children:
                if c.dep_ != "appos" or c.i < d.end:
                    continue
                start, end = c.left_edge.i, c.right_edge.i + 1
                agent = _role(pieces, start, end)
                inner = [x for x in drafts if start <= x.start < end and x.code and not x.inherit
                         and not x.code.startswith("---")
                         and ((x.country is not None and len(x.country) == 3) or x.code[:3] in INTERNATIONAL)]
                code: str | None = None
                if inner:
                    found = inner[0].code or ""
                    state = inner[0].country is not None and found[:3] not in INTERNATIONAL
                    code = (inner[0].country or "") + agent if agent and state else found
                if code:
                    d = replace(d, code=code, country=code[:3] if code[:3] not in INTERNATIONAL else None,
                                agent=code[3:6] or None,
                                evidence=[*d.evidence, "apposition"], certainty=APPOSITION_CERTAINTY,
                                personal=True, inherit=False)
                    break
        out.append(d)
    return out
