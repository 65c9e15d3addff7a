"""Loose matching of gold actor spans given as tokenised text ("Croatian government 's request") to
the coder's actor mentions (character offsets in the sentence).

Pure string functions; no spaCy. A span is located in the sentence by comparing letters and digits
only, case-insensitively (spaces, quotes and punctuation ignored), at word boundaries; it matches an
actor whose characters overlap it. A span that cannot be located falls back to word overlap: at
least half of the span's words must be words of the actor's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

APOSTROPHES = "'’ʼ‘`"
_INNER_APOSTROPHE = re.compile(rf"(?<=\w)[{APOSTROPHES}](?=\w)")
#: the share of a span's words the actor's text must contain when the span cannot be located
MIN_WORD_SHARE = 0.5


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() and ch not in APOSTROPHES  # U+02BC `ʼ` is a letter to Python


def _folded(text: str) -> tuple[str, list[int]]:
    """The letters and digits of `text`, lower-cased, with the offset each comes from."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if _is_word_char(ch):
            for c in ch.lower():
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def locate_span(sentence: str, span: str) -> list[tuple[int, int]]:
    """`[start, end)` character ranges of every occurrence of `span` in `sentence` that starts and
    ends at a word boundary (`"US"` is not found inside `"USA"`)."""
    needle, _ = _folded(span)
    if not needle:
        return []
    hay, where = _folded(sentence)
    out: list[tuple[int, int]] = []
    i = hay.find(needle)
    while i >= 0:
        start, end = where[i], where[i + len(needle) - 1] + 1
        if (start == 0 or not _is_word_char(sentence[start - 1])) and (
                end == len(sentence) or not _is_word_char(sentence[end])):
            out.append((start, end))
        i = hay.find(needle, i + 1)
    return out


def word_list(text: str) -> list[str]:
    """Lower-cased words of `text` in order, without clitics (`'s`) and punctuation (`U.S.` -> `us`)."""
    out: list[str] = []
    for tok in _INNER_APOSTROPHE.sub(lambda m: " " + m.group(0), text).split():
        if tok[0] in APOSTROPHES:
            continue
        w = "".join(c for c in tok.lower() if _is_word_char(c))
        if w:
            out.append(w)
    return out


def words(text: str) -> set[str]:
    return set(word_list(text))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two `[start, end)` ranges share a character?"""
    return a[0] < b[1] and b[0] < a[1]


def span_matches(sentence: str, span: str, actor: tuple[int, int], actor_text: str) -> bool:
    """Does the gold `span` (text) match the actor at character range `actor` of `sentence`?"""
    found = locate_span(sentence, span)
    if found:
        return any(overlaps(f, actor) for f in found)
    want = words(span)
    return bool(want) and len(want & words(actor_text)) / len(want) >= MIN_WORD_SHARE


def any_span_matches(sentence: str, spans: Sequence[str], actor: tuple[int, int], actor_text: str) -> bool:
    return any(span_matches(sentence, s, actor, actor_text) for s in spans)
