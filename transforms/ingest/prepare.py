"""The CPU-heavy, order-independent part of ingestion, runnable in worker processes.

`Preparer` cleans a batch of items (builder) and computes MinHash signatures and band keys
for the resulting articles. It holds no run state beyond settings, so batches can be prepared in
parallel while de-duplication (which must see records in order) stays in the main process.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import numpy as np

from transforms.ingest.builder import ArticleBuilder
from transforms.ingest.dedup import exact_keys
from transforms.ingest.fingerprint import Fingerprinter
from transforms.ingest.records import Article, Candidate, Duplicate, Rejected
from transforms.ingest.settings import IngestSettings

log = logging.getLogger(__name__)
Item = Candidate | Rejected | Duplicate
Built = Article | Rejected | Duplicate


@dataclass
class Prepared:
    """A batch, in input order: each item's outcome so far, plus signatures of its articles."""

    built: list[Built]
    sigs: np.ndarray | None
    bands: np.ndarray | None
    keys: np.ndarray | None


class Preparer:
    """Builds articles and fingerprints for one run's settings and time."""

    def __init__(self, settings: IngestSettings, now: dt.datetime) -> None:
        self.builder = ArticleBuilder(settings, now)
        self.fp = Fingerprinter(settings.num_perm, settings.shingle_bytes, settings.lsh_bands)

    def __call__(self, items: list[Item]) -> Prepared:
        built: list[Built] = []
        for item in items:
            if isinstance(item, Candidate):
                try:
                    built.append(self.builder.build(item))
                except Exception as exc:
                    log.exception("ingest failed on a record")
                    built.append(Rejected(item.input_name, item.record_number, "internal_error",
                                          f"{type(exc).__name__}: {exc}", item.raw))
            else:
                built.append(item)
        sigs = bands = keys = None
        articles = [b for b in built if isinstance(b, Article)]
        if not articles:  # every record of the batch was rejected or a duplicate: nothing to fingerprint
            return Prepared(built, None, None, None)
        try:
            sigs = self.fp.signatures([a.text for a in articles])
            bands = self.fp.band_keys_batch(sigs)
            keys = exact_keys(articles)
        except Exception:  # the main process then fingerprints one article at a time
            log.exception("batch fingerprinting failed")
            sigs = bands = keys = None
        return Prepared(built, sigs, bands, keys)


_WORKER: Preparer | None = None


def init_worker(settings: IngestSettings, now: dt.datetime) -> None:
    """Process-pool initializer: one Preparer per worker process."""
    global _WORKER
    _WORKER = Preparer(settings, now)


def prepare_in_worker(items: list[Item]) -> Prepared:
    if _WORKER is None:
        raise RuntimeError("init_worker was not called in this process")
    return _WORKER(items)
