"""In-article coreference for actors: surnames of people named in full, pronouns, `the minister`.

Surnames: once a dictionary person is named in full (or by an alias) anywhere in the article, a bare
capitalised surname (`Lavrov`, `Mr Putin`) is that person. A surname that belongs to exactly one
dictionary person in office on the article's date also resolves, with lower certainty.
Pronouns `he/she/him/her` and definite person roles (`the minister`) go to the last compatible actor
in the same or previous sentence, preferring grammatical subjects; with no candidate they stay
unresolved. No guessing beyond these rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Doc

from transforms.actors.compose import Draft
from transforms.actors.dictionary import ActorDictionary, Person
from transforms.actors.matcher import Piece

PRONOUN_SEX = {"he": "m", "him": "m", "she": "f", "her": "f"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "dative", "agent", "iobj", "obj"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
#: Words that continue an Arabic name after a first name (`al-Jahafi`, `bin Tamim`); not `da`, `de`
#: (`Lula da Silva`: there `Lula` is the name used).
NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint"}
#: Entity types a surname-looking token cannot have (`May` the month is not Theresa May).
NOT_PEOPLE = {"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "EVENT"}


class SurnameIndex:
    """Surname (and one-word alias) -> dictionary people, built once per dictionary."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.by_surname: dict[str, list[Person]] = {}
        for person in dictionary.people.values():
            if not person.is_person:
                continue
            names = {person.surname} | {a for a in person.aliases if " " not in a}
            for n in names:
                self.by_surname.setdefault(n, []).append(person)

    def pieces(self, doc: Doc, pieces: list[Piece], day: dt.date | None) -> list[Piece]:
        """Surname pieces for tokens not already covered by a dictionary piece."""
        named = {p.entry.name for p in pieces if isinstance(p.entry, Person)}
        covered = {i for p in pieces for i in range(p.start, p.end)}
        titled = {p.end for p in pieces if p.kind == "agent"}  # token right after a title or role
        extra: list[Piece] = []
        for tok in doc:
            if tok.i in covered or not tok.is_title or tok.pos_ != "PROPN" or tok.ent_type_ in NOT_PEOPLE:
                continue
            people = self.by_surname.get(tok.text)
            if not people:
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and doc[tok.i + 1].is_title:
                continue  # a first name (`Ahmed` in `Ahmed Ben Bella`), not a surname
            if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in NAME_PARTICLES:
                continue  # `Abdullah al-Jahafi`, `Ali bin Tamim`: a first name before a particle
            in_article = [p for p in people if p.name in named]
            if len(in_article) == 1:
                extra.append(Piece(tok.i, tok.i + 1, "person", in_article[0], "coref:surname", 0.9))
                continue
            if day is not None and not in_article:
                current = [p for p in people if any(r.covers(day) for r in p.roles)]
                if len(current) == 1:
                    extra.append(Piece(tok.i, tok.i + 1, "person", current[0], "coref:surname-in-office", 0.7))
                    continue
            if not in_article and len(people) == 1 and tok.i in titled:
                # `President Bush` outside Bush's dated roles: the title gives the role, the person the country
                extra.append(Piece(tok.i, tok.i + 1, "person", people[0], "coref:surname-titled", 0.6))
        if not extra:
            return pieces
        return sorted([*pieces, *extra], key=lambda p: p.start)


def _compatible(d: Draft, sex: str | None, agent: str | None) -> bool:
    if not d.personal or d.code is None or d.definite_role:
        return False
    if sex is not None and d.sex and d.sex != sex:
        return False
    return agent is None or d.agent == agent or (d.person is not None and d.agent in (agent, "GOV"))


def _antecedent(drafts: list[Draft], doc: Doc, before: int, sent_of: list[int],
                sex: str | None, agent: str | None) -> Draft | None:
    """The last compatible actor before token `before` in its sentence or the previous one, subjects first."""
    sent = sent_of[before]
    governor = doc[before].head.i
    # co-arguments of one verb do not corefer (`Assad met the envoy`, `Putin thanked him`)
    scope = [d for d in drafts if d.end <= before and sent_of[d.start] in (sent, sent - 1)
             and _compatible(d, sex, agent) and not (sent_of[d.start] == sent and doc[d.head].head.i == governor)]
    if not scope:
        return None
    subjects = [d for d in scope if doc[d.head].dep_ in SUBJECT_DEPS]
    return (subjects or scope)[-1]


def _country_of_last_actor(doc: Doc, d: Draft, before: list[Draft], sent_of: list[int]) -> Draft:
    """`Number 10 said the prime minister ...`: with no person to point to, a definite role takes the
    country of the last actor before it in its sentence (role code kept), unless that actor is a
    co-argument of the same verb."""
    sent = sent_of[d.start]
    governor = doc[d.head].head.i
    for prev in reversed(before):
        if sent_of[prev.start] != sent:
            break
        if doc[prev.head].head.i == governor:
            continue
        if prev.country is not None and not prev.inherit and len(prev.country) == 3:
            suffix = d.extra.get("agent_suffix", d.agent or "")
            return replace(d, code=prev.country + suffix, country=prev.country, definite_role=False,
                           inherit=False, evidence=[*d.evidence, "coref:definite-country"], certainty=0.5)
    return d


def resolve_references(doc: Doc, drafts: list[Draft], sent_of: list[int]) -> list[Draft]:
    """Resolves `the minister` drafts and adds drafts for resolvable he/she/him/her."""
    out: list[Draft] = []
    for d in drafts:
        if d.definite_role:
            ante = _antecedent(out, doc, d.head, sent_of, None, d.role_agent)
            if ante is not None:
                d = replace(d, code=ante.code, country=ante.country, agent=ante.agent, group=ante.group,
                            evidence=["coref:definite", *ante.evidence[:1]], certainty=0.7,
                            person=ante.person, sex=ante.sex, definite_role=False, inherit=False)
            elif d.inherit:  # envoys (`the ambassador`) never take a country from the sentence
                d = _country_of_last_actor(doc, d, out, sent_of)
        out.append(d)
    covered = {i for d in out for i in range(d.start, d.end)}
    added: list[Draft] = []
    for tok in doc:
        sex = PRONOUN_SEX.get(tok.lower_)
        if sex is None or tok.i in covered or tok.dep_ not in ARGUMENT_DEPS:
            continue
        ante = _antecedent(out, doc, tok.i, sent_of, sex, None)
        if ante is None:
            continue
        added.append(Draft(tok.i, tok.i + 1, ante.code, ante.country, ante.agent, ante.group, tok.i,
                           ["coref:pronoun", *ante.evidence[:1]], 0.6, person=ante.person,
                           personal=True, sex=ante.sex))
    if not added:
        return out
    return sorted([*out, *added], key=lambda d: d.start)
