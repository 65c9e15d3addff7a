"""The fast paths added for throughput give exactly what the general paths give: paragraph
splitting, the boilerplate pre-filter, the canonical-URL shortcut, chunked shingle hashing and the
integer form of the near-duplicate threshold."""

from __future__ import annotations

import json
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
    table = norm._boilerplate_by_first()
    assert sum(m is None for m in table.values()) > 60, "most characters start no boilerplate"
    for text in examples:
        assert norm._boilerplate().fullmatch(text), text
        assert norm._is_boilerplate(text), text
        assert norm.normalise_text(f"Body text here.\n\n{text}") == "Body text here."


BOILER_PIECES = ["Advertisement", "advert", "Read", "more", "also", ":", " ", "  ", "see", "The", "this",
                 "article", "was", "updated", ".", "©", "2024", "Copyright", "(c)", "we use cookies",
                 "Skip to", "main content", "x", "É", "\u212a", "Click here to", "follow us on"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(BOILER_PIECES), min_size=1, max_size=12).map("".join))
def test_boilerplate_dispatch_equals_whole_pattern(text: str) -> None:
    """Trying only the patterns that can start with the first character decides like the whole
    alternation, for every paragraph (including ones starting with non-ASCII characters)."""
    para = text.strip(" ")
    if para:
        whole = len(para) <= norm.BOILERPLATE_MAX_CHARS and norm._boilerplate().fullmatch(para) is not None
        assert norm._is_boilerplate(para) == whole


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


# -- JSON records: the compiled parser path equals the standard library path ------------------

def _outcome(x: object) -> tuple[object, ...]:
    from transforms.ingest.records import Candidate

    if isinstance(x, Candidate):
        return ("candidate", repr(x.fields), x.raw)  # repr: nan == nan, -0.0 vs 0.0, int vs float
    return ("rejected", x.reason, x.detail, x.raw)  # type: ignore[attr-defined]


JSON_PIECES = [b"{", b"}", b'"text"', b'"id"', b":", b",", b'"', b"\\", b"\\u", b"d800", b"dc00", b"00e9", b"[",
               b"]", b"1", b"-", b"0", b".", b"e", b"400", b"NaN", b"Infinity", b"true", b"null", b" ", b"\t",
               b"\xff", b"\xc3\xa9", b"\xed\xa0\x80", b"\x00", b"\x01", b'"a\\nb"', b"123456789012345678901234"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=500, deadline=None)
@given(st.one_of(
    st.lists(st.sampled_from(JSON_PIECES), max_size=16).map(b"".join),
    st.builds(lambda v, a: json.dumps(v, ensure_ascii=a).encode("utf-8", "surrogatepass"),
              st.dictionaries(st.sampled_from(["text", "id", "url", "x"]), json_values, max_size=4), st.booleans()),
))
def test_json_fast_path_equals_stdlib(raw: bytes) -> None:
    from transforms.ingest.sources.jsonrecord import parse_json_record, parse_json_record_stdlib

    raw = raw.strip()
    assert _outcome(parse_json_record(raw, "in", 1)) == _outcome(parse_json_record_stdlib(raw, "in", 1))


def test_json_fast_path_edge_cases() -> None:
    from transforms.ingest.sources.jsonrecord import parse_json_record

    cases = {b'{"text": "\\ud800 x"}': "candidate", b'{"text": NaN}': "candidate", b'{"a": 1e400}': "candidate",
             b'{"a": "\xff"}': "invalid_utf8", b'{"a": 1} x': "malformed_json", b"[1]": "not_an_object",
             b'{"a":' * 3000 + b"1" + b"}" * 3000: "malformed_json"}
    for raw, want in cases.items():
        got = parse_json_record(raw, "in", 1)
        assert getattr(got, "reason", "candidate") == want, raw[:30]


# -- clean_chars: the ASCII shortcut leaves exactly what the translation table would ----------

@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_clean_chars_ascii_shortcut_equals_table(text: str) -> None:
    want = text.replace("\r\n", "\n").translate(norm._TABLE)
    if "&" not in text:
        assert norm.clean_chars(text) == want


# -- de-duplication: batch decisions equal a plain one-at-a-time reference ---------------------

class ReferenceDedup:
    """The documented rules, written plainly: exact keys in column order (id, URL, text), then the
    earliest earlier article sharing a band whose sketch agrees in >= min_matches bytes; a taken
    article registers every key not yet known (never the 0 placeholder of a missing URL)."""

    def __init__(self, min_matches: int) -> None:
        self.min = min_matches
        self.keys: dict[int, int] = {}
        self.ids: list[str] = []
        self.roots: list[str] = []
        self.sketches: list[np.ndarray] = []

    def check(self, aid: str, ks: list[int], sketch: np.ndarray) -> tuple[str, str | None]:
        hits = [self.keys.get(k) for k in ks]
        for j, kind in enumerate(("duplicate_id", "duplicate_url", "duplicate_text")):
            hit = hits[j]
            if hit is not None and (j != 1 or ks[1] != 0):
                return kind, self.ids[hit]
        dup_of = None
        for c in sorted({h for h in hits[3:] if h is not None}):
            if int(np.count_nonzero(self.sketches[c] == sketch)) >= self.min:
                dup_of = self.roots[c]
                break
        ordinal = len(self.ids)
        self.ids.append(aid)
        self.roots.append(dup_of or aid)
        self.sketches.append(sketch)
        for j, k in enumerate(ks):
            if hits[j] is None and not (j == 1 and k == 0):
                self.keys.setdefault(k, ordinal)
        return "taken", dup_of


@pytest.mark.parametrize("seed", range(6))
def test_batch_dedup_equals_reference(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small key ranges force many collisions inside batches and with earlier batches (merged
    into the sorted index and still pending); sketches are near copies or random."""
    import datetime as dt

    import transforms.ingest.keyindex as ki
    from transforms.ingest.dedup import Deduplicator
    from transforms.ingest.records import Article, Duplicate
    from transforms.ingest.settings import IngestSettings

    monkeypatch.setattr(ki, "MIN_PENDING", 97)
    rng = np.random.default_rng(seed)
    d = Deduplicator(IngestSettings())
    ref = ReferenceDedup(d.min_matches)
    protos = rng.integers(0, 256, (12, 64), dtype=np.uint32)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    n_done = 0
    for size in rng.integers(1, 90, 25).tolist():
        keys = np.stack([rng.integers(1, 400, size), np.where(rng.random(size) < 0.4, 0, rng.integers(1, 300, size)),
                         rng.integers(1, 500, size)], axis=1).astype(np.uint64)
        keys[:, 0] += np.uint64(10_000)  # keep the columns' key ranges apart, as the real tags do
        keys[:, 2] += np.uint64(20_000)
        bands = (rng.integers(0, 60, (size, 16)) + np.arange(16) * 1000 + 30_000).astype(np.uint64)
        sigs = protos[rng.integers(0, 12, size)].copy()
        noise = rng.random((size, 64)) < rng.choice([0.05, 0.3, 0.9], size)[:, None]
        sigs[noise] = rng.integers(0, 256, int(noise.sum()))
        arts = [Article(f"a{n_done + i}", None, None, None, now, True, None, "en", "t", "s") for i in range(size)]
        got = d.check_batch(arts, sigs, bands, keys)
        allk = np.concatenate((keys, bands), axis=1)
        for i, (a, g) in enumerate(zip(arts, got, strict=True)):
            assert not isinstance(g, Exception)
            want = ref.check(a.article_id, allk[i].tolist(), (sigs[i] & 0xFF).astype(np.uint8))
            have = (g.kind, g.duplicate_of) if isinstance(g, Duplicate) else ("taken", a.duplicate_of)
            assert have == want, (n_done + i, have, want)
        n_done += size
    assert len(d) == len(ref.ids)


def test_records_pickle_round_trip() -> None:
    """Worker processes send records pickled through their positional fields (`__reduce__`)."""
    import datetime as dt
    import pickle

    from transforms.ingest.records import Article, Candidate, Duplicate, Rejected

    when = dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC)
    values = [
        Candidate("in.jsonl", 3, {"text": "Körper", "id": 7}, b'{"text": "K\xc3\xb6rper"}', "outlet"),
        Rejected("in.jsonl", None, "text_too_large", "detail", b"x" * ((1 << 20) + 5), language="de"),
        Article("a1", "https://x.example/a", "https://x.example/a", None, when, True, "x.example", "en", "Text.",
                "ab" * 32, "in.jsonl", 4, "a0"),
        Duplicate("in.jsonl", 9, "a2", "a1", "duplicate_text"),
    ]
    for v in values:
        back = pickle.loads(pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(back) is type(v) and back == v
    rejected = pickle.loads(pickle.dumps(values[1]))
    assert rejected.raw_size == (1 << 20) + 5 and len(rejected.raw or b"") == 1 << 20


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_exact_keys_are_personalised_blake2b(value: str) -> None:
    """Keys persist in the lake's fingerprint state: the copied-hasher shortcut must give the
    documented BLAKE2b-64 (person = tag x 16) of the UTF-8 value, as earlier runs stored."""
    import hashlib

    from transforms.ingest.dedup import id_key, url_key

    data = value.encode("utf-8", "surrogatepass")
    for tag, fn in ((b"i", id_key), (b"u", url_key)):
        want = int.from_bytes(hashlib.blake2b(data, digest_size=8, person=tag * 16).digest(), "little")
        assert fn(value) == want
