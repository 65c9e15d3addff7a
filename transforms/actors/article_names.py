"""Names the article itself introduces: once `Prime Minister Oleksiy Honcharuk` or `Yemeni
journalist Nabil Hasan al-Quaety` is resolved, a later bare `Honcharuk` or `al-Quaety` (not in any
dictionary) is the same actor.

The key of a name is its last capitalised word (the surname), lower-cased, without a possessive;
a key that the article gives to two different codes is ambiguous and not used. Only mentions the
dictionaries left unresolved (`code=None`) and capitalised proper nouns no actor covers are
resolved; dictionary matches are never changed. Certainty 0.8, evidence `coref:article-name`.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from transforms.actors.compose import Draft

#: Certainty of a name resolved through an earlier mention in the same article.
NAME_CERTAINTY = 0.8
#: Entity types a bare capitalised word cannot have when it is taken as a surname (the small model often
#: calls a rare surname GPE or ORG, so those are allowed: a real place would be a dictionary match).
NOT_PEOPLE = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


def _surname(doc: Doc, start: int, end: int) -> str | None:
    """The last capitalised proper-noun word of a span (`al-Quaety` -> `quaety`)."""
    for i in range(end - 1, start - 1, -1):
        t = doc[i]
        if t.pos_ == "PROPN" and t.text[:1].isupper() and len(t.text) > 1 and t.text.isalpha():
            return t.lower_
        if t.pos_ not in ("PROPN", "PART", "PUNCT"):
            return None
    return None


def _names(doc: Doc, drafts: list[Draft]) -> dict[str, Draft]:
    """Surname -> the first resolved person draft carrying it (ambiguous surnames left out)."""
    found: dict[str, Draft] = {}
    clash: set[str] = set()
    for d in drafts:
        if d.code is None or not d.personal:
            continue
        key = _surname(doc, d.start, d.end)
        if key is None:
            continue
        if key in found and found[key].code != d.code:
            clash.add(key)
        found.setdefault(key, d)
    return {k: v for k, v in found.items() if k not in clash}


def _bare_name(tok: Token) -> bool:
    return (tok.pos_ == "PROPN" and tok.is_title and tok.text.isalpha() and tok.ent_type_ not in NOT_PEOPLE
            and not (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].pos_ == "PROPN"))


def resolve_article_names(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Unresolved mentions and bare surnames that repeat a name resolved elsewhere in the article."""
    names = _names(doc, drafts)
    if not names:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        if d.code is None and d.person is None:
            key = _surname(doc, d.start, d.end)
            ante = names.get(key) if key else None
            if ante is not None and ante.start != d.start:
                d = replace(d, code=ante.code, country=ante.country, agent=ante.agent, group=ante.group,
                            evidence=[*d.evidence, "coref:article-name"], certainty=NAME_CERTAINTY,
                            personal=True, sex=ante.sex, inherit=False, definite_role=False)
        out.append(d)
    covered = {i for d in out for i in range(d.start, d.end)}
    added: list[Draft] = []
    for tok in doc:
        if tok.i in covered or not _bare_name(tok):
            continue
        ante = names.get(tok.lower_)
        if ante is None:
            continue
        added.append(Draft(tok.i, tok.i + 1, ante.code, ante.country, ante.agent, ante.group, tok.i,
                           ["coref:article-name"], NAME_CERTAINTY, personal=True, sex=ante.sex))
    if not added:
        return out
    return sorted([*out, *added], key=lambda d: d.start)
