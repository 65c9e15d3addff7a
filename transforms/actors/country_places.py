"""Country words that are not actors but tell which country a thing or place belongs to.

`U.S. bases`, `the Ukrainian city of Kherson`, `Mexican imports`, `protested in Beijing`, `shelled
Kharkiv` (a city of `cities.tsv`): the head-of-NP
and place rules keep these out of `Doc._.actors` (they are not who acts), but an event's target is
often such a thing or place, and CAMEO then codes its country. This module lists them, as
`ActorMention`s with only a country code, in `Doc._.country_places`; the event coder may use them as
targets when no actor is found. It must not add anything to `Doc._.actors` nor code sources.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from transforms.actors.compose import CITY_LABELS, SETTLEMENT_NOUNS, Draft, inside_other_name
from transforms.actors.dictionary import CountryPhrase
from transforms.actors.matcher import Piece

#: Country phrase forms that name a country's place or property (regions such as `Middle East` do not).
PLACE_FORMS = {"name", "adjective", "people", "capital", "metonym"}
#: Words after a hyphen that make the country the owner, not the maker: `a British-flagged tanker`,
#: `a Russian-owned bank` (unlike `a Russian-made drone`).
OWNERSHIP_WORDS = {"flagged", "registered", "owned", "operated", "controlled", "held"}
#: Prepositions before a place name: `in Kharkiv`, `near Odesa`.
CITY_PREPS = {"in", "near", "at", "outside", "inside", "around", "across", "throughout", "into", "toward", "towards"}
#: Certainty of a country read off a modifier or a place.
PLACE_CERTAINTY = 0.5


def register_extension() -> None:
    """`Doc._.country_places`: list[ActorMention] | None (idempotent)."""
    if not Doc.has_extension("country_places"):
        Doc.set_extension("country_places", default=None)


def country_places(doc: Doc, pieces: list[Piece], actors: list[Draft],
                   cities: dict[str, tuple[str, str]] | None = None) -> list[Draft]:
    """Runs of country words not inside any actor: one draft per run, with the run's first country.

    Left out: country words inside another name (`New Mexico`, `the Paris Agreement`), words joined
    by a hyphen to what follows (`a Russian-made drone`: where it was made, not whose it is; kept for
    owners: `a British-flagged tanker`), and
    words directly followed by an unknown proper name (`Chad Smith`)."""
    taken = {i for d in actors for i in range(d.start, d.end)}
    out: list[Draft] = []
    run: list[Piece] = []

    def flush() -> None:
        if run:
            draft = _place(doc, run)
            if draft is not None:
                out.append(draft)
            run.clear()

    for p in pieces:
        is_country = (p.kind == "country" and isinstance(p.entry, CountryPhrase)
                      and p.entry.form in PLACE_FORMS and not any(i in taken for i in range(p.start, p.end)))
        if not is_country:
            flush()
            continue
        if run and run[-1].end != p.start:
            flush()
        run.append(p)
    flush()
    if cities:
        # unknown names (`Kharkiv` tagged PERSON by the small model, kept with code None) may be cities
        covered = {i for p in pieces if p.kind != "unknown" for i in range(p.start, p.end)}
        covered |= {i for d in actors if d.code is not None for i in range(d.start, d.end)}
        out += _city_places(doc, cities, covered)
        out.sort(key=lambda d: d.start)
    return out


def _city_places(doc: Doc, cities: dict[str, tuple[str, str]], covered: set[int]) -> list[Draft]:
    """Named cities of `cities.tsv` that no dictionary phrase covers (`shelled Kharkiv`, `in Istanbul`)."""
    out: list[Draft] = []
    for ent in doc.ents:
        if ent.label_ not in CITY_LABELS and not (ent.label_ == "PERSON" and _where_a_place_stands(ent.root)):
            continue
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        if start >= ent.end or any(i in covered for i in range(start, ent.end)) or doc[start].pos_ != "PROPN":
            continue
        found = cities.get(" ".join(doc[start:ent.end].text.lower().split()))
        if found is None:
            continue
        country, where = found
        out.append(Draft(start, ent.end, country, country, None, None, doc[start:ent.end].root.i,
                         ["place:" + where], PLACE_CERTAINTY))
    return out


def _where_a_place_stands(tok: Token) -> bool:
    """`in Kharkiv`, `near Odesa`, `the city of Kherson`: a name the small model tagged PERSON is taken
    as a city only in these positions (`arrested Jackson` stays a person)."""
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ in CITY_PREPS or (prep.lower_ == "of" and prep.head.lemma_.lower() in SETTLEMENT_NOUNS)


def _place(doc: Doc, run: list[Piece]) -> Draft | None:
    start, end = run[0].start, run[-1].end
    entry = run[0].entry
    assert isinstance(entry, CountryPhrase)
    if end < len(doc) and doc[end].text == "-" and not (
            end + 1 < len(doc) and doc[end + 1].lower_ in OWNERSHIP_WORDS):
        return None
    if inside_other_name(doc, start, end):
        return None
    if end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].ent_type_ in ("PERSON", "ORG"):
        return None
    head = doc[start:end].root.i
    evidence = ["place:" + (run[0].evidence or entry.country)]
    return Draft(start, end, entry.country, entry.country, None, None, head, evidence, PLACE_CERTAINTY)
