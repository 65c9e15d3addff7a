"""De-duplication: exact (same id, canonical URL or normalised text) and near-duplicate (MinHash).

Exact duplicates become `Duplicate` values (not stored again). Near-duplicates (estimated
Jaccard of shingle sets >= threshold) are kept, with `duplicate_of` set to the first copy's id,
so the warehouse can count outlets. State is rows of fingerprints that `state.py` persists; no I/O.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pyarrow as pa

from transforms.ingest.fingerprint import Fingerprinter, sketch_similarities
from transforms.ingest.keyindex import KeyIndex
from transforms.ingest.records import Article, Duplicate
from transforms.ingest.settings import IngestSettings

_CHUNK = 4096
_TEXT_TAG = 0x5A17_0000_0000_0000


def _key(tag: bytes, value: str) -> int:
    digest = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=8, person=tag * 16)
    return int.from_bytes(digest.digest(), "little")


def id_key(article_id: str) -> int:
    return _key(b"i", article_id)


def url_key(canonical: str) -> int:
    return _key(b"u", canonical)


def text_key(text_sha256: str) -> int:
    return int(text_sha256[:16], 16) ^ _TEXT_TAG


def fingerprint_schema(num_perm: int, bands: int) -> pa.Schema:
    return pa.schema([
        ("article_id", pa.string()),
        ("duplicate_of", pa.string()),
        ("id_key", pa.uint64()),
        ("url_key", pa.uint64()),
        ("text_key", pa.uint64()),
        ("bands", pa.binary(8 * bands)),
        ("sketch", pa.binary(num_perm)),
    ])


def _fixed_view(col: pa.ChunkedArray | pa.Array, width: int) -> np.ndarray:
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if len(arr) == 0:
        return np.zeros((0, width), dtype=np.uint8)
    buf = np.frombuffer(arr.buffers()[1], dtype=np.uint8)
    return buf[arr.offset * width:(arr.offset + len(arr)) * width].reshape(-1, width).copy()


class Deduplicator:
    """Remembers every article taken (this run and, once loaded, earlier runs)."""

    def __init__(self, settings: IngestSettings) -> None:
        self.fp = Fingerprinter(settings.num_perm, settings.shingle_bytes, settings.lsh_bands)
        self.threshold = settings.near_duplicate_threshold
        self.index = KeyIndex()
        self._old_ids: pa.Array = pa.array([], pa.string())
        self._old_dup: pa.Array = pa.array([], pa.string())
        self._old_sketch = np.zeros((0, self.fp.num_perm), dtype=np.uint8)
        self._ids: list[str] = []
        self._dup: list[str | None] = []
        self._chunks: list[np.ndarray] = []
        self._pending: list[tuple[str, str | None, int, int | None, int, bytes, bytes]] = []

    def __len__(self) -> int:
        return len(self._old_ids) + len(self._ids)

    # -- lookups ---------------------------------------------------------------------------
    def _id_of(self, ordinal: int) -> str:
        n_old = len(self._old_ids)
        return str(self._old_ids[ordinal].as_py()) if ordinal < n_old else self._ids[ordinal - n_old]

    def _root_id(self, ordinal: int) -> str:
        n_old = len(self._old_ids)
        dup = self._old_dup[ordinal].as_py() if ordinal < n_old else self._dup[ordinal - n_old]
        return str(dup) if dup is not None else self._id_of(ordinal)

    def _sketch(self, ordinal: int) -> np.ndarray:
        n_old = len(self._old_ids)
        if ordinal < n_old:
            return self._old_sketch[ordinal]
        i = ordinal - n_old
        return self._chunks[i // _CHUNK][i % _CHUNK]

    def seen_url(self, canonical: str) -> str | None:
        """Id of the article already taken from this canonical URL, if any."""
        hit = self.index.get(url_key(canonical))
        return None if hit is None else self._id_of(hit)

    # -- the decision ----------------------------------------------------------------------
    def check(self, article: Article, sig: np.ndarray | None = None, bands: np.ndarray | None = None,
              ) -> Duplicate | None:
        """A `Duplicate` for an exact duplicate; else register the article (setting
        `duplicate_of` when it is a near-duplicate) and return None. `sig`/`bands` may be passed
        when computed for a whole batch (`Fingerprinter.signatures`)."""
        ik = id_key(article.article_id)
        uk = url_key(article.canonical_url) if article.canonical_url else None
        tk = text_key(article.text_sha256)
        if sig is None:
            sig = self.fp.signature(article.text)
        if bands is None:
            bands = self.fp.band_keys(sig)
        exact = [ik, tk] if uk is None else [ik, uk, tk]
        hits = self.index.get_many(np.concatenate((np.array(exact, dtype=np.uint64), bands)))
        for key, hit in zip(exact, hits, strict=False):
            if hit is not None:
                kind = "duplicate_id" if key == ik else "duplicate_text" if key == tk else "duplicate_url"
                return Duplicate(article.input_name, article.record_number, article.article_id,
                                 self._id_of(hit), kind)
        hits = hits[len(exact):]
        sketch = self.fp.sketch(sig)
        candidates = sorted({c for c in hits if c is not None})
        if candidates:
            sims = sketch_similarities(np.stack([self._sketch(c) for c in candidates]), sketch)
            linked = np.flatnonzero(sims >= self.threshold)
            if len(linked):  # the earliest candidate that is similar enough
                article.duplicate_of = self._root_id(candidates[int(linked[0])])
        self._register(article, ik, uk, tk, bands, hits, sketch)
        return None

    def _register(self, article: Article, ik: int, uk: int | None, tk: int, bands: np.ndarray,
                  band_hits: list[int | None], sketch: np.ndarray) -> None:
        i = len(self._ids)
        ordinal = len(self._old_ids) + i
        if i % _CHUNK == 0:
            self._chunks.append(np.zeros((_CHUNK, self.fp.num_perm), dtype=np.uint8))
        self._chunks[-1][i % _CHUNK] = sketch
        self._ids.append(article.article_id)
        self._dup.append(article.duplicate_of)
        self.index.add_new(ik, ordinal)
        if uk is not None:
            self.index.add_new(uk, ordinal)
        self.index.add_new(tk, ordinal)
        self.index.add_absent(bands, band_hits, ordinal)
        self._pending.append((article.article_id, article.duplicate_of, ik, uk, tk,
                              bands.tobytes(), sketch.tobytes()))

    # -- persistence (rows; state.py does the files) ---------------------------------------
    def take_pending(self) -> pa.Table:
        """Fingerprint rows registered since the last call (to persist beside their articles)."""
        rows, self._pending = self._pending, []
        cols: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [() for _ in range(7)]
        schema = fingerprint_schema(self.fp.num_perm, self.fp.bands)
        return pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(cols, schema, strict=True)],
                                    schema=schema)

    def load(self, tables: list[tuple[pa.Table, bool]]) -> None:
        """Load earlier runs' fingerprints (oldest first). The flag says whether the rows were made
        with the same fingerprint parameters; if not, only the exact keys are used."""
        if self._ids or not tables:
            if self._ids:
                raise RuntimeError("load fingerprints before checking any article")
            return
        P, B = self.fp.num_perm, self.fp.bands
        ids, dups, sketches, keys, vals = [], [], [], [], []
        offset = 0
        for table, compatible in tables:
            n = table.num_rows
            if n == 0:
                continue
            ordinals = np.arange(offset, offset + n, dtype=np.uint32)
            ids.append(table.column("article_id").combine_chunks())
            dups.append(table.column("duplicate_of").combine_chunks())
            for name in ("id_key", "text_key", "url_key"):
                col = table.column(name).combine_chunks()
                valid = col.is_valid().to_numpy(zero_copy_only=False)
                keys.append(col.fill_null(0).to_numpy()[valid])
                vals.append(ordinals[valid])
            if compatible:
                sketches.append(_fixed_view(table.column("sketch"), P))
                bands = _fixed_view(table.column("bands"), 8 * B).view(np.uint64).reshape(-1)
                keys.append(bands)
                vals.append(np.repeat(ordinals, B))
            else:
                sketches.append(np.zeros((n, P), dtype=np.uint8))
            offset += n
        if not offset:
            return
        self._old_ids = pa.concat_arrays(ids)
        self._old_dup = pa.concat_arrays(dups)
        self._old_sketch = np.concatenate(sketches)
        self.index.bulk_load(np.concatenate(keys), np.concatenate(vals))
