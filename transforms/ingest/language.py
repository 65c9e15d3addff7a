"""Language identification, offline: English function-word share first, py3langid otherwise.

Texts whose first words are rich in English function words are English without running the
classifier (fast path for the bulk of input); others are classified on a prefix. Must not
quarantine anything itself: it only says which language and how sure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from transforms.ingest.datafiles import load_list

#: Characters of text looked at by the function-word test and by the classifier.
WORDS_PREFIX_CHARS = 400
PREFIX_CHARS = 1000
#: Fewer words than this: too short to judge; the declared language (or none) is used.
MIN_WORDS = 8
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def _function_words() -> frozenset[str]:
    return frozenset(load_list("english_function_words.txt"))


@dataclass(frozen=True, slots=True)
class Detection:
    """A language guess: ISO 639-1 code (or None when the text is too short) and confidence."""

    language: str | None
    confidence: float
    method: str  # "function_words" | "py3langid" | "too_short"


def detect_language(text: str, english_word_share: float = 0.2) -> Detection:
    """Detect the language of `text` from its beginning."""
    tokens = text[:WORDS_PREFIX_CHARS].lower().split()
    if len(tokens) < MIN_WORDS:
        return Detection(None, 0.0, "too_short")
    fw = _function_words()
    share = sum(map(fw.__contains__, tokens)) / len(tokens)
    if share >= english_word_share:
        return Detection("en", 1.0, "function_words")
    if len(_WORD.findall(text[:WORDS_PREFIX_CHARS])) < MIN_WORDS:  # numbers, symbols, code
        return Detection(None, 0.0, "too_short")
    lang, conf = _identifier().classify(text[:PREFIX_CHARS])
    return Detection(str(lang), float(conf), "py3langid")
