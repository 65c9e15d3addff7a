"""Compiles an ActorDictionary into spaCy PhraseMatchers and finds dictionary pieces in a Doc.

Proper-name phrases (any upper-case letter) match case-sensitively on ORTH so that `US` is not
`us`; lower-case role phrases match on LOWER. Overlaps are settled here: longest match wins, then
organisation > person > country > agent. It does not compose pieces into actors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from transforms.actors.dictionary import ActorDictionary, Agent, CountryPhrase, Organisation, Person, phrase_key

Entry = CountryPhrase | Agent | Organisation | Person

#: Lower number wins when two kinds match the same tokens.
PRIORITY = {"organisation": 0, "person": 1, "country": 2, "agent": 3, "unknown": 4}


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of tokens [start, end) that one dictionary entry (or an unknown named entity) covers."""

    start: int
    end: int
    kind: str  # organisation | person | country | agent | unknown
    entry: Entry | None  # None for unknown named entities
    evidence: str  # "file:line" or "coref:surname" ...
    certainty: float = 1.0
    label: str = ""  # NER label for unknown pieces


class ActorMatcher:
    """Finds dictionary phrases in a Doc; built once per pipeline."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc], dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.person_by_key = {phrase_key(p): n for p, n in dictionary.person_phrases.items()}
        grouped: dict[tuple[str, bool], list[Doc]] = {}
        for kind, phrase in dictionary.phrases():
            cased = phrase != phrase.lower()
            grouped.setdefault((kind, cased), []).append(make_doc(phrase))
        for (kind, cased), docs in sorted(grouped.items()):
            (self.exact if cased else self.lower).add(kind, docs)
        self.kind_of = {vocab.strings[k]: k for k in PRIORITY}

    def lookup(self, kind: str, key: str) -> Entry | None:
        d = self.dictionary
        if kind == "country":
            return d.countries.get(key)
        if kind == "agent":
            return d.agents.get(key)
        if kind == "organisation":
            return d.organisations.get(key)
        name = self.person_by_key.get(key)
        return d.people[name] if name else None

    def __call__(self, doc: Doc) -> list[Piece]:
        found: list[Piece] = []
        for match_id, start, end in [*self.exact(doc), *self.lower(doc)]:
            kind = self.kind_of[match_id]
            entry = self.lookup(kind, phrase_key(doc[start:end].text))
            if entry is None:
                continue
            evidence = entry.entry_id if not isinstance(entry, Person) else ""
            found.append(Piece(start, end, kind, entry, evidence))
        return select_longest(found)


def select_longest(pieces: list[Piece]) -> list[Piece]:
    """Non-overlapping pieces: longest first, then by kind priority, then leftmost; sorted by start."""
    taken: list[Piece] = []
    used: set[int] = set()
    for p in sorted(pieces, key=lambda p: (p.start - p.end, PRIORITY[p.kind], p.start)):
        span = range(p.start, p.end)
        if any(i in used for i in span):
            continue
        used.update(span)
        taken.append(p)
    return sorted(taken, key=lambda p: p.start)
