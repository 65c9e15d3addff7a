"""Near-duplicate fingerprints: word-anchored byte shingles -> MinHash signature -> LSH band keys.

A shingle is the `shingle_bytes` bytes of the lower-cased UTF-8 text starting at a word start
(about four words). Shingles are hashed with a vectorised polynomial rolling hash, then the
MinHash signature is computed exactly as datasketch's "affine32" scheme does (same seeded
permutations, same mixing; a test checks equality) but on the whole batch in numpy. Pure; no I/O.
"""

from __future__ import annotations

import numpy as np

#: Only the first this-many bytes of a text are shingled (huge texts are rare; cost stays bounded).
MAX_SHINGLE_BYTES = 1 << 18
#: Shingles per vectorised slice (the num_perm x slice matrix, 2 MB, is reused in place).
_SLICE = 8192
#: Bytes of joined text per prefix-sum chunk (its 64-bit working arrays stay in cache).
_CHUNK_BYTES = 1 << 16
_P = np.uint64(0x100000001B3)  # odd multiplier (FNV-64 prime)
_U32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_M1, _M2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)
_MIX64 = (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))


_POWERS: list[np.ndarray] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P^j and P^-j modulo 2^64 for j < n (wrap-around uint64 products), grown on demand."""
    if not _POWERS or len(_POWERS[0]) < n:
        size = max(n, 1 << 16)
        inv = pow(int(_P), -1, 1 << 64)
        with np.errstate(over="ignore"):
            pw = np.cumprod(np.full(size, _P, dtype=np.uint64))
            iv = np.cumprod(np.full(size, np.uint64(inv), dtype=np.uint64))
        _POWERS[:] = [np.concatenate((np.ones(1, np.uint64), pw[:-1])),
                      np.concatenate((np.ones(1, np.uint64), iv[:-1]))]
    return _POWERS[0], _POWERS[1]


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3 32-bit finalizer (datasketch applies it before the affine permutations)."""
    h = h ^ (h >> np.uint32(16))
    h = h * _M1
    h = h ^ (h >> np.uint32(13))
    h = h * _M2
    return h ^ (h >> np.uint32(16))


def affine32_permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of datasketch's "affine32" permutations h -> a*h + b mod 2^32 for `seed`: the same
    draws from the same seeded generator (a odd), without importing datasketch (and scipy) at
    run time. A test checks equality with `datasketch.MinHash(...).permutations`."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a.astype(np.uint32), b.astype(np.uint32)


class Fingerprinter:
    """Computes shingle hashes, MinHash signatures, band keys and 8-bit sketches of texts."""

    def __init__(self, num_perm: int = 64, shingle_bytes: int = 24, bands: int = 16, seed: int = 1) -> None:
        if num_perm % bands:
            raise ValueError(f"num_perm {num_perm} is not a multiple of bands {bands}")
        self.num_perm = num_perm
        self.shingle_bytes = shingle_bytes
        self.bands = bands
        self.rows = num_perm // bands
        self.seed = seed
        self._a, self._b = affine32_permutations(num_perm, seed)
        self._band_salt = np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)

    @property
    def params(self) -> str:
        """Identifies signatures that are comparable with each other."""
        return f"affine32/seed={self.seed}/perm={self.num_perm}/bands={self.bands}/shingle={self.shingle_bytes}"

    def _shingles(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Shingle hashes of all texts concatenated, and each text's first shingle index.

        A shingle's hash is sum_j byte[j] * P^-j (mod 2^64, top 32 bits kept): it depends only on
        its own bytes, so the prefix sums are taken over cache-sized chunks of the joined bytes
        (each chunk extended by k bytes) with the same result as one pass over everything."""
        k = self.shingle_bytes
        pad = b" " * k
        raws = [t.lower().encode("utf-8", "surrogatepass")[:MAX_SHINGLE_BYTES] for t in texts]
        joined = pad.join(raws) + pad  # every text is followed by k spaces: windows never cross texts
        b = np.frombuffer(joined, dtype=np.uint8)
        n = len(b)
        space = b <= 32
        at_start = np.empty(n, dtype=bool)
        at_start[0] = True
        at_start[1:] = space[:-1]
        at_start &= ~space
        starts = np.flatnonzero(at_start)
        lengths = np.fromiter((len(r) + k for r in raws), dtype=np.int64, count=len(raws))
        offsets = np.zeros(len(raws), dtype=np.int64)
        np.cumsum(lengths[:-1], out=offsets[1:])
        first = np.searchsorted(starts, offsets)
        h = np.empty(len(starts), dtype=np.uint64)
        pw, iv = _powers(min(n, _CHUNK_BYTES + k) + 1)
        # every start is followed by >= k bytes (the padding), so a chunk's windows end inside b
        lo = si = 0
        with np.errstate(over="ignore"):
            while si < len(starts):
                hi = lo + _CHUNK_BYTES
                sj = int(np.searchsorted(starts, hi)) if hi < n else len(starts)
                if sj > si:
                    seg = b[lo:min(n, hi + k)]
                    m = len(seg)
                    s = np.empty(m + 1, dtype=np.uint64)
                    s[0] = 0
                    np.cumsum(np.multiply(seg, iv[:m], dtype=np.uint64), out=s[1:])
                    loc = starts[si:sj] - lo
                    part = s[loc + k]
                    part -= s[loc]
                    part *= pw[loc]
                    h[si:sj] = part
                si, lo = sj, hi
        return (h >> _S32).astype(np.uint32), first

    def shingle_hashes(self, text: str) -> np.ndarray:
        """32-bit hashes of the word-anchored shingles of `text` (uint32, may repeat)."""
        return self._shingles([text])[0]

    def signatures(self, texts: list[str]) -> np.ndarray:
        """MinHash signatures (uint32[len(texts), num_perm]), identical to datasketch affine32 over
        each text's shingle_hashes; computed for the whole batch at once."""
        out = np.full((len(texts), self.num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
        if not texts:
            return out
        hv, first = self._shingles(texts)
        counts = np.diff(np.concatenate((first, [len(hv)])))
        nonempty = np.flatnonzero(counts > 0)
        if not len(nonempty):
            return out
        a, b = self._a.reshape(-1, 1), self._b.reshape(-1, 1)
        buf = np.empty(self.num_perm * min(_SLICE, len(hv)), dtype=np.uint32)
        with np.errstate(over="ignore"):
            mixed = _fmix32(hv)
            # slices of a few thousand shingles; the (num_perm x shingles) matrix is computed in place
            i = 0
            while i < len(nonempty):
                lo = int(first[nonempty[i]])
                j = i + 1
                while j < len(nonempty) and int(first[nonempty[j]] + counts[nonempty[j]]) - lo <= _SLICE:
                    j += 1
                rows = nonempty[i:j]
                hi = int(first[rows[-1]] + counts[rows[-1]])
                if hi - lo <= _SLICE:
                    perm = buf[:self.num_perm * (hi - lo)].reshape(self.num_perm, hi - lo)
                    np.multiply(a, mixed[lo:hi], out=perm)
                    perm += b
                else:  # one text longer than a slice
                    perm = a * mixed[lo:hi] + b
                out[rows] = np.minimum.reduceat(perm, first[rows] - lo, axis=1).T
                i = j
        return out

    def signature(self, text: str) -> np.ndarray:
        """MinHash signature (uint32[num_perm]) of one text."""
        return self.signatures([text])[0]

    def band_keys_batch(self, sigs: np.ndarray) -> np.ndarray:
        """LSH band keys (uint64[n, bands]) for a batch of signatures (an empty batch gives [0, bands])."""
        n = sigs.shape[0]
        if n == 0:  # a batch without articles (every record rejected): nothing to reshape
            return np.zeros((0, self.bands), dtype=np.uint64)
        with np.errstate(over="ignore"):
            if self.rows % 2 == 0:  # two 32-bit rows per 64-bit word: fewer numpy calls
                words = np.ascontiguousarray(sigs, dtype=np.uint32).view(np.uint64).reshape(n, self.bands, -1)
            else:
                words = sigs.reshape(n, self.bands, self.rows).astype(np.uint64)
            h = np.broadcast_to(self._band_salt, (n, self.bands))
            for c in range(words.shape[2]):
                h = (h ^ words[:, :, c]) * _MIX64[0]
            h = (h ^ (h >> np.uint64(29))) * _MIX64[1]
            return np.asarray(h ^ (h >> np.uint64(32)))

    def band_keys(self, sig: np.ndarray) -> np.ndarray:
        """One 64-bit key per LSH band (band number mixed in, so bands never collide)."""
        return self.band_keys_batch(sig.reshape(1, -1))[0]

    @staticmethod
    def sketch(sig: np.ndarray) -> np.ndarray:
        """8-bit (b-bit MinHash) sketch of a signature: its low byte per permutation."""
        return (sig & np.uint32(0xFF)).astype(np.uint8)


def sketch_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard estimate from two 8-bit sketches, corrected for chance byte matches (1/256)."""
    return similarity_from_matches(int(np.count_nonzero(a == b)), a.size)


def similarity_from_matches(matches: int, size: int) -> float:
    """`sketch_similarity` of two sketches of `size` bytes that agree in `matches` positions."""
    share = matches / size
    return max(0.0, (share - 1 / 256) / (1 - 1 / 256))


def min_matches(threshold: float, size: int) -> int:
    """Fewest agreeing sketch bytes whose `similarity_from_matches` is >= threshold (size + 1 if
    none): the similarity grows with the count, so this integer test is the same decision."""
    for m in range(size + 1):
        if similarity_from_matches(m, size) >= threshold:
            return m
    return size + 1
