"""`run_ingest`: read inputs, clean, de-duplicate, account for every record, write the lake.

Orchestration only: adapters read, the builder cleans, the deduplicator decides, the sink and
state modules write into the run's staging folder, which is committed and published as a whole
(`staging.py`). A record never crashes the run: unexpected errors quarantine the record (or the
rest of an input) as `internal_error`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import multiprocessing
import multiprocessing.pool
import traceback
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from multiprocessing.pool import AsyncResult
from pathlib import Path

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from transforms.config import Config, ConfigError
from transforms.ingest.dedup import Deduplicator
from transforms.ingest.faults import fault_point
from transforms.ingest.fetch import Fetcher
from transforms.ingest.prepare import Prepared, Preparer, init_worker, prepare_in_worker
from transforms.ingest.records import Article, Duplicate, Rejected
from transforms.ingest.report import IngestReport
from transforms.ingest.settings import IngestSettings, SourceSpec, configured_sources, ingest_settings
from transforms.ingest.sink import LakeSink
from transforms.ingest.sources import InputSpec, Item, read_input, resolve_inputs
from transforms.ingest.sources.web import WebContext
from transforms.ingest.staging import RunStaging, ingest_lock, recover
from transforms.ingest.state import (
    STATE_DIR,
    read_feed_state,
    read_fingerprints,
    read_quarantine_ids,
    stage_feed_state,
    stage_fingerprints,
)

log = logging.getLogger(__name__)
#: Records handled together (signatures are computed per batch).
BATCH = 256


def new_run_id(now: dt.datetime) -> str:
    return f"ingest-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def select_sources(config: Config, names: Sequence[str], have_inputs: bool) -> list[SourceSpec]:
    """Configured sources by name; all enabled ones when neither names nor inputs are given."""
    configured = configured_sources(config)
    by_name = {s.name: s for s in configured}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(by_name) or "none; add [[sources]] tables to evw.toml"
        raise ConfigError(f"unknown source(s) {', '.join(unknown)}; configured: {known}")
    if names:
        return [by_name[n] for n in names]
    if have_inputs:
        return []
    enabled = [s for s in configured if s.enabled]
    if not enabled:
        raise ConfigError("nothing to ingest: pass files, directories, globs or URLs, or --source NAME, "
                          "or add enabled [[sources]] to the config")
    return enabled


def _safe_items(spec: InputSpec, settings: IngestSettings, web: WebContext) -> Iterator[Item]:
    """Items of one input; a bug in an adapter quarantines the rest of that input, not the run."""
    it = read_input(spec, settings.max_record_bytes, web, settings.follow_symlinks)
    while True:
        try:
            item = next(it)
        except StopIteration:
            return
        except Exception as exc:
            log.exception("ingest adapter failed on %s", spec.location)
            yield Rejected(spec.location, None, "internal_error",
                           f"reading stopped: {type(exc).__name__}: {exc}; {traceback.format_exc(limit=3)[-500:]}")
            return
        yield item


def _batches(items: Iterator[Item]) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _pool(settings: IngestSettings, now: dt.datetime) -> multiprocessing.pool.Pool | None:
    if settings.workers <= 1:
        return None
    ctx = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads/DuckDB
    return ctx.Pool(settings.workers, initializer=init_worker, initargs=(settings, now))


def _prepared(batches: Iterator[list[Item]], preparer: Preparer,
              pool: multiprocessing.pool.Pool | None) -> Iterator[Prepared]:
    """Prepared batches in input order; with a pool, at most 2 x workers batches in flight."""
    if pool is None:
        yield from map(preparer, batches)
        return
    in_flight: deque[AsyncResult[Prepared]] = deque()
    limit = 2 * max(1, getattr(pool, "_processes", 2))
    for batch in batches:
        in_flight.append(pool.apply_async(prepare_in_worker, (batch,)))
        if len(in_flight) >= limit:
            yield in_flight.popleft().get()
    while in_flight:
        yield in_flight.popleft().get()


class _Run:
    def __init__(self, stage: RunStaging, settings: IngestSettings, now: dt.datetime,
                 report: IngestReport) -> None:
        self.lake = stage.lake
        self.stage = stage
        self.settings = settings
        self.report = report
        self.dedup = Deduplicator(settings)
        self.dedup.load(read_fingerprints(self.lake, self.dedup.fp.params))
        self.sink = LakeSink(stage, now, settings.flush_rows, settings.flush_bytes, read_quarantine_ids(self.lake))
        self.fingerprint_parts = 0

    def handle(self, prepared: Prepared) -> None:
        """Decide and account for a prepared batch, in input order."""
        articles = [b for b in prepared.built if isinstance(b, Article)]
        try:
            decisions = self.dedup.check_batch(articles, prepared.sigs, prepared.bands, prepared.keys)
        except Exception:  # a bug in the batch path: decide one article at a time
            log.exception("batch de-duplication failed")
            decisions = []
            for a in articles:
                try:
                    decisions.append(self.dedup.check(a))
                except Exception as exc:
                    decisions.append(exc)
        k = 0
        for outcome in prepared.built:
            if isinstance(outcome, Article):
                decision = decisions[k]
                k += 1
                if isinstance(decision, Exception):
                    log.error("ingest failed on a record: %r", decision)
                    outcome = Rejected(outcome.input_name, outcome.record_number, "internal_error",
                                       f"{type(decision).__name__}: {decision}", outcome.text.encode("utf-8"))
                elif decision is not None:
                    outcome = decision
                else:
                    self.sink.add_article(outcome)
            self._account(outcome)
        if self.sink.over_memory:
            self.sink.spill()
            self.save_fingerprints()

    def _account(self, outcome: object) -> None:
        r = self.report
        r.records_read += 1
        if isinstance(outcome, Article):
            r.accepted += 1
            if outcome.duplicate_of is not None:
                r.near_duplicates += 1
            if outcome.date_is_fallback:
                r.notes["date_fallback"] += 1
        elif isinstance(outcome, Duplicate):
            self.sink.add_duplicate(outcome)
            r.duplicates += 1
            r.reasons[outcome.kind] += 1
        elif isinstance(outcome, Rejected):
            self.sink.add_rejected(outcome)  # skipped inputs are quarantine rows too (reason skipped_*)
            if outcome.skipped:
                r.skipped += 1
            else:
                r.quarantined += 1
            r.reasons[outcome.reason] += 1
        else:  # pragma: no cover - every branch above is exhaustive
            raise TypeError(f"unexpected outcome {outcome!r}")

    def save_fingerprints(self) -> None:
        pending = self.dedup.take_pending()
        if pending.num_rows:
            self.fingerprint_parts += 1
            stage_fingerprints(self.stage, self.fingerprint_parts, pending, self.dedup.fp.params)

    def close(self) -> None:
        self.sink.close()
        self.save_fingerprints()


def run_ingest(inputs: Sequence[str], *, lake: Path, config: Config, sources: Sequence[str] = (),
               progress: bool = True, now: dt.datetime | None = None,
               fetcher: Fetcher | None = None) -> IngestReport:
    """Ingest `inputs` (paths, directories, globs, URLs; `KIND:` prefixes allowed) and the
    configured `sources` into the lake; return the accounting of every record.

    The run is atomic (see `staging.py`): everything it writes is staged and published together
    after one commit point; a run that dies before it leaves nothing, and the next run (which
    first finishes or discards dead runs' output) takes exactly what was not committed.
    `fetcher` replaces the HTTP fetcher (tests); the caller keeps it open."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    lake = Path(lake)
    settings = ingest_settings(config)
    specs = resolve_inputs(list(inputs), select_sources(config, sources, bool(inputs)))
    report = IngestReport(new_run_id(now), now, [s.label or s.location for s in specs])
    with ingest_lock(lake):
        report.notes.update(recover(lake))
        fault_point("run_started")
        stage = RunStaging(lake, report.run_id)
        try:
            run = _ingest_staged(stage, specs, settings, now, report, progress, fetcher)
            stage.commit()
        except BaseException:
            if not stage.committed:
                stage.discard()  # nothing of a failed run reaches the lake
            raise
        published = stage.publish()
        fault_point("run_finished")
    if run.sink.already_quarantined:
        report.notes["already_in_quarantine"] = run.sink.already_quarantined
    report.files = [str(p) for p in published if not p.relative_to(lake).as_posix().startswith(STATE_DIR)]
    log.info(report.summary())
    return report


def _ingest_staged(stage: RunStaging, specs: list[InputSpec], settings: IngestSettings, now: dt.datetime,
                   report: IngestReport, progress: bool, fetcher: Fetcher | None) -> _Run:
    """Read every input and stage the run's whole output (articles, quarantine, state, run record)."""
    run = _Run(stage, settings, now, report)
    feed_state = read_feed_state(stage.lake)
    preparer = Preparer(settings, now)
    pool = _pool(settings, now)
    fetch_cm: contextlib.AbstractContextManager[Fetcher] = (
        contextlib.nullcontext(fetcher) if fetcher is not None else Fetcher(settings.http))
    with pool or contextlib.nullcontext(), fetch_cm as fetch, Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(), disable=not progress, transient=True,
    ) as bar:
        web = WebContext(fetch, run.dedup.seen_url, feed_state, workers=settings.http.concurrency)
        task = bar.add_task("ingest", total=None, counts="")
        for spec in specs:
            bar.update(task, description=f"ingest {spec.label or spec.location}"[:60])
            for prepared in _prepared(_batches(_safe_items(spec, settings, web)), preparer, pool):
                run.handle(prepared)
                skipped = f", {report.skipped:,} skipped" if report.skipped else ""
                bar.update(task, counts=f"{report.records_read:,} read, {report.accepted:,} accepted, "
                                        f"{report.duplicates:,} dup, {report.quarantined:,} quarantined{skipped}")
        run.close()
        report.notes.update(web.notes)
    stage_feed_state(stage, feed_state)
    report.finished_at = dt.datetime.now(dt.UTC) if now is None else max(now, dt.datetime.now(dt.UTC))
    stage.stage_partition("ingest_runs", now.date(), report.run_id, report.to_table(),
                          {"ingest_run_id": report.run_id}, point="run_record_staged")
    return run
