"""The `cameo_actors` spaCy component: sets `Doc._.actors` (ActorMentions sorted by start) and
`Doc._.country_places` (country words that are no actor, for event targets; see country_places.py).

Wires the dictionary loader, matcher, composition and coreference together; reads
`Doc._.event_date` to choose date-restricted roles. Holds no coding knowledge itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from transforms.actors.apposition import resolve_appositions
from transforms.actors.article_names import resolve_article_names
from transforms.actors.compose import Draft, compose, inherit_sentence_country
from transforms.actors.coreference import SurnameIndex, resolve_references
from transforms.actors.country_places import country_places
from transforms.actors.country_places import register_extension as register_places
from transforms.actors.definite_bodies import resolve_definite_bodies
from transforms.actors.dictionary import ActorDictionary, CountryPhrase, load_dictionaries
from transforms.actors.matcher import ActorMatcher, Piece, select_longest
from transforms.actors.quotes import resolve_quote_speakers
from transforms.actors.story_country import inherit_story_country, unknown_country_roles
from transforms.model import ActorMention, register_extensions
from transforms.serialization import register as register_serialization

#: Named-entity labels kept as actors even when no dictionary knows them.
UNKNOWN_LABELS = ("PERSON", "ORG")


class ActorResolver:
    """Finds and codes the actors of a Doc."""

    def __init__(self, nlp: Language, name: str = "cameo_actors", extra_files: Sequence[str] = (),
                 keep_unknown: bool = True) -> None:
        register_extensions()
        register_places()
        register_serialization()
        self.name = name
        self.dictionary: ActorDictionary = load_dictionaries(extra_files)
        self.matcher = ActorMatcher(nlp.vocab, nlp.make_doc, self.dictionary)
        self.surnames = SurnameIndex(self.dictionary)
        self.keep_unknown = keep_unknown
        self.known = self.dictionary.country_codes

    @property
    def version(self) -> str:
        """Content hash of the dictionary files: the dictionary version recorded with events."""
        return self.dictionary.version

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors, doc._.country_places = self.resolve_with_places(doc, doc._.event_date)
        return doc

    def resolve(self, doc: Doc, day: dt.date | None) -> list[ActorMention]:
        return self.resolve_with_places(doc, day)[0]

    def resolve_with_places(self, doc: Doc, day: dt.date | None) -> tuple[list[ActorMention], list[ActorMention]]:
        """The actors, and the country words that are no actor (`U.S. bases`; see country_places.py)."""
        if isinstance(day, dt.datetime):
            day = day.date()
        sent_of = _sentence_index(doc)
        pieces = self.matcher(doc)
        pieces = self.surnames.pieces(doc, pieces, day)
        if self.keep_unknown:
            pieces = _add_unknown(doc, pieces)
        drafts = compose(doc, pieces, day, sent_of, self.dictionary)
        drafts = resolve_appositions(doc, pieces, drafts)
        drafts = resolve_references(doc, resolve_article_names(doc, drafts), sent_of)
        drafts = resolve_quote_speakers(doc, drafts)
        drafts = inherit_sentence_country(drafts, sent_of)
        places = country_places(doc, pieces, drafts, self.dictionary.cities)
        drafts = unknown_country_roles(inherit_story_country(drafts, places, sent_of))
        drafts = resolve_definite_bodies(doc, drafts, sent_of)
        return [_mention(doc, d) for d in drafts], [_mention(doc, d) for d in places]


def _sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token (all zeros when the Doc has no sentence boundaries)."""
    out = [0] * len(doc)
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return out
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = n
    return out


def _add_unknown(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """Named PERSON/ORG entities that no dictionary covers, as `unknown` pieces (their uncovered tail)."""
    covered = {i for p in pieces for i in range(p.start, p.end)}
    extra: list[Piece] = []
    dropped: set[int] = set()  # starts of pieces that are part of an unknown name (`Chad Smith`)
    for ent in doc.ents:
        if ent.label_ not in UNKNOWN_LABELS:
            continue
        lead = [p for p in pieces if ent.start <= p.start and p.end < ent.end]
        if (ent.label_ == "PERSON" and lead and all(_is_country_name(p) for p in lead)
                and not any(i in covered for i in range(lead[-1].end, ent.end))):
            dropped.update(p.start for p in lead)
            extra.append(Piece(ent.start, ent.end, "unknown", None, "", 0.0, ent.label_))
            continue
        inside = [p for p in pieces if ent.start <= p.start and p.end <= ent.end]
        first = ent.start + (1 if ent[0].lower_ == "the" else 0)
        if (ent.label_ == "ORG" and inside and all(p.kind == "agent" for p in inside) and first < ent.end
                and doc[first].pos_ == "PROPN" and first not in covered):
            # `the Northern Farmers Cooperative Union`: role words inside an unknown name
            dropped.update(p.start for p in inside)
            extra.append(Piece(first, ent.end, "unknown", None, "", 0.0, ent.label_))
            continue
        start = ent.start
        while start < ent.end and (start in covered or doc[start].is_punct or doc[start].lower_ == "the"):
            start += 1
        if start == ent.end or any(i in covered for i in range(start, ent.end)):
            continue
        if doc[start].pos_ != "PROPN":
            continue
        end = ent.end - (1 if doc[ent.end - 1].text in ("'s", "’s", "'", "’") else 0)  # `Civic Platform's`
        if end > start:
            extra.append(Piece(start, end, "unknown", None, "", 0.0, ent.label_))
    if not extra:
        return pieces
    return select_longest([*(p for p in pieces if p.start not in dropped), *extra])


def _is_country_name(piece: Piece) -> bool:
    return isinstance(piece.entry, CountryPhrase) and piece.entry.form == "name"


def _mention(doc: Doc, d: Draft) -> ActorMention:
    span = doc[d.start:d.end]
    return ActorMention(
        start=d.start, end=d.end, start_char=span.start_char, end_char=span.end_char, text=span.text,
        code=d.code, country_code=d.country, agent_code=d.agent, known_group_code=d.group,
        head=d.head, entry_id="+".join(e for e in d.evidence if e), certainty=round(d.certainty, 3),
    )


@Language.factory(
    "cameo_actors",
    default_config={"extra_files": [], "extra_dictionaries": [], "keep_unknown": True},
    requires=["token.pos", "token.dep"],
    assigns=["doc._.actors", "doc._.country_places"],
)
def make_actor_resolver(nlp: Language, name: str, extra_files: list[str], extra_dictionaries: list[str],
                        keep_unknown: bool) -> ActorResolver:
    """Factory for `nlp.add_pipe("cameo_actors", config={"extra_files": [...]})`.

    `extra_dictionaries` is the same list under the name used in `evw.toml` (`[coder.actors]`).
    """
    return ActorResolver(nlp, name, [*extra_files, *extra_dictionaries], keep_unknown)
