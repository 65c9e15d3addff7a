"""Finds the arguments of a trigger in a spaCy dependency parse and the actors standing there.

Pure functions over `Token`s plus an `ActorIndex` built from `Doc._.actors`; they must not decide
event codes (patterns do) nor resolve actor names (the actor resolver does).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from transforms.model import ActorMention

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
#: dependents that can hold the actor for a noun ("the leader of Hamas", "partner, Lavrov")
ACTOR_HOLDER_DEPS = frozenset({"appos", "compound", "nmod"})
#: prepositions whose gerund is done by the verb's object (`accused X of arming`, `stopped X from entering`)
OBJECT_CONTROL_PREPS = frozenset({"of", "from", "for"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
#: tokens allowed between two actors that are coordinated on the surface ("Russia, US agree")
BRIDGE_WORDS = frozenset({",", "and", "&", ";"})
SURFACE_DEPS = frozenset({"nsubj", "conj", "npadvmod", "appos", "ROOT", "compound", "nmod", "dep", "nsubjpass",
                          "amod"})
#: prepositions inside a noun phrase that lead to the actor it concerns ("war crimes by Russia")
NP_PREPS = frozenset({"of", "by", "against", "on", "into", "from", "to", "with", "for", "over", "toward",
                      "towards", "at", "between", "upon", "around", "near", "along", "in"})
#: the same without the locative prepositions: a place found there is where, not whom ("talks in Doha")
PLACE_NP_PREPS = NP_PREPS - {"at", "around", "near", "along", "in"}


class ActorIndex:
    """Token index -> the actor mention covering it. `places` (optional) indexes the country words
    that are no actor (`U.S. bases`, `in Beijing`: `Doc._.country_places`), for target fallbacks only."""

    def __init__(self, actors: Sequence[ActorMention], places: Sequence[ActorMention] = (),
                 split_unknown: bool = True) -> None:
        unknown = [a for a in actors if a.code is not None and not a.has_country] if split_unknown else []
        #: roles whose country nobody could tell (`---COP`): used only where no other actor is found
        self.unknown: ActorIndex | None = ActorIndex(unknown, split_unknown=False) if unknown else None
        if unknown:
            actors = [a for a in actors if a.code is None or a.has_country]
        self.actors = sorted(actors, key=lambda a: (a.start, a.end))
        self.by_token: dict[int, ActorMention] = {}
        for a in self.actors:
            for i in range(a.start, a.end):
                self.by_token.setdefault(i, a)
        roles = {i for a in [*self.actors, *unknown] if not a.has_country for i in range(a.start, a.end)}
        self.places: ActorIndex | None = ActorIndex.of_places(places, roles) if places else None
        self.is_places = False  # an index of country_places: stricter noun-phrase search
        self.roles: set[int] = set()  # (places index) tokens of actor words with no country: `civilians`

    @classmethod
    def of_places(cls, places: Sequence[ActorMention], roles: set[int]) -> ActorIndex:
        index = cls(places)
        index.is_places = True
        index.roles = roles
        return index

    def covering(self, token: Token) -> ActorMention | None:
        return self.by_token.get(token.i)

    def covers_any(self, tokens: Iterable[Token]) -> bool:
        """Does any actor, of known country or not, stand on one of `tokens`?"""
        return any(t.i in self.by_token or (self.unknown is not None and t.i in self.unknown.by_token)
                   for t in tokens)

    def own(self, token: Token) -> ActorMention | None:
        """The actor covering a noun, or one in its compound/appositive modifiers."""
        found = self.covering(token)
        if found is not None:
            return found
        for child in token.children:
            if child.dep_ in ACTOR_HOLDER_DEPS:
                found = self.covering(child)
                if found is not None:
                    return found
        return None

    def for_token(self, token: Token) -> ActorMention | None:
        """The actor a noun stands for: the one covering it, else one in its modifiers or appositive,
        else the object of its `of` phrase ("the leader of Hamas")."""
        found = self.own(token)
        if found is not None:
            return found
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.covering(pobj)
                        if found is not None:
                            return found
        return None

    def np_actors(self, token: Token, depth: int = 2) -> list[ActorMention]:
        """Coded actors a noun phrase is about: the noun's own actor, else its possessor ("Iran's
        facilities"), else actors in its prepositional phrases, two levels deep ("the war against Ukraine").
        In an index of places, a noun owned by a pronoun (`its annexation of Ukrainian regions`) is about
        its owner, not about the place, and locative phrases are skipped (`talks in Doha`) unless the
        noun is an actor word with no country of its own (`civilians in northern Iraq`)."""
        if self.is_places and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
            return []
        owns: list[ActorMention] = []
        for t in (token, *token.conjuncts):  # "between Russia and Ukraine"
            a = self.own(t)
            if a is not None and a.code and a not in owns:
                owns.append(a)
        if owns:
            return owns
        found = [a for a in self.for_tokens([c for c in token.children if c.dep_ == "poss"]) if a.code]
        if found:
            return found
        # "the European Union sanctions package": an actor deeper in the compound
        for c in token.children:
            if c.dep_ == "compound":
                found += [a for d in c.subtree if (a := self.covering(d)) is not None and a.code and a not in found]
        if found:
            return found
        # an adjectival actor on a non-actor head: "Kurdish positions", "Palestinian villages", also
        # through a hyphenated adjective: "a British-flagged tanker"
        mods = [c for c in token.children if c.dep_ == "amod"]
        mods += [g for c in mods for g in c.children if g.dep_ in ("amod", "npadvmod") and g.i < c.i]
        found = []
        for c in mods:
            a = self.covering(c)
            if a is not None and a.code and a not in found:
                found.append(a)
        if found or depth == 0:
            return found
        preps = PLACE_NP_PREPS if self.is_places and token.i not in self.roles else NP_PREPS
        for p in prep_tokens([token]):
            if p.lower_ in preps:
                for o in prep_objects(p):
                    found += [a for a in self.np_actors(o, depth - 1) if a not in found]
        return found

    def for_tokens(self, tokens: Iterable[Token]) -> list[ActorMention]:
        """Actors for each token and its conjuncts ("Russia and China"), in text order, no repeats."""
        out: dict[tuple[int, int], ActorMention] = {}
        for tok in tokens:
            group = [tok, *tok.conjuncts]
            own = self.covering(tok)
            for c in tok.children:  # "The US, Russia, and Switzerland met": a list parsed as apposition
                other = self.covering(c)
                if c.dep_ == "appos" and own is not None and other is not None and other.code != own.code:
                    group += [c, *c.conjuncts]
            for t in group:
                a = self.for_token(t)
                if a is not None:
                    out.setdefault((a.start, a.end), a)
        return [out[k] for k in sorted(out)]

    def surface_left(self, actor: ActorMention, doc_tokens: Doc | Sequence[Token]) -> list[ActorMention]:
        """Actors coordinated to the left of `actor` by commas/`and`/a short parenthesis only
        ("Russia, US agree", "Assad (L) and Kerry meet"), when the parse missed the coordination."""
        out: list[ActorMention] = []
        current = actor
        while True:
            prev = self._previous(current)
            if prev is None or not self._bridged(prev.end, current.start, doc_tokens):
                break
            if doc_tokens[prev.end - 1].dep_ not in SURFACE_DEPS:  # its last word, as parsed
                break
            out.append(prev)
            current = prev
        return list(reversed(out))

    def _previous(self, actor: ActorMention) -> ActorMention | None:
        best: ActorMention | None = None
        for a in self.actors:
            if a.end <= actor.start and (best is None or a.end > best.end):
                best = a
        return best

    @staticmethod
    def _bridged(start: int, end: int, doc_tokens: Doc | Sequence[Token]) -> bool:
        between = [doc_tokens[i] for i in range(start, end)]
        if not between:
            return False
        depth = 0
        inside = 0
        saw_bridge = False
        for t in between:
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth -= 1
            elif depth > 0:
                inside += 1
                if inside > 3:
                    return False
            elif t.lower_ in BRIDGE_WORDS:
                saw_bridge = True
            else:
                return False
        return saw_bridge and depth == 0


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The syntactic subject tokens of a verb, inherited through conjunction, control and relatives."""
    if depth > 4:
        return []
    own = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if not own and verb.pos_ == "ADJ" and verb.dep_ in ("acomp", "conj"):
        return subjects(verb.head, depth + 1)
    if own:
        if verb.dep_ == "relcl" and all(t.lower_ in RELATIVE_PRONOUNS for t in own):
            return [verb.head]
        return own
    if is_passive(verb):
        return []
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return subjects(head, depth + 1)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ":  # "it was willing to resume talks"
        return subjects(head.head, depth + 1) if head.dep_ in ("acomp", "xcomp", "conj") else []
    if verb.dep_ == "xcomp" and is_passive(head):  # "India is expected to sign"
        return passive_subjects(head)
    if verb.dep_ == "xcomp":
        objs = [c for c in head.children if c.dep_ in OBJECT_DEPS]
        return objs or subjects(head, depth + 1)
    if verb.dep_ in ("advcl", "ccomp") and head.pos_ in ("VERB", "AUX"):
        return subjects(head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        # `accused Israel of obstructing aid`, `stopped the flotilla from delivering`: the object acts
        objs = [c for c in head.head.children if c.dep_ in OBJECT_DEPS and c.i < head.i] \
            if head.lower_ in OBJECT_CONTROL_PREPS else []
        return objs or subjects(head.head, depth + 1)
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        author = _author_of_statement(head)
        if author is not None:  # `issued a statement condemning X`: the statement's author condemns
            return subjects(author, depth + 1)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        return [head]
    return []


#: nouns for a text or utterance: a participle on them is done by their author (`a message blaming Iran`)
STATEMENT_NOUNS = frozenset({"statement", "message", "letter", "report", "tweet", "post", "communique", "communiqué",
                             "resolution", "declaration", "note", "memo", "speech", "video", "interview", "release",
                             "article", "editorial", "motion", "lawsuit", "complaint", "petition", "decree", "order",
                             "bill", "comment", "remark", "address", "op-ed", "column", "broadcast"})


def _author_of_statement(noun: Token) -> Token | None:
    """The verb whose subject wrote the statement `noun` belongs to: `posted a message (on Twitter)`,
    `issued a statement`; None when `noun` (or the noun its phrase hangs on) is no statement noun."""
    n = noun
    for _ in range(3):
        if n.lemma_.lower() in STATEMENT_NOUNS and n.dep_ in ("dobj", "obj", "pobj", "nsubjpass"):
            gov = n.head
            while gov.pos_ == "ADP" and gov.head.i != gov.i:
                gov = gov.head
            return gov if gov.pos_ in ("VERB", "AUX") else None
        if n.dep_ == "pobj" and n.head.pos_ == "ADP" and n.head.head.pos_ in ("NOUN", "PROPN"):
            n = n.head.head  # `a message on Twitter blaming ...`: the parser hangs it on `Twitter`
            continue
        return None
    return None


def agents(verb: Token) -> list[Token]:
    """Objects of a passive verb's `by` phrase."""
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "agent":
            out.extend(g for g in c.children if g.dep_ == "pobj")
    return out


def passive_subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ == "nsubjpass"]


def direct_objects(verb: Token) -> list[Token]:
    """The verb's objects; a verb without one (not passive) shares the object of a verb coordinated
    after it (`beat and detained protesters`)."""
    own = [c for c in verb.children if c.dep_ in OBJECT_DEPS or c.dep_ == "dative"]
    if own or verb.pos_ != "VERB" or is_passive(verb):
        return own
    for other in verb.conjuncts:
        if other.pos_ == "VERB" and other.i > verb.i and not is_passive(other):
            shared = [c for c in other.children if c.dep_ in OBJECT_DEPS]
            if shared:
                return shared
    return own


def prep_tokens(heads: Iterable[Token]) -> list[Token]:
    """Preposition dependents of the given heads, including preps coordinated with them."""
    out: list[Token] = []
    for h in heads:
        for c in h.children:
            if c.dep_ in ("prep", "dative") and c.pos_ == "ADP":
                out.append(c)
                out.extend(x for x in c.conjuncts if x.pos_ == "ADP")
    seen: set[int] = set()
    uniq = []
    for t in out:
        if t.i not in seen:
            seen.add(t.i)
            uniq.append(t)
    return uniq


def prep_objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def marked_clause_subjects(heads: Iterable[Token], marks: Sequence[str]) -> list[Token]:
    """Subjects of clauses introduced by one of `marks` ("called for the U.S. to combine")."""
    out: list[Token] = []
    for h in heads:
        for c in h.children:
            if c.dep_ in ("advcl", "ccomp", "xcomp") and any(
                m.dep_ == "mark" and m.lower_ in marks for m in c.children
            ):
                out.extend(s for s in c.children if s.dep_ == "nsubj")
    return out


def tree_distance(a: Token, b: Token) -> int:
    """Number of arcs between two tokens in the dependency tree."""
    if a.i == b.i:
        return 0
    up_a = {a.i: 0}
    t, d = a, 0
    while t.head.i != t.i:
        t, d = t.head, d + 1
        up_a[t.i] = d
    t, d = b, 0
    while True:
        if t.i in up_a:
            return up_a[t.i] + d
        if t.head.i == t.i:
            return up_a.get(t.i, 10) + d
        t, d = t.head, d + 1
