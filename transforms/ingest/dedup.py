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


#: Keyed BLAKE2b states per tag; copying one is about half the cost of setting one up per key.
_HASHERS = {tag: hashlib.blake2b(digest_size=8, person=tag * 16) for tag in (b"i", b"u")}


def _key(tag: bytes, value: str) -> int:
    """64-bit BLAKE2b (personalised with `tag`) of the UTF-8 value."""
    h = _HASHERS[tag].copy()
    h.update(value.encode("utf-8", "surrogatepass"))
    return int.from_bytes(h.digest(), "little")


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
        """`check` for a batch, in order (later articles see earlier ones). `sigs`, `bands` and
        `keys` (`exact_keys`) may come precomputed from a worker. A failure on one article is
        returned in its place (before anything about it was registered).

        Everything about what was taken before the batch is decided for the whole batch at once
        (look-ups, exact hits, the earliest similar-enough earlier article). Only articles with a
        key that also occurs in another article of the batch and was not taken before ("linked"
        rows) are handled one by one, in order, each seeing the linked rows registered before it;
        the rule is the same as deciding the articles one at a time (tested)."""
        n = len(articles)
        if not n:
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
        flat = allk.reshape(-1)
        before = self.index.lookup(flat).reshape(n, width)  # -1: not taken before the batch
        usable = np.ones((n, width), dtype=bool)  # all but the 0 placeholder of rows without a URL
        usable[:, 1] = allk[:, 1] != 0
        found = (before >= 0) & usable
        # usable keys not taken before that occur more than once in the batch
        open_ = (usable & ~found).reshape(-1)
        _, inverse, counts = np.unique(flat[open_], return_inverse=True, return_counts=True)
        shared = np.zeros(n * width, dtype=bool)
        shared[open_] = counts[inverse.reshape(-1)] > 1
        shared2 = shared.reshape(n, width)
        linked: np.ndarray = np.asarray(shared2.any(axis=1))
        exact_found = found[:, :3]
        exact_col = np.where(exact_found.any(axis=1), exact_found.argmax(axis=1), -1)
        near_before = self._earliest_similar(before, sketches)
        # registered unless an exact duplicate (linked rows are decided in the loop below)
        registered = ~linked & (exact_col < 0)
        out: list[Duplicate | Exception | None] = [None] * n
        for i in np.flatnonzero(~linked & ((exact_col >= 0) | (near_before >= 0))).tolist():
            try:
                out[i] = self._decide_prior(articles[i], int(exact_col[i]), before[i], int(near_before[i]))
            except Exception as exc:  # handed back to the caller, which quarantines the article
                out[i] = exc
                registered[i] = False
        # registered non-linked rows before each row (their ordinals come first)
        known_before: np.ndarray = np.cumsum(registered) - registered
        base = len(self._old_ids) + len(self._ids)
        batch_first: dict[int, int] = {}  # shared keys -> ordinal of the linked row registering them
        row_of: dict[int, int] = {}  # ordinal -> row, for linked rows registered in this batch
        done = 0  # linked rows registered so far
        rows_sh, cols_sh = np.nonzero(shared2)
        starts = np.searchsorted(rows_sh, np.arange(n + 1))
        cols_all, keys_all = cols_sh.tolist(), flat[rows_sh * width + cols_sh].tolist()
        for i in np.flatnonzero(linked).tolist():
            lo, hi = int(starts[i]), int(starts[i + 1])
            cols, ks = cols_all[lo:hi], keys_all[lo:hi]
            try:
                hits = [batch_first.get(k) for k in ks]
                dup = self._decide_linked(articles, i, int(exact_col[i]), before[i], int(near_before[i]),
                                          cols, hits, sketches, row_of)
            except Exception as exc:
                out[i] = exc
                continue
            if dup is not None:
                out[i] = dup
                continue
            registered[i] = True
            ordinal = base + int(known_before[i]) + done
            done += 1
            row_of[ordinal] = i
            for k, h in zip(ks, hits, strict=True):
                if h is None:
                    batch_first.setdefault(k, ordinal)
        rows = np.flatnonzero(registered)
        self._ids.extend([articles[i].article_id for i in rows.tolist()])
        self._dup.extend([articles[i].duplicate_of for i in rows.tolist()])
        # index the new keys: shared ones as registered above, the others (unique in the batch,
        # not taken before) with their row's ordinal
        pending = self.index.pending
        pending.update(batch_first)
        single = registered[:, None] & usable & ~found & ~shared2
        if single.any():
            ordinals = np.cumsum(registered) - 1 + base
            fo = np.broadcast_to(ordinals[:, None], allk.shape)[single]
            pending.update(zip(allk[single].tolist(), fo.tolist(), strict=True))
        self._store_batch(allk, bands, sketches, rows)
        self.index.maybe_merge()
        return out

    def _earliest_similar(self, before: np.ndarray, sketches: np.ndarray) -> np.ndarray:
        """Per article of the batch, the smallest ordinal among articles taken before the batch
        that share an LSH band with it and are similar enough (-1 if none), in one pass."""
        n = sketches.shape[0]
        out = np.full(n, -1, dtype=np.int64)
        band_hits = before[:, 3:]
        art, col = np.nonzero(band_hits >= 0)
        if not len(art):
            return out
        cand = band_hits[art, col]
        ok = np.count_nonzero(self._sketch_rows(cand) == sketches[art], axis=1) >= self.min_matches
        if ok.any():
            best = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
            np.minimum.at(best, art[ok], cand[ok])
            out = np.where(best == np.iinfo(np.int64).max, -1, best)
        return out

    def _exact(self, article: Article, ordinal: int, kind: int) -> Duplicate:
        return Duplicate(article.input_name, article.record_number, article.article_id,
                         self._id_of(ordinal), _EXACT[kind][1])

    def _decide_prior(self, article: Article, exact_col: int, before: np.ndarray, near: int,
                      ) -> Duplicate | None:
        """The decision for an article whose hits are all on articles taken before the batch."""
        if exact_col >= 0:
            return self._exact(article, int(before[exact_col]), exact_col)
        article.duplicate_of = self._root_id(near)
        return None

    def _decide_linked(self, articles: Sequence[Article], row: int, exact_col: int, before: np.ndarray,
                       near: int, cols: list[int], hits: list[int | None], sketches: np.ndarray,
                       row_of: dict[int, int]) -> Duplicate | None:
        """The decision for an article that may also hit linked rows registered earlier in the
        batch (`hits` for its shared keys at `cols`): exact keys in column order first, then the
        earliest similar-enough article (earlier batches come first: smaller ordinals)."""
        article = articles[row]
        batch_exact = {c: h for c, h in zip(cols, hits, strict=True) if c < 3 and h is not None}
        for j in range(3):
            if j == exact_col:
                return self._exact(article, int(before[j]), j)
            h = batch_exact.get(j)
            if h is not None:
                other = articles[row_of[h]]
                return Duplicate(article.input_name, article.record_number, article.article_id,
                                 other.article_id, _EXACT[j][1])
        if near >= 0:
            article.duplicate_of = self._root_id(near)
            return None
        for c in sorted({h for c, h in zip(cols, hits, strict=True) if c >= 3 and h is not None}):
            other = articles[row_of[c]]
            if int(np.count_nonzero(sketches[row_of[c]] == sketches[row])) >= self.min_matches:
                article.duplicate_of = other.duplicate_of if other.duplicate_of is not None else other.article_id
                break
        return None

    def _store_batch(self, allk: np.ndarray, bands: np.ndarray, sketches: np.ndarray,
                     rows: np.ndarray) -> None:
        """Copy the sketches and fingerprint rows of the articles registered in this batch."""
        m = len(rows)
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
