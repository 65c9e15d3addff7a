"""Composes dictionary pieces into actor mentions: role + country, titles + people, compounds, NP heads.

Input: the Doc and its non-overlapping pieces; output: draft mentions with codes. Rules here:
adjacent pieces in one noun phrase form one actor (longest match already settled by the matcher);
`X's ROLE`, `X-backed ROLE` and `ROLE of X` take X's country; `A and B ROLE` gives one actor per
country; an explicit title beats the date-selected role; a word that only modifies a non-actor noun
(`a Russian-made drone`, `Syrian territory`, `a police post`) is not an actor; a country or capital
that is only a place (`clashes in Syria`, `visited Kyiv`) is not an actor; a bare role takes a
country only from evidence in its sentence (`attached_country`: a place, group or apposition on it,
the place of its act; `inherit_sentence_country`: definite institutions only). No coreference here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from transforms.actors.dated_roles import national_country, role_on
from transforms.actors.dictionary import ActorDictionary, Agent, CountryPhrase, Organisation, Person, split_code
from transforms.actors.matcher import Piece

POSSESSIVE = {"'s", "’s", "'", "’"}
COORDINATION = {"and", ",", "or", "&"}
#: Dependency labels of a word that only modifies another noun.
MODIFIER_DEPS = {"amod", "compound", "npadvmod", "nmod", "nummod"}
#: Dependency labels that keep a word inside the noun phrase of its head.
CHAIN_DEPS = MODIFIER_DEPS | {"poss"}
#: Grammatical roles in which a demonym used as a noun is a person (`killed a Palestinian`).
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos", "attr"}
#: Prepositions that give a bare role its country: `rebels in Ivory Coast`, `the government of Iraq`.
PLACE_PREPS = {"in", "of", "from", "throughout", "across", "inside"}
#: Prepositions on a verb that name where its act happened: `shot protesters in Gaza`.
LOCATIVE_PREPS = {"in", "inside", "at", "throughout", "across"}
#: Entity labels under which a city name is taken as a place (the small model tags some cities NORP).
CITY_LABELS = {"GPE", "LOC", "NORP", "FAC"}
#: Nouns of quantity before `of`: `hundreds of protesters` takes part in the act as `protesters` does.
QUANTITY_NOUNS = {"hundred", "hundreds", "dozen", "dozens", "thousand", "thousands", "score", "scores", "million",
                  "millions", "group", "number", "some", "many", "most", "all", "any", "several", "none", "crowd"}
#: Nouns for settlements and regions: `in the Ethiopian city of Axum` places an act in Ethiopia
#: (`at the Russian embassy` does not).
SETTLEMENT_NOUNS = {"city", "town", "village", "capital", "province", "region", "district", "port", "countryside",
                    "state", "territory", "north", "south", "east", "west", "border"}
#: Prepositions after which a place is a destination or origin when their head is a motion word.
DIRECTION_PREPS = {"to", "from", "toward", "towards"}
#: Possessive pronouns: `their ambassadors` needs coreference we do not attempt, so stays unresolved.
PRONOUN_POSSESSORS = {"their", "its", "his", "her", "our", "my", "your"}
#: Entity labels inside which a country word is part of another name (`New Mexico`, `Chad Smith`).
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT"}


@dataclass
class Draft:
    """A mention before coreference: the ActorMention fields plus what the later rules need."""

    start: int
    end: int
    code: str | None
    country: str | None
    agent: str | None
    group: str | None
    head: int
    evidence: list[str]
    certainty: float = 1.0
    person: Person | None = None  # a known individual
    personal: bool = False  # denotes one person (known, unknown PERSON, or a person role like `minister`)
    sex: str = ""
    definite_role: bool = False  # `the minister`: a role with no country, to resolve to an earlier actor
    role_agent: str | None = None  # agent of that role
    inherit: bool = False  # a role with no country that may take a country the sentence attaches to it
    definite: bool = False  # `the government`, `the army`: a definite singular role, may take the only
    #                         country of its sentence (a state has one government)
    of_agent: str | None = None  # `leaders of Egypt, Jordan ...`: role shared with conjoined countries
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DocInfo:
    """Per-Doc facts the rules consult."""

    doc: Doc
    day: dt.date | None
    sent_of: list[int]
    covered: set[int]
    dictionary: ActorDictionary

    @property
    def known(self) -> set[str]:
        return self.dictionary.country_codes


def _text(doc: Doc, start: int, end: int) -> list[str]:
    return [t.text for t in doc[start:end]]


def _connector(piece: Piece) -> bool:
    return piece.kind == "agent" and isinstance(piece.entry, Agent) and piece.entry.kind == "connector"


def _form(piece: Piece) -> str:
    return piece.entry.form if isinstance(piece.entry, CountryPhrase) else ""


def _joinable(doc: Doc, prev: Piece, nxt: Piece) -> str:
    """How `nxt` attaches to the chunk ending in `prev`: '' (not at all), 'join', or 'possessor'."""
    gap = _text(doc, prev.end, nxt.start)
    names = ("person", "organisation", "unknown")
    if prev.kind in names and nxt.kind in names:
        same = (isinstance(prev.entry, Organisation) and isinstance(nxt.entry, Organisation)
                and prev.entry.code == nxt.entry.code)
        return "join" if same and len(gap) <= 1 else ""  # `the UN refugee agency UNHCR`
    if prev.kind == "country" and nxt.kind == "country":
        # `Iraqi Kurdish officials`: stacked adjectives; the first country decides
        return "join" if not gap and _form(prev) == _form(nxt) == "adjective" else ""
    if not gap:
        if nxt.kind == "country" and prev.kind == "agent":
            entry = prev.entry
            return "join" if isinstance(entry, Agent) and entry.kind in ("honorific", "modifier") else ""
        return "join"
    if len(gap) == 1 and gap[0] in POSSESSIVE and nxt.kind in ("agent", "person", "unknown", "organisation"):
        if nxt.kind == "organisation":  # `Russia's State Duma`
            return "join" if prev.kind == "country" else ""
        if prev.kind in ("country", "organisation") or (prev.kind == "agent" and nxt.kind == "agent"):
            return "join"
        if prev.kind == "person" and nxt.kind == "agent":
            return "possessor"
        return ""
    if [g.lower() for g in gap] in (["of"], ["of", "the"]) and prev.kind == "agent" and nxt.kind == "country":
        return "join" if _form(nxt) in ("name", "region") else ""
    if (prev.kind in ("country", "organisation", "person") and nxt.kind in ("agent", "person", "unknown")
            and len(gap) <= 3 and modifies(doc, prev, nxt)):
        return "possessor" if prev.kind == "person" else "join"
    return ""


def modifies(doc: Doc, prev: Piece, nxt: Piece) -> bool:
    """`prev` is a modifier inside the noun phrase headed in `nxt`, across a short gap of adjectives or
    nouns (`Iraq's interim government`, `French paper workers`, `Jordan's visiting King Abdullah`)."""
    for t in doc[prev.end:nxt.start]:
        if t.lower_ in COORDINATION or (t.is_punct and t.text not in POSSESSIVE and t.text != "-"):
            return False
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound"):
            return False
    tok = doc[prev.end - 1]
    for _ in range(4):
        if tok.dep_ not in CHAIN_DEPS:
            return False
        tok = tok.head
        if nxt.start <= tok.i < nxt.end:
            return True
        if not prev.end <= tok.i < nxt.start:
            return False
    return False


def chunk_pieces(doc: Doc, pieces: list[Piece], sent_of: list[int]) -> list[tuple[list[Piece], Piece | None]]:
    """Groups adjacent pieces of one noun phrase; each chunk may carry a possessor piece (`Assad's`)."""
    chunks: list[tuple[list[Piece], Piece | None]] = []
    i = 0
    possessor: Piece | None = None
    while i < len(pieces):
        cur = [pieces[i]]
        owner, possessor = possessor, None
        j = i + 1
        while j < len(pieces):
            prev, nxt = cur[-1], pieces[j]
            if sent_of[prev.start] != sent_of[nxt.start]:
                break
            # "Iranian-backed militias": country, '-', connector word, role
            if _connector(nxt) and prev.kind in ("country", "organisation") and j + 1 < len(pieces):
                after = pieces[j + 1]
                if (_text(doc, prev.end, nxt.start) == ["-"] and after.start == nxt.end
                        and after.kind == "agent" and not _connector(after)):
                    cur.extend([nxt, after])
                    j += 2
                    continue
                break
            how = _joinable(doc, prev, nxt)
            if how == "join":
                cur.append(nxt)
                j += 1
                continue
            if how == "possessor":
                possessor = prev
            break
        chunks.append((cur, owner))
        i = j
    return chunks


def _is_modifier_only(doc: Doc, start: int, end: int, covered: set[int]) -> bool:
    """The words [start, end) only modify a following noun that is not itself an actor word."""
    last = doc[end - 1]
    if end < len(doc) and doc[end].text == "-":  # Russian-made, US-based
        return True
    head = last.head
    return (last.dep_ in MODIFIER_DEPS and head.i >= end and head.i not in covered
            and head.pos_ in ("NOUN", "ADJ", "NUM"))


def _clause_token(tok: Token) -> Token:
    """The token whose grammatical role counts: the first conjunct (`Kyiv and Moscow` after `to` take the
    role of `Kyiv`) or the noun an apposition describes (`in the Saudi capital, Riyadh`)."""
    for _ in range(6):
        if tok.dep_ not in ("conj", "appos") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def is_place(info: DocInfo, start: int, end: int) -> bool:
    """A country/capital that names where something happens or goes, not who acts."""
    tok = _clause_token(info.doc[start:end].root)
    d = info.dictionary
    if tok.dep_ == "pobj":
        prep = tok.head
        if prep.lower_ in d.locative:
            return True
        if prep.lower_ in DIRECTION_PREPS and prep.head.lemma_.lower() in d.motion:
            return True
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in d.motion


def inside_other_name(doc: Doc, start: int, end: int) -> bool:
    """The words are part of a longer name (`New Mexico`, `Chad Smith`, `the Paris Agreement`)."""
    found = _entity_around(doc, start, end)
    if found is not None and found[2] in NAME_LABELS:
        extra = [t for t in doc[found[0]:found[1]] if not start <= t.i < end]
        return any(t.pos_ == "PROPN" or (t.is_title and not t.is_punct and t.lower_ != "the") for t in extra)
    return False


def _entity_around(doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
    """(start, end, label) of the entity of `doc.ents` that holds tokens start..end, if any.

    Read from the IOB tags around `start` (building `doc.ents` for every piece made this quadratic in
    the length of an article); falls back to `doc.ents` for empty ranges and irregular tags.
    """
    if 0 <= start < end <= len(doc):
        first = start
        while first > 0 and doc[first].ent_iob == 1:  # I: inside, walk back to the B
            first -= 1
        tok = doc[first]
        if tok.ent_iob in (0, 2) or (tok.ent_iob == 3 and tok.ent_type == 0):  # missing / O: no entity
            return None if first == start else _entity_from_ents(doc, start, end)
        if tok.ent_iob == 3:
            last = start + 1
            while last < len(doc) and doc[last].ent_iob == 1:
                last += 1
            return (first, last, tok.ent_type_) if end <= last else None
    return _entity_from_ents(doc, start, end)


def _entity_from_ents(doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
    for ent in doc.ents:
        if ent.start <= start and end <= ent.end:
            return ent.start, ent.end, ent.label_
    return None


def build_draft(info: DocInfo, chunk: list[Piece], owner: Piece | None) -> Draft | None:
    """The actor a chunk denotes, or None when it is no actor (a modifier, a place, a bare title)."""
    doc, day, known = info.doc, info.day, info.known
    country: str | None = None
    explicit: str | None = None  # agent named in the text (title, role noun, metonym)
    explicit_kind = ""
    fallback_agent: str | None = None  # agent a capital carries when nothing else gives one
    former: str | None = None
    org: Organisation | None = None
    person: Person | None = None
    unknown: Piece | None = None
    of_agent: str | None = None
    forms: list[str] = []
    evidence: list[str] = []
    for k, p in enumerate(chunk):
        e = p.entry
        if p.evidence:
            evidence.append(p.evidence)
        if isinstance(e, CountryPhrase):
            forms.append(e.form)
            country = country or e.country
            if e.form == "metonym" and explicit is None and e.agent:
                explicit = e.agent
            elif e.agent:
                fallback_agent = fallback_agent or e.agent
            if k > 0 and chunk[k - 1].kind == "agent" and doc[p.start - 1].lower_ in ("of", "the"):
                of_agent = explicit
        elif isinstance(e, Agent):
            if e.kind == "modifier":
                former = e.agent
            elif e.kind in ("person", "group", "envoy", "thing", "national") and explicit is None:
                explicit = e.agent
                explicit_kind = e.kind
        elif isinstance(e, Organisation):
            org = e
        elif isinstance(e, Person):
            person = e
        elif p.kind == "unknown":
            unknown = p
    if owner is not None and country is None:
        oc = _owner_country(owner, day, known)
        if oc:
            country = oc
            evidence.insert(0, owner.evidence or "possessor")
    start, end = chunk[0].start, chunk[-1].end
    named = [p for p in chunk if p.kind in ("person", "organisation", "unknown")]
    # the head of `Syrian President Bashar al-Assad` is the name, whatever the parser made of the title
    head = doc[named[-1].start:named[-1].end].root.i if named else doc[start:end].root.i
    certainty = min(p.certainty for p in chunk)
    if (person is not None and country is not None and certainty < 1.0 and person.is_person
            and split_code(role_on(person, day)[0], known)[0] not in (country, None)):
        person = None  # `Algerian President Ahmed`: a surname guess that contradicts the text
    if org is not None:
        c, a, g = split_code(org.code, known)
        return Draft(start, end, org.code, c, a, g, head, evidence, certainty)
    if person is not None:
        pcode, rid, cert = role_on(person, day)
        pc, pa, pg = split_code(pcode, known)
        evidence.insert(0, rid)
        if not person.is_person:  # an organisation with dated roles: its code, whatever role words follow
            return Draft(start, end, pcode, pc, pa, pg, head, evidence, min(certainty, cert))
        code_country: str | None
        if former or explicit:  # the title in the text decides the role; the person gives the country
            role = former or explicit or ""
            code_country = pc or country or national_country(person, day)
        else:
            return Draft(start, end, pcode, pc, pa, pg, head, evidence, min(certainty, cert),
                         person=person, personal=True, sex=person.sex)
        person_code = (code_country or "") + role
        return Draft(start, end, person_code, code_country, role[:3], None, head, evidence, certainty,
                     person=person, personal=True, sex=person.sex)
    if all(p.kind == "country" for p in chunk):  # only country words: capitals and metonyms carry their agent
        return _country_draft(info, start, end, head, country, forms, explicit or fallback_agent, evidence,
                              certainty)
    agent = former or explicit
    if unknown is not None:
        code = ((country or "") + (agent or "")) if country else None
        return Draft(start, end, code, country, agent[:3] if agent else None, None, head,
                     evidence or [f"ner:{unknown.label}"], 0.5 if code else 0.0,
                     personal=unknown.label == "PERSON", inherit=country is None and agent is not None,
                     definite=unknown.label == "ORG" and start > 0 and doc[start - 1].lower_ == "the",
                     role_agent=agent[:3] if agent else None, extra={"agent_suffix": agent or ""})
    if agent:
        return _role_draft(info, start, end, head, country, agent, explicit_kind, evidence, certainty, of_agent)
    return _country_draft(info, start, end, head, country, forms, fallback_agent, evidence, certainty)


def _role_draft(info: DocInfo, start: int, end: int, head: int, country: str | None, agent: str,
                kind: str, evidence: list[str], certainty: float, of_agent: str | None) -> Draft | None:
    doc = info.doc
    singular = doc[end - 1].tag_ in ("NN", "NNP")
    personal = kind in ("person", "envoy", "national") and singular
    root = doc[head]
    if root.dep_ in ("attr", "appos") or (root.dep_ == "pobj" and root.head.lower_ == "as"):
        return None  # a description of another actor: `Putin, then prime minister`, `as Russia's envoy`
    if country is not None:
        return Draft(start, end, country + agent, country, agent[:3], None, head, evidence, certainty,
                     personal=personal, role_agent=agent[:3], of_agent=of_agent)
    if _is_modifier_only(doc, start, end, info.covered) or _named_modifier(doc, root, info.covered):
        return None  # `a police post`, `joint military exercises`, `the Sochi congress`
    if root.dep_ == "pobj" and root.head.lower_ in info.dictionary.locative:
        return None  # `a seat in parliament`
    possessed = any(c.dep_ == "poss" and c.lower_ in PRONOUN_POSSESSORS for c in root.children)
    after_the = start > 0 and doc[start - 1].lower_ == "the"
    the_head = after_the or any(c.dep_ == "det" and c.lower_ == "the" for c in root.children)
    inherit = kind not in ("envoy", "thing", "national") and not possessed
    return Draft(start, end, None, None, agent[:3], None, head, evidence, certainty, personal=personal,
                 definite_role=personal and after_the, role_agent=agent[:3], inherit=inherit,
                 definite=inherit and the_head and singular,
                 extra={"agent_suffix": agent, **({"national": "1"} if kind == "national" else {})})


def _named_modifier(doc: Doc, root: Token, covered: set[int]) -> bool:
    """A bare role named after a place or event that is no actor: `the Sochi congress`."""
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i not in covered for c in root.children)


def _followed_by_name(doc: Doc, end: int, covered: set[int]) -> bool:
    """`Chad Smith`, `the Niger River`: the country word starts a longer proper name."""
    if end >= len(doc):
        return False
    nxt = doc[end]
    return nxt.pos_ == "PROPN" and nxt.is_title and nxt.i not in covered and nxt.ent_type_ not in ("DATE", "TIME")


def _country_draft(info: DocInfo, start: int, end: int, head: int, country: str | None, forms: list[str],
                   fallback_agent: str | None, evidence: list[str], certainty: float) -> Draft | None:
    """Only country words: an actor by form, unless it only modifies a noun or names a place."""
    doc = info.doc
    if country is None or not forms:  # e.g. a lone title after a possessor: `Putin's Mr`
        return None
    form = forms[-1]
    if form == "adjective":
        last = doc[end - 1]  # `killed a Palestinian`: the adjective used as a noun is a person
        if last.pos_ in ("NOUN", "PROPN") and last.dep_ in ARGUMENT_DEPS and end - start == 1 \
                and country not in _region_codes(info.dictionary) \
                and not inside_other_name(doc, start, end):  # `to the Gulf` (a region) is a place
            return Draft(start, end, country + "CVL", country, "CVL", None, head, evidence, certainty)
        return None
    if form in ("name", "region", "people", "capital") and _is_modifier_only(doc, start, end, info.covered):
        return None
    named_elsewhere = inside_other_name(doc, start, end) or _followed_by_name(doc, end, info.covered)
    if form in ("name", "region", "capital", "metonym") and (is_place(info, start, end) or named_elsewhere):
        return None
    if form == "people":
        return Draft(start, end, country + "CVL", country, "CVL", None, head, evidence, certainty)
    if form in ("capital", "metonym"):
        fa = fallback_agent or ""
        return Draft(start, end, country + fa, country, fa[:3] or None, None, head, evidence, certainty)
    return Draft(start, end, country, country, None, None, head, evidence, certainty)


_REGIONS: dict[int, frozenset[str]] = {}


def _region_codes(dictionary: ActorDictionary) -> frozenset[str]:
    """Codes declared by a `region` phrase (`Middle East` MEA, `Gulf states` PGS), once per dictionary."""
    key = id(dictionary)
    if key not in _REGIONS:
        _REGIONS[key] = frozenset(c.country for c in dictionary.countries.values() if c.form == "region")
    return _REGIONS[key]


def _owner_country(owner: Piece, day: dt.date | None, known: set[str]) -> str | None:
    e = owner.entry
    if isinstance(e, Person):
        return split_code(role_on(e, day)[0], known)[0]
    if isinstance(e, Organisation):
        return split_code(e.code, known)[0]
    if isinstance(e, CountryPhrase):
        return e.country
    return None


def compose(doc: Doc, pieces: list[Piece], day: dt.date | None, sent_of: list[int],
            dictionary: ActorDictionary) -> list[Draft]:
    """All actor drafts of a Doc, in text order, including one per country of a compound."""
    covered = {i for p in pieces for i in range(p.start, p.end)}
    info = DocInfo(doc, day, sent_of, covered, dictionary)
    chunks = chunk_pieces(doc, pieces, sent_of)
    drafts: list[Draft | None] = [build_draft(info, c, o) for c, o in chunks]
    _share_roles_with_coordinated(info, chunks, drafts)
    kept = [d for d in drafts if d is not None]
    _distribute_of_roles(doc, kept)
    by_token = {i: p for p in pieces for i in range(p.start, p.end)}
    return [_place_country(doc, d, by_token, kept, dictionary.cities) for d in kept]


def _share_roles_with_coordinated(info: DocInfo, chunks: list[tuple[list[Piece], Piece | None]],
                                  drafts: list[Draft | None]) -> None:
    """`Hungarian and Romanian officials`: a lone country word coordinated with a following
    country+role chunk takes that chunk's role (right to left, so chains work)."""
    doc, sent_of = info.doc, info.sent_of
    for k in range(len(chunks) - 2, -1, -1):
        pieces_k, _ = chunks[k]
        nxt = drafts[k + 1]
        if len(pieces_k) != 1 or pieces_k[0].kind != "country" or nxt is None or not nxt.agent:
            continue
        entry = pieces_k[0].entry
        first_next = chunks[k + 1][0][0]
        if not isinstance(entry, CountryPhrase) or entry.form not in ("adjective", "name"):
            continue
        if first_next.kind != "country" or sent_of[first_next.start] != sent_of[pieces_k[0].start]:
            continue
        gap = {t.lower_ for t in doc[pieces_k[0].end:first_next.start]}
        if not gap or not gap <= COORDINATION or not _coordinated_into(doc, pieces_k[0], chunks[k + 1][0]):
            continue
        agent_code = (nxt.code or "")[len(nxt.country or ""):] if nxt.country else nxt.agent
        p = pieces_k[0]
        drafts[k] = Draft(p.start, p.end, entry.country + (agent_code or ""), entry.country, nxt.agent, None,
                          nxt.head, [p.evidence, *nxt.evidence[1:]], nxt.certainty,
                          personal=nxt.personal, role_agent=nxt.role_agent)


def _coordinated_into(doc: Doc, lone: Piece, chunk: list[Piece]) -> bool:
    """The lone country word modifies the coordinated noun phrase (`Hungarian and Romanian officials`),
    rather than being an actor of its own (`the United States, South Korea's ministry`)."""
    start, end = chunk[0].start, chunk[-1].end
    tok = doc[lone.end - 1]
    if any(t.dep_ == "conj" and t.head.i == tok.i for t in doc[start:end]) and tok.dep_ not in ("pobj", "dobj"):
        return True  # parsed as `Emirati` <- conj - `officials`
    for _ in range(4):
        if tok.dep_ not in CHAIN_DEPS | {"conj"}:
            return False
        tok = tok.head
        if start <= tok.i < end:
            return True
    return False


def _distribute_of_roles(doc: Doc, drafts: list[Draft]) -> None:
    """`Leaders of Egypt, Jordan and ...`: countries conjoined to the object of `ROLE of` share the role."""
    for holder in drafts:
        if not holder.of_agent:
            continue
        for k, d in enumerate(drafts):
            if d.agent is not None or d.country is None or d.code != d.country or d.start < holder.end:
                continue
            tok = doc[d.head]
            for _ in range(6):
                if tok.dep_ != "conj":
                    break
                tok = tok.head
            if holder.start <= tok.i < holder.end:
                drafts[k] = Draft(d.start, d.end, d.country + holder.of_agent, d.country, holder.of_agent[:3],
                                  None, d.head, [*d.evidence, *holder.evidence[:1]], d.certainty)


def _place_country(doc: Doc, d: Draft, by_token: dict[int, Piece], drafts: list[Draft],
                   cities: dict[str, tuple[str, str]]) -> Draft:
    """A role with no country takes the country the sentence attaches to it (see `attached_country`);
    plain person nouns too, though they never take their sentence's country."""
    if d.country is not None or d.person is not None or d.agent is None or not (d.inherit or "national" in d.extra):
        return d
    found = attached_country(doc, d, by_token, drafts, cities)
    if found is None:
        return d
    c, evidence = found
    suffix = d.extra.get("agent_suffix", d.agent)
    return Draft(d.start, d.end, c + suffix, c, d.agent, d.group, d.head, [*d.evidence, evidence],
                 min(d.certainty, 0.8), personal=d.personal, role_agent=d.role_agent)


def attached_country(doc: Doc, d: Draft, by_token: dict[int, Piece], drafts: list[Draft],
                     cities: dict[str, tuple[str, str]] | None = None) -> tuple[str, str] | None:
    """The country a bare role belongs to by the sentence's own evidence, with the evidence; or None.

    1. A place phrase on the role: `rebels in Ivory Coast`, `families in Gaza`, `rebels in the Syrian
       city of Aleppo`, `residents of Douma` (a city of `cities.tsv`).
    2. An apposition with a country: `the protesters, mostly Kenyans, ...`.
    3. The place of the act the role takes part in, when the parser attached it to the verb:
       `shot protesters in Gaza`, `protesters rallied in Tehran` (for a subject only when no other
       actor takes part in the act: in `troops fired at protesters in Gaza` the troops may be foreign).
    A country that only modifies another actor (`Israeli troops shot protesters`) is no evidence."""
    head = doc[d.head]
    found = _place_phrase_country(doc, head, by_token, PLACE_PREPS, drafts, cities)
    if found is not None:
        return found
    appositions = [c for c in head.children if c.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else [])
    for other in appositions:
        p = by_token.get(other.i)
        if p is not None and isinstance(p.entry, CountryPhrase) and p.entry.form in ("people", "name"):
            return p.entry.country, p.evidence
    tok = _clause_token(head)
    if (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.i < tok.i
            and (tok.head.head.pos_ == "NUM" or tok.head.head.lemma_.lower() in QUANTITY_NOUNS)):
        tok = _clause_token(tok.head.head)  # `detained hundreds of protesters`
    verb = tok.head
    if tok.dep_ == "pobj" and verb.dep_ in ("prep", "agent"):
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i == tok.i:
        return None
    if tok.dep_ in ("nsubj", "csubj"):
        others = [o for o in drafts if o is not d and o.head != d.head and _argument_of(doc, doc[o.head], verb)]
        if others:
            return None
    elif tok.dep_ not in ("dobj", "nsubjpass", "pobj", "dative"):
        return None
    return _place_phrase_country(doc, verb, by_token, LOCATIVE_PREPS, None, cities)


def _argument_of(doc: Doc, tok: Token, verb: Token) -> bool:
    """`tok` is a subject/object of `verb`, directly or as object of one of its prepositions."""
    tok = _clause_token(tok)
    if tok.head.i == verb.i:
        return tok.dep_ in ARGUMENT_DEPS or tok.dep_ == "agent"
    return tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent") and tok.head.head.i == verb.i


def _place_phrase_country(doc: Doc, word: Token, by_token: dict[int, Piece], preps: set[str],
                          owners: list[Draft] | None = None,
                          cities: dict[str, tuple[str, str]] | None = None) -> tuple[str, str] | None:
    """The country of a `PREP PLACE` phrase on `word`: the place a country name or capital, or a noun
    with a country word in front of it (`the Ethiopian city of Axum`, `the Syrian border town`).

    With `owners` (the phrase hangs on the role itself, not on a verb) also a coded person or group
    (`activists from the Fatah party`, `supporters of Ahmed Ben Bella`) and a country word in front
    of any noun (`inhabitants of the Syrian Golan Heights`)."""
    for prep in word.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            p = by_token.get(obj.i)
            if p is not None and isinstance(p.entry, CountryPhrase) and p.entry.form in ("name", "capital"):
                return p.entry.country, p.evidence
            if p is not None:
                owner = next((o for o in owners or () if o.start <= obj.i < o.end), None)
                if (owner is not None and owner.country and len(owner.country) == 3 and not owner.inherit
                        and p.kind in ("person", "organisation")):
                    return owner.country, owner.evidence[0] if owner.evidence else "owner"
                if p.kind != "unknown":
                    continue  # a role word: `in the government`
            city = _city_country(obj, cities) if p is None and cities else None
            if city is not None:  # `detained protesters in Istanbul`, `in the town of Douma`
                return city
            if owners is not None:  # `activists from the Fatah movement`, `... the Fatah Party`
                for mod in obj.children:
                    q = by_token.get(mod.i)
                    owner = next((o for o in owners if o.start <= mod.i < o.end), None)
                    if (mod.dep_ == "compound" and q is not None and q.kind == "organisation" and owner is not None
                            and owner.country and len(owner.country) == 3):
                        return owner.country, owner.evidence[0] if owner.evidence else "owner"
            elif obj.lemma_.lower() not in SETTLEMENT_NOUNS:
                continue
            for mod in obj.children:
                q = by_token.get(mod.i)
                if (mod.dep_ in ("amod", "compound", "nmod") and mod.i < obj.i and q is not None
                        and isinstance(q.entry, CountryPhrase) and q.entry.form in ("adjective", "name")):
                    return q.entry.country, q.evidence
    return None


def _city_country(obj: Token, cities: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The country of a city named by `obj` (a GPE entity), or by the `of` phrase of a settlement noun
    (`the town of Douma`)."""
    doc = obj.doc
    toks = [obj]
    if obj.lemma_.lower() in SETTLEMENT_NOUNS:
        toks += [o for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                 if o.dep_ == "pobj"]
    for tok in toks:
        if tok.pos_ != "PROPN":
            continue
        ent = _entity_around(doc, tok.i, tok.i + 1)
        if ent is not None and ent[2] not in CITY_LABELS:
            continue  # `supporters of Jackson` (a PERSON) is no place
        first, last = (tok.i, tok.i + 1) if ent is None else ent[:2]
        if doc[first].lower_ == "the":
            first += 1
        found = cities.get(" ".join(doc[first:last].text.lower().split()))
        if found is not None:
            return found[0], found[1]
    return None


def inherit_sentence_country(drafts: list[Draft], sent_of: list[int]) -> list[Draft]:
    """A definite singular role still without country (`the government`, `the army`, `the Supreme
    Court`) takes the country of its sentence when exactly one country acts in it (`Iranian protesters
    rallied against the government` -> IRNGOV); otherwise it stays unresolved (code None).

    Plural and indefinite roles (`protesters`, `soldiers`, `a senior official`) never do: in `Israeli
    troops shot protesters` the only country modifies another actor and says nothing about the
    protesters. They get a country only from the sentence's own evidence (`attached_country`)."""
    countries: dict[int, set[str]] = {}
    for d in drafts:
        if d.country is not None and not d.inherit:
            countries.setdefault(sent_of[d.start], set()).add(d.country)
    out: list[Draft] = []
    for d in drafts:
        if d.definite and d.inherit and d.code is None and d.agent is not None:
            found = countries.get(sent_of[d.start], set())
            if len(found) == 1:
                c = next(iter(found))
                suffix = d.extra.get("agent_suffix", d.agent)
                d = Draft(d.start, d.end, c + suffix, c, d.agent, d.group, d.head, [*d.evidence, "context:sentence"],
                          min(d.certainty, 0.5), personal=d.personal, role_agent=d.role_agent, inherit=True,
                          definite=True)
        out.append(d)
    return out
