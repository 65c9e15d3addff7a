"""A compact map from 64-bit keys to 32-bit values, first value wins.

Holds millions of keys in sorted numpy arrays (12 bytes a key) plus a small dict of recent
additions that is merged in when it grows, so memory stays proportional to the number of keys
without Python-object overhead. No I/O.
"""

from __future__ import annotations

import numpy as np

#: Merge the pending dict into the sorted arrays when it holds this many keys (or half the size).
MIN_PENDING = 1 << 16


class KeyIndex:
    """uint64 key -> uint32 value; `add` never overwrites an existing key."""

    def __init__(self) -> None:
        self._keys = np.zeros(0, dtype=np.uint64)
        self._vals = np.zeros(0, dtype=np.uint32)
        self._pending: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._keys) + len(self._pending)

    @property
    def nbytes(self) -> int:
        """Approximate memory held (arrays + pending dict entries)."""
        return int(self._keys.nbytes + self._vals.nbytes + 100 * len(self._pending))

    def _sorted_get(self, key: int) -> int | None:
        keys = self._keys
        if not len(keys):
            return None
        i = int(np.searchsorted(keys, np.uint64(key)))
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
        if len(self._keys) and any(v is None for v in out):
            idx = np.searchsorted(self._keys, keys)
            idx_c = np.minimum(idx, len(self._keys) - 1)
            hit = self._keys[idx_c] == keys
            vals = self._vals[idx_c]
            for j, v in enumerate(out):
                if v is None and hit[j]:
                    out[j] = int(vals[j])
        return out

    def add(self, key: int, value: int) -> None:
        """Store `value` for `key` unless the key is already present."""
        if key in self._pending or self._sorted_get(key) is not None:
            return
        self.add_new(key, value)

    def add_new(self, key: int, value: int) -> None:
        """Store a key the caller has just looked up and not found (no second look-up)."""
        self._pending.setdefault(key, value)
        self._maybe_merge()

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

    def _maybe_merge(self) -> None:
        if len(self._pending) >= max(MIN_PENDING, len(self._keys) // 2):
            self._merge()

    def _merge(self) -> None:
        if not self._pending:
            return
        pk = np.fromiter(self._pending.keys(), dtype=np.uint64, count=len(self._pending))
        pv = np.fromiter(self._pending.values(), dtype=np.uint32, count=len(self._pending))
        self._pending = {}
        keys = np.concatenate((self._keys, pk))
        vals = np.concatenate((self._vals, pv))
        order = np.argsort(keys, kind="stable")
        self._keys, self._vals = keys[order], vals[order]
