"""A compact map from 64-bit keys to 32-bit values, first value wins.

Holds millions of keys in sorted numpy arrays (12 bytes a key) plus a small, bounded dict of
recent additions that is merged in (sorted insert, linear time) when it fills, so memory stays
proportional to the number of keys without Python-object overhead. No I/O.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

#: Merge the pending dict into the sorted arrays when it holds this many keys (~6 MB of dict).
MIN_PENDING = 1 << 16


#: Bits of the membership filter per sorted key (false-positive rate about 1 - e^(-1/64) = 1.5%).
FILTER_BITS_PER_KEY = 64


class KeyIndex:
    """uint64 key -> uint32 value; `add` never overwrites an existing key.

    Keys must be well-mixed hashes: their low bits index a bit filter that answers "certainly
    absent" for most misses without a binary search (which costs ~20 cache misses a key)."""

    def __init__(self) -> None:
        self._keys = np.zeros(0, dtype=np.uint64)
        self._vals = np.zeros(0, dtype=np.uint32)
        self._pending: dict[int, int] = {}
        self._bits = np.zeros(1 << 14, dtype=np.uint64)  # 2^20 bits to start with
        self._mask = np.uint64((1 << 20) - 1)

    def __len__(self) -> int:
        return len(self._keys) + len(self._pending)

    @property
    def nbytes(self) -> int:
        """Approximate memory held (arrays, filter, pending dict entries)."""
        return int(self._keys.nbytes + self._vals.nbytes + self._bits.nbytes + 100 * len(self._pending))

    def _maybe_present(self, keys: np.ndarray) -> np.ndarray:
        idx = keys & self._mask
        return ((self._bits[idx >> np.uint64(6)] >> (idx & np.uint64(63))) & np.uint64(1)).astype(bool)

    def _set_bits(self, keys: np.ndarray) -> None:
        idx = keys & self._mask
        np.bitwise_or.at(self._bits, (idx >> np.uint64(6)).astype(np.intp),
                         np.left_shift(np.uint64(1), idx & np.uint64(63)))

    def _rebuild_filter(self) -> None:
        nbits = 1 << 20
        while nbits < FILTER_BITS_PER_KEY * len(self._keys):
            nbits <<= 1
        if nbits != len(self._bits) * 64:
            self._bits = np.zeros(nbits // 64, dtype=np.uint64)
            self._mask = np.uint64(nbits - 1)
            self._set_bits(self._keys)

    def _sorted_get(self, key: int) -> int | None:
        keys = self._keys
        if not len(keys):
            return None
        k = np.uint64(key)
        idx = k & self._mask
        if not (int(self._bits[int(idx >> np.uint64(6))]) >> int(idx & np.uint64(63))) & 1:
            return None
        i = int(np.searchsorted(keys, k))
        if i < len(keys) and int(keys[i]) == key:
            return int(self._vals[i])
        return None

    def get(self, key: int) -> int | None:
        """The value stored for `key`, or None."""
        v = self._pending.get(key)
        return v if v is not None else self._sorted_get(key)

    def get_many(self, keys: np.ndarray) -> list[int | None]:
        """Values for an array of uint64 keys (None where absent)."""
        out: list[int | None] = list(map(self._pending.get, keys.tolist()))
        if len(self._keys):
            maybe = np.flatnonzero(self._maybe_present(keys))
            if len(maybe):
                probe = keys[maybe]
                idx = np.minimum(np.searchsorted(self._keys, probe), len(self._keys) - 1)
                hit = self._keys[idx] == probe
                for j, pos, h in zip(maybe.tolist(), idx.tolist(), hit.tolist(), strict=True):
                    if h and out[j] is None:
                        out[j] = int(self._vals[pos])
        return out

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """`get_many` as an int64 array, -1 where absent."""
        klist = keys.tolist()
        out = np.fromiter(map(self._pending.get, klist, repeat(-1)), dtype=np.int64, count=len(klist))
        if len(self._keys):
            maybe = np.flatnonzero((out < 0) & self._maybe_present(keys))
            if len(maybe):
                probe = keys[maybe]
                idx = np.minimum(np.searchsorted(self._keys, probe), len(self._keys) - 1)
                hit = self._keys[idx] == probe
                out[maybe[hit]] = self._vals[idx[hit]]
        return out

    def add(self, key: int, value: int) -> None:
        """Store `value` for `key` unless the key is already present."""
        if key in self._pending or self._sorted_get(key) is not None:
            return
        self._pending[key] = value
        self._maybe_merge()

    @property
    def pending(self) -> dict[int, int]:
        """Keys added since the last merge (callers may `get`/`setdefault` on it directly, and
        must call `maybe_merge` afterwards)."""
        return self._pending

    def maybe_merge(self) -> None:
        """Merge recent additions into the sorted arrays if there are enough of them."""
        self._maybe_merge()

    def add_new(self, key: int, value: int) -> None:
        """Store a key the caller has just looked up and not found (no second look-up). No merge
        happens here (so `pending_get` sees it until the caller calls `maybe_merge`)."""
        self._pending.setdefault(key, value)

    def add_many(self, keys: np.ndarray, value: int) -> None:
        """Store `value` for each key not already present."""
        self.add_absent(keys, self.get_many(keys), value)

    def add_absent(self, keys: np.ndarray, found: list[int | None], value: int) -> None:
        """Like add_many, with `found` = get_many(keys) already at hand."""
        pending = self._pending
        for key, old in zip(keys.tolist(), found, strict=True):
            if old is None:
                pending.setdefault(key, value)
        self._maybe_merge()

    def bulk_load(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Add many (key, value) pairs at once; earlier positions win over later ones."""
        if not len(keys):
            return
        self._merge()
        all_keys = np.concatenate((self._keys, keys.astype(np.uint64)))
        all_vals = np.concatenate((self._vals, values.astype(np.uint32)))
        order = np.argsort(all_keys, kind="stable")
        k, v = all_keys[order], all_vals[order]
        first = np.ones(len(k), dtype=bool)
        first[1:] = k[1:] != k[:-1]
        self._keys, self._vals = k[first], v[first]
        self._rebuild_filter()
        self._set_bits(self._keys)

    def _maybe_merge(self) -> None:
        if len(self._pending) >= MIN_PENDING:
            self._merge()

    def _merge(self) -> None:
        if not self._pending:
            return
        pk = np.fromiter(self._pending.keys(), dtype=np.uint64, count=len(self._pending))
        pv = np.fromiter(self._pending.values(), dtype=np.uint32, count=len(self._pending))
        self._pending = {}
        order = np.argsort(pk)
        pk, pv = pk[order], pv[order]
        at = np.searchsorted(self._keys, pk)  # pending keys are never in the sorted part
        self._keys = np.insert(self._keys, at, pk)
        self._vals = np.insert(self._vals, at, pv)
        before = len(self._bits)
        self._rebuild_filter()
        if len(self._bits) == before:  # not rebuilt: add the new keys' bits
            self._set_bits(pk)
