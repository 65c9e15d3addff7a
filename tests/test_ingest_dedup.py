"""De-duplication: MinHash equals datasketch, the documented threshold, the compact key index,
and state carried across runs through the lake."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from datasketch import MinHash

from transforms.ingest.dedup import Deduplicator
from transforms.ingest.fingerprint import Fingerprinter, sketch_similarity
from transforms.ingest.keyindex import KeyIndex
from transforms.ingest.records import Article
from transforms.ingest.settings import IngestSettings
from transforms.ingest.state import read_fingerprints, write_fingerprints

NOW = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
WORDS = [
    "minister", "army", "talks", "border", "police", "protest", "bank", "rate", "rebels", "convoy",
    "council", "summit", "treaty", "trade", "sanctions", "election", "vote", "court", "judge",
    "strike", "union", "port", "harbour", "bridge", "river", "drought", "aid", "envoy"
]


def story(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randint(0, 99)) for _ in range(words))


def art(text: str, aid: str, url: str | None = None) -> Article:
    import hashlib

    return Article(aid, url, url, None, NOW, True, None, "en", text, hashlib.sha256(text.encode()).hexdigest())


def jaccard(fp: Fingerprinter, a: str, b: str) -> float:
    x, y = set(fp.shingle_hashes(a).tolist()), set(fp.shingle_hashes(b).tolist())
    return len(x & y) / len(x | y)


def test_signatures_equal_datasketch() -> None:
    fp = Fingerprinter(num_perm=64, shingle_bytes=24, bands=16)
    rng = random.Random(3)
    texts = [story(rng, rng.randint(1, 400)) for _ in range(30)] + ["x", "Ünïcödé text, ok?"]
    batch = fp.signatures(texts)
    for text, sig in zip(texts, batch, strict=True):
        m = MinHash(num_perm=64, seed=1, hashfunc=lambda v: v, scheme="affine32")
        m.update_batch(fp.shingle_hashes(text).tolist())
        assert np.array_equal(m.hashvalues, sig)
    assert np.array_equal(fp.band_keys_batch(batch)[5], fp.band_keys(batch[5]))


@pytest.mark.parametrize(("num_perm", "seed"), [(64, 1), (32, 7), (128, 12345)])
def test_permutations_equal_datasketch(num_perm: int, seed: int) -> None:
    from transforms.ingest.fingerprint import affine32_permutations

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    mine = affine32_permutations(num_perm, seed)
    assert mine[0].dtype == np.uint32 and np.array_equal(mine[0], a) and np.array_equal(mine[1], b)


def test_threshold_documented_behaviour() -> None:
    """Pairs at Jaccard >= 0.8 are linked, pairs at <= 0.5 are not (threshold 0.7, see docs)."""
    rng = random.Random(11)
    settings = IngestSettings()
    assert settings.near_duplicate_threshold == 0.70
    fp = Fingerprinter()
    linked = unlinked = 0
    for i in range(40):
        base = story(rng, 300)
        words = base.split()
        # an added paragraph of 15% new words: Jaccard about 0.85
        near = " ".join(words + [rng.choice(WORDS) + "x" + str(j) for j in range(45)])
        # a different half: Jaccard about 0.33
        far = " ".join(words[:150] + story(rng, 150).split())
        d = Deduplicator(settings)
        assert d.check(art(base, f"a{i}")) is None
        a_near, a_far = art(near, f"n{i}"), art(far, f"f{i}")
        assert d.check(a_near) is None and d.check(a_far) is None
        assert jaccard(fp, base, near) > 0.8 and jaccard(fp, base, far) < 0.5
        linked += a_near.duplicate_of == f"a{i}"
        unlinked += a_far.duplicate_of is None
    assert linked == 40 and unlinked == 40


def test_sketch_similarity_estimates_jaccard() -> None:
    rng = random.Random(5)
    fp = Fingerprinter()
    errors = []
    for _ in range(30):
        a = story(rng, 300)
        words = a.split()
        k = rng.randint(0, 300)
        b = " ".join(words[:k] + story(rng, 300 - k).split())
        sa, sb = fp.signature(a), fp.signature(b)
        errors.append(abs(sketch_similarity(fp.sketch(sa), fp.sketch(sb)) - jaccard(fp, a, b)))
    assert max(errors) < 0.2 and float(np.mean(errors)) < 0.06


def test_near_duplicate_chain_links_to_first_copy() -> None:
    rng = random.Random(2)
    base = story(rng, 300)
    d = Deduplicator(IngestSettings())
    first, second, third = art(base, "first"), art(base + " added " + story(rng, 20), "second"), \
        art(base + " more " + story(rng, 25), "third")
    for a in (first, second, third):
        assert d.check(a) is None
    assert (second.duplicate_of, third.duplicate_of) == ("first", "first")


def test_exact_duplicates_precedence() -> None:
    d = Deduplicator(IngestSettings())
    assert d.check(art("alpha beta gamma delta", "x", "https://a.example/1")) is None
    dup = d.check(art("alpha beta gamma delta", "x", "https://a.example/2"))
    assert dup is not None and dup.kind == "duplicate_id"
    dup = d.check(art("other text entirely here", "y", "https://a.example/1"))
    assert dup is not None and (dup.kind, dup.duplicate_of) == ("duplicate_url", "x")
    dup = d.check(art("alpha beta gamma delta", "z"))
    assert dup is not None and (dup.kind, dup.duplicate_of) == ("duplicate_text", "x")
    assert d.seen_url("https://a.example/1") == "x" and d.seen_url("https://a.example/9") is None


def test_key_index_first_value_wins_across_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    import transforms.ingest.keyindex as ki

    monkeypatch.setattr(ki, "MIN_PENDING", 64)
    idx = KeyIndex()
    rng = np.random.default_rng(0)
    keys = rng.integers(0, 2**63, 5000, dtype=np.uint64)
    for i, k in enumerate(keys.tolist()):
        idx.add(k, i)
        idx.add(k, i + 10_000)  # ignored: first wins
    assert len(idx) == len(set(keys.tolist()))
    got = idx.get_many(keys)
    assert got == list(range(5000))
    assert idx.get(12345) is None
    idx.bulk_load(np.array([keys[0], 777], dtype=np.uint64), np.array([99, 5], dtype=np.uint32))
    assert idx.get(int(keys[0])) == 0 and idx.get(777) == 5
    assert idx.nbytes < 5000 * 100


def test_state_round_trip_through_the_lake(tmp_path: object) -> None:
    from pathlib import Path

    lake = Path(str(tmp_path))
    rng = random.Random(9)
    base = story(rng, 200)
    d1 = Deduplicator(IngestSettings())
    assert d1.check(art(base, "old", "https://a.example/old")) is None
    write_fingerprints(lake, "run1", 1, d1.take_pending(), d1.fp.params)
    from transforms.ingest.state import commit_fingerprints

    commit_fingerprints(lake, "run1")
    d2 = Deduplicator(IngestSettings())
    d2.load(read_fingerprints(lake, d2.fp.params))
    assert d2.seen_url("https://a.example/old") == "old"
    near = art(base + " and one more sentence about the " + story(rng, 10), "new")
    assert d2.check(near) is None and near.duplicate_of == "old"
    # different fingerprint parameters: exact keys still work, near-duplicates are not matched
    d3 = Deduplicator(IngestSettings(num_perm=32, lsh_bands=8))
    d3.load(read_fingerprints(lake, d3.fp.params))
    again = art(base + " and one more sentence about the " + story(rng, 10), "new2")
    assert d3.check(again) is None and again.duplicate_of is None
    assert d3.check(art(base, "old")) is not None


def test_batch_decisions_equal_one_at_a_time() -> None:
    rng = random.Random(21)
    bases = [story(rng, 120) for _ in range(15)]
    arts = []
    for i in range(120):
        kind = rng.random()
        base = rng.choice(bases)
        if kind < 0.2:
            text, aid = base, f"copy{i}"  # exact text copy (or the original the first time)
        elif kind < 0.5:
            text, aid = base + " " + story(rng, 8), f"near{i}"
        else:
            text, aid = story(rng, 120), f"new{i}"
        url = f"https://site{i % 7}.example/{rng.randint(0, 40)}" if rng.random() < 0.5 else None
        arts.append((text, rng.choice([aid, aid, "same-id"]), url))
    one, many = Deduplicator(IngestSettings()), Deduplicator(IngestSettings())
    seq = []
    for t, a, u in arts:
        art_ = art(t, a, u)
        d = one.check(art_)
        seq.append((d.kind, d.duplicate_of) if d else ("taken", art_.duplicate_of))
    batch_arts = [art(t, a, u) for t, a, u in arts]
    got = []
    for lo in range(0, len(batch_arts), 32):
        chunk = batch_arts[lo:lo + 32]
        for a_, d in zip(chunk, many.check_batch(chunk), strict=True):
            assert not isinstance(d, Exception)
            got.append((d.kind, d.duplicate_of) if d else ("taken", a_.duplicate_of))
    assert got == seq
    assert {k for k, _ in seq} == {"taken", "duplicate_id", "duplicate_url", "duplicate_text"}
    assert any(k == "taken" and dup for k, dup in seq)
