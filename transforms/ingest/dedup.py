"""De-duplication: exact (same id, canonical URL or normalised text) and near-duplicate (MinHash).

Exact duplicates become `Duplicate` values (not stored again). Near-duplicates (estimated
Jaccard of shingle sets >= threshold) are kept, with `duplicate_of` set to the first copy's id,
so the warehouse can count outlets. State is rows of fingerprints that `state.py` persists; no I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from transforms.ingest.fingerprint import Fingerprinter, min_matches
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


#: Columns of `exact_keys` and the duplicate kind each one means (column 1 is 0 without a URL).
_EXACT = ((0, "duplicate_id"), (1, "duplicate_url"), (2, "duplicate_text"))


def exact_keys(articles: Sequence[Article]) -> np.ndarray:
    """uint64[n, 3]: id key, canonical-URL key (0 = no URL), text key of each article."""
    rows = [(id_key(a.article_id), url_key(a.canonical_url) if a.canonical_url else 0,
             text_key(a.text_sha256)) for a in articles]
    return np.array(rows, dtype=np.uint64).reshape(len(articles), 3)


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
        #: sketch bytes that must agree for a link (the same decision as similarity >= threshold)
        self.min_matches = min_matches(self.threshold, self.fp.num_perm)
        self.index = KeyIndex()
        self._old_ids: pa.Array = pa.array([], pa.string())
        self._old_dup: pa.Array = pa.array([], pa.string())
        self._old_sketch = np.zeros((0, self.fp.num_perm), dtype=np.uint8)
        self._ids: list[str] = []
        self._dup: list[str | None] = []
        self._chunks: list[np.ndarray] = []
        self._stored = 0  # sketches of this run already copied into _chunks
        #: rows registered in the batch being checked, and that batch's sketches (stored at its end)
        self._batch_rows: list[int] = []
        self._batch_sketches = np.zeros((0, self.fp.num_perm), dtype=np.uint8)
        #: per batch: ids, duplicate_of, exact keys, band keys, sketches of registered articles
        self._pending: list[tuple[list[str], list[str | None], np.ndarray, np.ndarray, np.ndarray]] = []

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
        if i >= self._stored:  # registered earlier in the batch being checked
            return self._batch_sketches[self._batch_rows[i - self._stored]]
        return self._chunks[i // _CHUNK][i % _CHUNK]

    def _sketch_rows(self, ordinals: np.ndarray) -> np.ndarray:
        """Sketches (uint8[len(ordinals), num_perm]) of registered articles, gathered at once."""
        out = np.empty((len(ordinals), self.fp.num_perm), dtype=np.uint8)
        n_old = len(self._old_ids)
        old = ordinals < n_old
        if old.any():
            out[old] = self._old_sketch[ordinals[old]]
        new = np.flatnonzero(~old)
        if len(new):
            rel = ordinals[new] - n_old
            chunk = rel // _CHUNK
            for c in np.unique(chunk).tolist():
                sel = chunk == c
                out[new[sel]] = self._chunks[c][rel[sel] % _CHUNK]
        return out

    def _prior_matches(self, before: list[int | None], width: int, sketches: np.ndarray,
                       ) -> dict[tuple[int, int], int]:
        """Agreeing sketch bytes for every (article in batch, candidate taken before the batch)
        pair that shares an LSH band, computed in one vectorised pass."""
        n = sketches.shape[0]
        band_hits = np.array([-1 if h is None else h for h in before], dtype=np.int64).reshape(n, width)[:, 3:]
        art, col = np.nonzero(band_hits >= 0)
        if not len(art):
            return {}
        cand = band_hits[art, col]
        matches = np.count_nonzero(self._sketch_rows(cand) == sketches[art], axis=1)
        return dict(zip(zip(art.tolist(), cand.tolist(), strict=True), matches.tolist(), strict=True))

    def seen_url(self, canonical: str) -> str | None:
        """Id of the article already taken from this canonical URL, if any."""
        hit = self.index.get(url_key(canonical))
        return None if hit is None else self._id_of(hit)

    # -- the decision ----------------------------------------------------------------------
    def check(self, article: Article, sig: np.ndarray | None = None, bands: np.ndarray | None = None,
              ) -> Duplicate | None:
        """A `Duplicate` for an exact duplicate; else register the article (setting
        `duplicate_of` when it is a near-duplicate) and return None."""
        result = self.check_batch([article], None if sig is None else sig.reshape(1, -1),
                                  None if bands is None else bands.reshape(1, -1))[0]
        if isinstance(result, Exception):
            raise result
        return result

    def check_batch(self, articles: Sequence[Article], sigs: np.ndarray | None = None,
                    bands: np.ndarray | None = None, keys: np.ndarray | None = None,
                    ) -> list[Duplicate | Exception | None]:
        """`check` for a batch, in order (later articles see earlier ones). Look-ups against what was
        taken before the batch are done for the whole batch at once; `sigs`, `bands` and `keys`
        (`exact_keys`) may come precomputed from a worker. A failure on one article is returned in
        its place (before anything about it was registered)."""
        if not articles:
            return []
        if sigs is None:
            sigs = self.fp.signatures([a.text for a in articles])
        if bands is None:
            bands = self.fp.band_keys_batch(sigs)
        if keys is None:
            keys = exact_keys(articles)
        sketches = (sigs & np.uint32(0xFF)).astype(np.uint8)
        allk = np.concatenate((keys, bands), axis=1)
        width = allk.shape[1]
        before = self.index.get_many(allk.reshape(-1))
        prior = self._prior_matches(before, width, sketches)
        pending_get = self.index.pending.get  # no merge happens until the batch is done
        self._batch_rows, self._batch_sketches = [], sketches
        out: list[Duplicate | Exception | None] = []
        for i, article in enumerate(articles):
            try:
                ks = allk[i].tolist()
                hits = [h if h is not None else pending_get(k)
                        for h, k in zip(before[i * width:(i + 1) * width], ks, strict=True)]
                out.append(self._decide(article, ks, hits, sketches[i], i, prior))
            except Exception as exc:  # handed back to the caller, which quarantines the article
                out.append(exc)
        self._store_batch(allk, bands, sketches)
        self.index.maybe_merge()
        return out

    def _decide(self, article: Article, ks: list[int], hits: list[int | None], sketch: np.ndarray,
                row: int, prior: dict[tuple[int, int], int]) -> Duplicate | None:
        for j, kind in _EXACT:
            hit = hits[j]
            if hit is not None and (j != 1 or ks[1] != 0):
                return Duplicate(article.input_name, article.record_number, article.article_id,
                                 self._id_of(hit), kind)
        for c in sorted({c for c in hits[3:] if c is not None}):  # earliest similar-enough candidate
            matches = prior.get((row, c))
            if matches is None:  # a candidate taken earlier in this batch
                matches = int(np.count_nonzero(self._sketch(c) == sketch))
            if matches >= self.min_matches:
                article.duplicate_of = self._root_id(c)
                break
        self._register(article, ks, hits, row)
        return None

    def _register(self, article: Article, ks: list[int], hits: list[int | None], row: int) -> None:
        ordinal = len(self._old_ids) + len(self._ids)
        self._ids.append(article.article_id)
        self._dup.append(article.duplicate_of)
        self._batch_rows.append(row)  # sketch and fingerprint row are stored with the batch
        # Keys not found were not in the index when looked up (nothing was added since), so
        # plain assignment is KeyIndex.add_new ("first wins") without the per-key call overhead.
        new = [key for key, hit in zip(ks, hits, strict=True) if hit is None]
        if ks[1] == 0 and hits[1] is None:  # no URL: 0 is a placeholder, not a key
            new.remove(0)
        self.index.pending.update(dict.fromkeys(new, ordinal))

    def _store_batch(self, allk: np.ndarray, bands: np.ndarray, sketches: np.ndarray) -> None:
        """Copy the sketches and fingerprint rows of the articles registered in this batch."""
        rows = np.asarray(self._batch_rows, dtype=np.intp)
        m = len(rows)
        self._batch_rows, self._batch_sketches = [], sketches[:0]
        if not m:
            return
        sk = sketches[rows]
        done = 0
        while done < m:
            pos = self._stored + done
            if pos // _CHUNK == len(self._chunks):
                self._chunks.append(np.zeros((_CHUNK, self.fp.num_perm), dtype=np.uint8))
            take = min(_CHUNK - pos % _CHUNK, m - done)
            self._chunks[pos // _CHUNK][pos % _CHUNK:pos % _CHUNK + take] = sk[done:done + take]
            done += take
        first = len(self._ids) - m
        self._pending.append((self._ids[first:], self._dup[first:], allk[rows, :3], bands[rows], sk))
        self._stored += m

    # -- persistence (rows; state.py does the files) ---------------------------------------
    def take_pending(self) -> pa.Table:
        """Fingerprint rows registered since the last call (to persist beside their articles)."""
        parts, self._pending = self._pending, []
        schema = fingerprint_schema(self.fp.num_perm, self.fp.bands)
        if not parts:
            return schema.empty_table()
        ids = [i for p in parts for i in p[0]]
        dups = [d for p in parts for d in p[1]]
        keys = np.concatenate([p[2] for p in parts]).astype(np.uint64)
        bands = np.ascontiguousarray(np.concatenate([p[3] for p in parts]), dtype=np.uint64)
        sketches = np.ascontiguousarray(np.concatenate([p[4] for p in parts]), dtype=np.uint8)
        n = len(ids)

        def fixed(arr: np.ndarray, field: pa.Field) -> pa.Array:  # one row of bytes per article
            return pa.FixedSizeBinaryArray.from_buffers(field.type, n, [None, pa.py_buffer(arr.tobytes())])

        columns: list[Any] = [
            pa.array(ids, pa.string()), pa.array(dups, pa.string()), pa.array(keys[:, 0], pa.uint64()),
            pa.array(keys[:, 1], pa.uint64(), mask=keys[:, 1] == 0),  # 0 = no URL -> null
            pa.array(keys[:, 2], pa.uint64()), fixed(bands, schema.field("bands")),
            fixed(sketches, schema.field("sketch"))]
        return pa.Table.from_arrays(columns, schema=schema)

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
