"""Matches compiled patterns against a trigger token's dependency neighbourhood.

Given a verb (or event noun) and its candidate patterns, finds the most specific pattern whose
particle, object noun, preposition and complement chain are all present. Must not pick actors
(that is `verbal.py` / `nominal.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from transforms.events.arguments import is_passive, prep_objects, prep_tokens
from transforms.events.patterns import Clause, NounSet, Pattern

#: arcs followed from one verb of a chain to the next ("agreed to form a group for negotiating")
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "advcl", "pcomp", "prep", "dobj", "acl", "oprd"})
COMPLEMENT_DEPTH = 4
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "compound:prt"})
VERBAL_POS = frozenset({"VERB"})
#: prepositions whose object can still be the pattern's object noun when the verb has a direct object
DOBJ_PLUS_PREPS = frozenset({"on", "under", "into", "of", "for", "in"})  # `engaged X in a firefight`
COMPLEMENT_POS = frozenset({"VERB", "ADJ"})


@dataclass(frozen=True, slots=True)
class ClauseMatch:
    verb: Token
    obj: Token | None  # the token matched by the clause's object noun set
    preps: tuple[Token, ...]  # preposition tokens matched by the clause's [prep] list


@dataclass(frozen=True, slots=True)
class Match:
    pattern: Pattern
    clauses: tuple[ClauseMatch, ...]

    @property
    def trigger(self) -> Token:
        return self.clauses[0].verb

    @property
    def tokens(self) -> list[Token]:
        """Every token the pattern used (verbs, objects, prepositions)."""
        out: list[Token] = []
        for c in self.clauses:
            out.append(c.verb)
            if c.obj is not None:
                out.append(c.obj)
            out.extend(c.preps)
        return out


def index_key(token: Token, index: Mapping[str, object]) -> str | None:
    """The key of `token` in a pattern index: its lemma, else its surface form or a simple
    de-inflection of it (the small model's lemmatizer fails on some forms: "staged" -> "stag",
    "readmitted", sentence-initial "Talks")."""
    lemma = token.lemma_.lower()
    if lemma in index:
        return lemma
    form = token.lower_
    candidates = [form]
    if form.endswith("ed"):
        candidates += [form[:-1], form[:-2], form[:-3]]
    elif form.endswith("es"):
        candidates += [form[:-1], form[:-2]]
    elif form.endswith("s"):
        candidates += [form[:-1]]
    return next((c for c in candidates if c in index), None)


def noun_matches(token: Token, nouns: NounSet) -> bool:
    """Does `token` (a noun) belong to the set, with any required preceding words?"""
    doc = token.doc
    keys = [token.lemma_.lower(), token.lower_]
    if token.i >= 2 and doc[token.i - 1].text == "-":
        keys.append(f"{doc[token.i - 2].lower_}-{token.lower_}")
        keys.append(f"{doc[token.i - 2].lower_}-{token.lemma_.lower()}")
    for key in keys:
        mods_list = nouns.heads.get(key)
        if mods_list is None:
            continue
        for mods in mods_list:
            if not mods:
                return True
            n = len(mods)
            if token.i - n < 0:
                continue
            before = doc[token.i - n : token.i]
            if all(b.lower_ == m or b.lemma_.lower() == m for b, m in zip(before, mods, strict=True)):
                return True
    return False


def object_candidates(verb: Token) -> list[Token]:
    """Nouns a pattern's {OBJECT} may match: direct object, passive subject, objects of the verb's
    prepositions (not `by`), predicate complements; with their conjuncts."""
    out: list[Token] = []
    passive = is_passive(verb)
    has_dobj = any(c.dep_ in ("dobj", "obj") for c in verb.children)
    for c in verb.children:
        if c.dep_ in ("dobj", "obj", "attr", "oprd", "acomp", "dative", "npadvmod") or (
            passive and c.dep_ == "nsubjpass"
        ):
            out.append(c)
        elif c.dep_ == "prep" and (c.i < verb.i or (has_dobj and c.lower_ not in DOBJ_PLUS_PREPS)):
            # a fronted "In the deal, ..." is no object; with a direct object only "put X on alert" kinds
            continue
        elif c.dep_ == "prep":
            out.extend(prep_objects(c))
            for x in c.conjuncts:
                out.extend(prep_objects(x))
            for inner in c.children:  # "pull out of the talks"
                if inner.dep_ == "prep":
                    out.extend(prep_objects(inner))
    for c in verb.children:  # "allowed a U.N. aid convoy to enter": the raised object
        if c.dep_ in ("xcomp", "ccomp"):
            out.extend(s for s in c.children if s.dep_ in ("nsubj", "nsubjpass"))
            if c.pos_ == "ADJ":  # "found Serbia responsible": the small-clause predicate
                out.append(c)
    for c in list(out):
        out.extend(c.conjuncts)
        if c.dep_ == "dobj":  # "put its troops on high alert", "took control of"
            for p in c.children:
                if p.dep_ == "prep":
                    out.extend(prep_objects(p))
    return out


def _match_clause(verb: Token, clause: Clause, cache: dict[int, list[Token]]) -> ClauseMatch | None:
    if clause.particle is not None and not any(
        c.dep_ in PARTICLE_DEPS and c.lower_ == clause.particle for c in verb.children
    ):
        return None
    obj: Token | None = None
    if clause.objects is not None:
        cands = cache.get(verb.i)
        if cands is None:
            cands = cache[verb.i] = object_candidates(verb)
        for cand in cands:
            if noun_matches(cand, clause.objects):
                obj = cand
                break
        if obj is None:
            return None
    preps: tuple[Token, ...] = ()
    if clause.preps:
        heads = [verb] + ([obj] if obj is not None else [])
        heads += [c for c in verb.children if c.dep_ in ("prt", "advmod") and c.i > verb.i]  # "handed back to"
        if obj is not None:  # "passed information about the suspects to Swedish police"
            heads += [o for p in prep_tokens([obj]) for o in prep_objects(p)]
            if obj.dep_ == "conj":  # "used water cannons and tear gas against protesters": on the first conjunct
                heads.append(obj.head)
        found = [p for p in prep_tokens(heads) if p.lower_ in clause.preps]
        if not found:
            # "called for the U.S. to combine": `for` marks a clause instead of heading a phrase
            for c in verb.children:
                if c.dep_ in ("advcl", "ccomp", "xcomp"):
                    found.extend(m for m in c.children if m.dep_ == "mark" and m.lower_ in clause.preps)
        if not found:
            return None
        preps = tuple(found)
    return ClauseMatch(verb, obj, preps)


def _complement_verbs(verb: Token, lemma: str) -> list[Token]:
    """Verbs reachable from `verb` through complement arcs, nearest first."""
    if lemma == "*":
        return [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in VERBAL_POS]
    wanted = frozenset(lemma.split("|"))
    out: list[Token] = []
    frontier = [verb]
    for _ in range(COMPLEMENT_DEPTH):
        nxt: list[Token] = []
        for t in frontier:
            for c in t.children:
                if c.dep_ not in COMPLEMENT_DEPS:
                    continue
                if c.dep_ == "advcl" and any(m.dep_ == "mark" for m in c.children):
                    continue  # "If Hamas frees ..., Israel may agree": not a complement
                if c.pos_ in VERBAL_POS and c.lemma_.lower() in wanted:
                    out.append(c)
                nxt.append(c)
        frontier = nxt
    return out


def _match_chain(verb: Token, clauses: Sequence[Clause], cache: dict[int, list[Token]]) -> list[ClauseMatch] | None:
    first = _match_clause(verb, clauses[0], cache)
    if first is None:
        return None
    if len(clauses) == 1:
        return [first]
    for nxt in _complement_verbs(verb, clauses[1].lemma):
        rest = _match_chain(nxt, clauses[1:], cache)
        if rest is not None:
            return [first, *rest]
    return None


def matches(token: Token, candidates: Sequence[Pattern]) -> list[Match]:
    """All candidate patterns that match at `token`, most specific first (specificity, chain length,
    named object, modifier words of the object, the narrower object class: `{ROADSIDE_BOMB}` before
    `{BOMB}`, `{CHEMICAL}` before `{CHEMICAL|NUKE}`; then pattern id)."""
    found: list[tuple[tuple[int, int, int, int, int], str, Match]] = []
    cache: dict[int, list[Token]] = {}
    for pattern in candidates:
        chain = _match_chain(token, pattern.clauses, cache)
        if chain is None:
            continue
        mods = sum(len(_mods_used(c.obj, cl.objects)) for c, cl in zip(chain, pattern.clauses, strict=True))
        objects = sum(cl.objects is not None for cl in pattern.clauses)
        breadth = sum(len(v) for cl in pattern.clauses if cl.objects is not None for v in cl.objects.heads.values())
        key = (pattern.specificity, len(pattern.clauses), objects, mods, -breadth)
        found.append((key, pattern.pattern_id, Match(pattern, tuple(chain))))
    found.sort(key=lambda k: (tuple(-x for x in k[0]), k[1]))
    return [m for _, _, m in found]


def best_match(token: Token, candidates: Sequence[Pattern]) -> Match | None:
    """The most specific candidate pattern that matches at `token`."""
    found = matches(token, candidates)
    return found[0] if found else None


def _mods_used(obj: Token | None, nouns: NounSet | None) -> tuple[str, ...]:
    """The longest modifier sequence that made `obj` match (to prefer 'peace talks' over 'talks')."""
    if obj is None or nouns is None:
        return ()
    doc = obj.doc
    for key in (obj.lemma_.lower(), obj.lower_):
        for mods in nouns.heads.get(key, ()):
            n = len(mods)
            if n and obj.i - n >= 0 and all(
                b.lower_ == m or b.lemma_.lower() == m
                for b, m in zip(doc[obj.i - n : obj.i], mods, strict=True)
            ):
                return mods
    return ()
