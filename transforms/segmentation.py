"""Sentence boundaries the parser gets wrong: line breaks and abbreviations.

A tiny spaCy component placed before the parser (which keeps boundaries already set): a new
sentence starts after every line break (headlines, captions and paragraphs never run together),
and no sentence starts right after an abbreviation such as `U.S.` or `Gen.` unless the next word is
a common sentence opener. Word lists live in `transforms/data/`. It never changes tokens.
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("transforms").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@functools.cache
def abbreviations() -> frozenset[str]:
    return _word_list("sentence_abbreviations.txt")


@functools.cache
def openers() -> frozenset[str]:
    return _word_list("sentence_openers.txt")


@functools.cache
def _abbreviation_ids() -> numpy.ndarray:
    """The string ids (`Token.orth`) of the abbreviations, for a vectorised first pass."""
    return numpy.array(sorted(get_string_id(w) for w in abbreviations()), dtype=numpy.uint64)


@Language.component("line_sentence_boundaries")
def line_sentence_boundaries(doc: Doc) -> Doc:
    """Set sentence starts after line breaks; forbid them after abbreviations.

    A token's trailing whitespace is at most one space (line breaks are tokens of their own), so
    only tokens after a whitespace token or after an abbreviation can change: those candidates are
    found with one array pass, and only they are looked at one by one.
    """
    if len(doc) < 2:
        return doc
    attrs = doc.to_array([IS_SPACE, ORTH])
    space = attrs[:, 0].astype(bool)
    after = space[:-1] | numpy.isin(attrs[:-1, 1], _abbreviation_ids())
    candidates = numpy.flatnonzero(after & ~space[1:]) + 1
    if not len(candidates):
        return doc
    abbrevs, opening = abbreviations(), openers()
    for i in candidates.tolist():
        prev, tok = doc[i - 1], doc[i]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
        elif prev.text in abbrevs and not prev.whitespace_.count("\n") and tok.lower_ not in opening \
                and not tok.is_punct:
            tok.is_sent_start = False
    return doc
