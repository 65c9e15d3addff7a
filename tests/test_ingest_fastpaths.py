"""The fast paths added for throughput give exactly what the general paths give: paragraph
splitting, the boilerplate pre-filter, the canonical-URL shortcut, chunked shingle hashing and the
integer form of the near-duplicate threshold."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transforms.ingest.fingerprint as fpmod
import transforms.ingest.normalise as norm
import transforms.ingest.urls as urls
from transforms.ingest.fingerprint import Fingerprinter, min_matches, similarity_from_matches
from transforms.ingest.leadchars import ascii_starts

# text made of the pieces the paragraph logic reacts to
PIECES = ["\n", "\n\n", " ", "  ", "\n \n", "a", "Z", "word", "Lower", "end.", "why?", "x:", "”", "’",
          "Advertisement", "Read more: here", "LONDON (AP) - ", "é", "\t", "\u2028", "&amp;", "…", ")"]


def reference_normalise(s: str) -> str:
    """The block-by-block path of normalise_text, applied to every text."""
    s = norm.clean_chars(s)
    out = []
    for block in norm._PARAGRAPH_BREAK.split(s):
        for para in norm._paragraphs(block):
            para = norm._SPACE_RUN.sub(" ", para).strip(" ")
            if not para:
                continue
            if len(para) <= norm.BOILERPLATE_MAX_CHARS and norm._boilerplate().fullmatch(para):
                continue
            out.append(para)
    if out:
        m = norm._dateline().match(out[0])
        if m and out[0][m.end():].strip():
            out[0] = out[0][m.end():].strip()
    return "\n\n".join(out)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_normalise_fast_path_equals_block_path(text: str) -> None:
    assert norm.normalise_text(text) == reference_normalise(text)


def test_boilerplate_prefilter_never_skips_a_match() -> None:
    examples = ["Advertisement", "ADVERTISEMENT", "Read more: the full story", "see also: x",
                "Copyright 2024 Example Media", "© 2025 Example", "We use cookies to improve this site",
                "Follow us on the social network", "Skip to main content", "Photo credit: A. Person"]
    skip = norm._not_boilerplate_starts()
    assert skip, "the shipped patterns all start with known characters"
    for text in examples:
        assert norm._boilerplate().fullmatch(text), text
        assert text[0] not in skip, text
        assert norm.normalise_text(f"Body text here.\n\n{text}") == "Body text here."


def test_ascii_starts_is_conservative_and_folds_case() -> None:
    assert ascii_starts("ab|cd") == frozenset("ac")
    assert ascii_starts("ab", re.IGNORECASE) == frozenset("aA")
    assert ascii_starts("\u212a", re.IGNORECASE) == frozenset("kK")  # Kelvin sign matches k
    assert ascii_starts("(x|y)+z|[0-2]w") == frozenset("xy012")
    for unknown in ("a?b", "(?:x|)y", "[^a]b", r"\w+", "^a", ".x", "(?-i:a)"):
        assert ascii_starts(unknown, re.IGNORECASE) is None, unknown


URL_CHARS = [*"hts:/.?&=#%@[]abcXY019_-~+ ", "utm_source=x", "fbclid=1", "https://", "http://",
             "HTTPS://Host.Example", ":8080", "é", "//"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(URL_CHARS), max_size=14).map("".join))
def test_canonical_url_shortcut_equals_urlsplit_path(url: str) -> None:
    fast = urls.canonical_url(url)
    saved = urls._SIMPLE_URL
    urls._SIMPLE_URL = re.compile(r"(?!)")  # never matches: everything through urlsplit
    try:
        slow = urls.canonical_url(url)
    finally:
        urls._SIMPLE_URL = saved
    assert fast == slow


def test_chunked_shingle_hashes_do_not_depend_on_chunk_size(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(4)
    words = ["talks", "Minister", "border", "ÉTAT", "rebels", "x", "", "convoy"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 300))) for _ in range(40)]
    fp = Fingerprinter()
    big_h, big_first = fp._shingles(texts)
    big_sig = fp.signatures(texts)
    monkeypatch.setattr(fpmod, "_CHUNK_BYTES", 97)
    monkeypatch.setattr(fpmod, "_SLICE", 50)
    small_h, small_first = fp._shingles(texts)
    assert np.array_equal(big_h, small_h) and np.array_equal(big_first, small_first)
    assert np.array_equal(big_sig, fp.signatures(texts))


@pytest.mark.parametrize("threshold", [0.05, 0.5, 0.7, 0.7001, 0.85, 1.0])
def test_min_matches_is_the_threshold_decision(threshold: float) -> None:
    m = min_matches(threshold, 64)
    for k in range(65):
        assert (k >= m) == (similarity_from_matches(k, 64) >= threshold)
