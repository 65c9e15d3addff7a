"""The extract step: code CAMEO events in article lake files and write `event_mentions` files.

One mention file per article file (`event_mentions/day=D/<same name>.parquet`), stamped with the
coder version and a hash of the article file's coded content (ids, titles, texts, dates), so
re-running only codes what changed. The stamp holds nothing run-specific: coding the same articles
gives byte-identical mention files, whichever ingest run wrote them (the article file is the one
with the same name under `articles/`). Articles that cannot be coded are quarantined (stage
`extract`), never dropped silently. A run first removes the temporary files killed writers left in
the lake.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from spacy.language import Language
from spacy.tokens import Doc

from schemas.codebook import lookup
from schemas.tables import EVENT_MENTIONS, QUARANTINE
from transforms import lake as lakeio
from transforms.coder import CODER_VERSION, build_nlp
from transforms.config import Config
from transforms.model import ActorMention, EventMention, register_extensions

#: Articles read together and sorted by length before they are cut into batches (one batch is one
#: nlp.pipe call and one worker task).
CHUNK_ARTICLES = 64

#: Output files handed to the writer thread and not yet written, at most.
WRITES_IN_FLIGHT = 16


@dataclass
class ExtractReport:
    """What one extract run did."""

    files: int = 0
    skipped_files: int = 0
    articles: int = 0
    sentences: int = 0
    events: int = 0
    quarantined: int = 0
    seconds: float = 0.0
    stale_temp_files: int = 0  # temporary files of killed writers removed from the lake at the start
    written: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return (
            f"extract: {self.files} files coded ({self.skipped_files} already current), {self.articles} articles, "
            f"{self.sentences} sentences, {self.events} event mentions, {self.quarantined} quarantined "
            f"in {self.seconds:.1f}s ({rate:.1f} articles/s, coder {CODER_VERSION})"
        )


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


#: The article columns whose values decide a mention file (what the coder reads, and the ids).
CODED_COLUMNS = ("article_id", "title", "text", "published_date")


def content_sha256(path: Path) -> str:
    """A hash of the coded content of an article file (`CODED_COLUMNS`, in row order): unlike the
    file's bytes it does not change with the ingest run that wrote the file."""
    table = lakeio.read_file(path).select(list(CODED_COLUMNS))
    h = hashlib.sha256()
    for name in CODED_COLUMNS:
        h.update(name.encode() + b"\x1e")
        for value in table.column(name).to_pylist():
            h.update(b"\x00" if value is None else str(value).encode("utf-8", "surrogatepass") + b"\x1f")
    return h.hexdigest()


def mention_path(lake: Path, article_file: lakeio.LakeFile) -> Path:
    return lakeio.partition_dir(lake, "event_mentions", article_file.day) / article_file.path.name


#: Package data folders whose contents change what the coder outputs.
CODER_DATA = (("transforms.actors", "dictionaries"), ("transforms.events", "patterns"), ("transforms", "data"))


def coder_fingerprint(config: Config) -> str:
    """A hash of everything that decides the coder's output besides the model: the coder version,
    the component settings, the shipped dictionaries/patterns and the user's extra files.

    Cheap (reads data files, loads no model); a mention file made under another fingerprint is stale.
    """
    h = hashlib.sha256(CODER_VERSION.encode())
    settings = component_settings(config)
    h.update(json.dumps(settings, sort_keys=True).encode())
    h.update(config.model.encode())
    for package, folder in CODER_DATA:
        base = resources.files(package).joinpath(folder)
        for entry in sorted(base.iterdir(), key=lambda e: e.name):
            if entry.is_file():
                h.update(entry.name.encode() + entry.read_bytes())
    for section in settings.values():
        for key in sorted(PATH_SETTINGS & section.keys()):
            values = section[key] if isinstance(section[key], list) else [section[key]]
            for v in values:
                p = Path(v)
                h.update(p.name.encode() + (p.read_bytes() if p.is_file() else b"<missing>"))
    return h.hexdigest()[:16]


def is_current(lake: Path, article_file: lakeio.LakeFile, fingerprint: str) -> bool:
    """True when the mention file exists and was made from this exact input with this exact coder."""
    out = mention_path(lake, article_file)
    if not out.exists():
        return False
    meta = lakeio.file_metadata(out)
    if meta.get("coder_version") != CODER_VERSION or meta.get("coder_fingerprint") != fingerprint:
        return False
    if "source_content_sha256" in meta:
        return meta["source_content_sha256"] == content_sha256(article_file.path)
    return meta.get("source_sha256") == file_sha256(article_file.path)  # written before content hashes


def pending_files(lake: Path, config: Config, *, force: bool = False,
                  days: tuple[dt.date, dt.date] | None = None) -> list[Path]:
    """Article lake files not yet coded with the current coder and data (all of them with `force`)."""
    fingerprint = coder_fingerprint(config)
    return [f.path for f in lakeio.list_files(lake, "articles", days)
            if force or not is_current(lake, f, fingerprint)]


def coded_text(title: str | None, text: str) -> str:
    """The text the coder sees: the headline as sentence 0, then the body (offsets refer to this)."""
    return f"{title.strip()}\n\n{text}" if title and title.strip() else text


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:24]


def _actor_cols(prefix: str, actor: ActorMention | None) -> dict[str, Any]:
    if actor is None:
        return {f"{prefix}_{k}": None for k in ("code", "name", "country_code", "known_group_code", "type1_code",
                                                 "char_offset")}
    return {
        f"{prefix}_code": actor.code,
        f"{prefix}_name": actor.text,
        f"{prefix}_country_code": actor.country_code,
        f"{prefix}_known_group_code": actor.known_group_code,
        f"{prefix}_type1_code": actor.agent_code,
        f"{prefix}_char_offset": actor.start_char,
    }


def mention_rows(doc: Doc, article_id: str, event_date: dt.date, dictionary_version: str) -> list[dict[str, Any]]:
    """Rows of `event_mentions` for one coded Doc."""
    from transforms.places import action_place

    events: list[EventMention] = doc._.events or []
    if not events:
        return []
    sents = list(doc.sents)
    rows = []
    for ev in events:
        sent = sents[ev.sentence_index]
        code = lookup(ev.event_code)
        place = action_place(sent, [a for a in (ev.source, ev.target) if a is not None])
        a1 = _actor_cols("actor1", ev.source)
        a2 = _actor_cols("actor2", ev.target)
        geo_country = place.country_code if place else None
        row: dict[str, Any] = {
            "mention_id": _digest(article_id, ev.sentence_index, ev.action_start_char, a1["actor1_code"],
                                  a1["actor1_char_offset"], a2["actor2_code"], a2["actor2_char_offset"],
                                  ev.event_code, ev.pattern_id),
            "event_id": _digest(event_date, a1["actor1_code"], a2["actor2_code"], ev.event_code, geo_country),
            "article_id": article_id,
            "sentence_index": ev.sentence_index,
            "event_date": event_date,
            **a1,
            **a2,
            "event_code": code.code,
            "event_base_code": code.base_code,
            "event_root_code": code.root_code,
            "quad_class": code.quad_class,
            "goldstein_scale": code.goldstein,
            "is_negated": ev.is_negated,
            "is_hypothetical": ev.is_hypothetical,
            "confidence": round(float(ev.confidence), 4),
            "sentence_text": sent.text,
            "action_char_offset": ev.action_start_char,
            "action_geo_type": place.geo_type if place else None,
            "action_geo_fullname": place.fullname if place else None,
            "action_geo_country_code": geo_country,
            "action_geo_lat": place.lat if place else None,
            "action_geo_long": place.long if place else None,
            "action_geo_feature_id": place.feature_id if place else None,
            "action_geo_char_offset": place.char_offset if place else None,
            "action_geo_is_fallback": place.is_fallback if place else None,
            "pattern_id": ev.pattern_id,
            "rule": ev.rule,
            "dictionary_version": dictionary_version,
            "coder_version": CODER_VERSION,
        }
        rows.append(row)
    return rows


def article_chars(article: dict[str, Any]) -> int:
    """An article's size for batching: characters of its title and text."""
    return len(article["text"]) + len(article["title"] or "")


def length_batches(indices: Sequence[int], articles: Sequence[dict[str, Any]], batch_size: int,
                   max_chars: int) -> list[list[int]]:
    """`indices` grouped into batches of at most `batch_size` articles and `max_chars` characters
    (an article longer than that is a batch of its own), after sorting them by length (ties by
    position).

    The character cap bounds a worker's peak memory (the parser's working memory grows with the
    characters of a batch). Sorting keeps batches full and puts articles of similar length together:
    the parser and the entity recognizer step through a batch until its longest text is done, so a
    batch of equal lengths wastes no steps on one long article beside short ones. Rows are collected
    by article index, so the order of coding does not change the output.
    """
    sizes = {i: article_chars(articles[i]) for i in indices}
    out: list[list[int]] = []
    batch: list[int] = []
    chars = 0
    for i in sorted(indices, key=lambda i: (sizes[i], i)):
        if batch and (len(batch) >= batch_size or chars + sizes[i] > max_chars):
            out.append(batch)
            batch, chars = [], 0
        batch.append(i)
        chars += sizes[i]
    if batch:
        out.append(batch)
    return out


@dataclass
class ChunkResult:
    """What a worker returns for one chunk of articles (plain data: picklable).

    Rows and failures are tagged with the index of the article in the chunk."""

    rows: list[tuple[int, dict[str, Any]]]
    failures: list[tuple[int, str, str]]  # (article index in chunk, reason, detail)
    sentences: int


class Coder:
    """A loaded pipeline plus the per-article bookkeeping around it."""

    def __init__(self, config: Config) -> None:
        register_extensions()
        self.batch_size, self.max_batch_chars = batch_limits(config)
        self.nlp: Language = build_nlp(config.model, component_settings(config))
        self.dictionary_version = dictionary_version(self.nlp)

    def _docs(self, articles: Sequence[dict[str, Any]]) -> Iterator[Doc]:
        for art in articles:
            doc = self.nlp.make_doc(coded_text(art["title"], art["text"]))
            doc._.event_date = art["published_date"]
            yield doc

    def code(self, articles: Sequence[dict[str, Any]]) -> ChunkResult:
        """Code a chunk of article rows; an article that fails is reported, not raised."""
        rows: list[tuple[int, dict[str, Any]]] = []
        failures: list[tuple[int, str, str]] = []
        sentences = 0
        ok: list[int] = []
        for i, a in enumerate(articles):
            size = len(coded_text(a["title"], a["text"]))
            if size >= self.nlp.max_length:
                failures.append((i, "text_too_long_for_model",
                                 f"{size} characters; the model accepts at most {self.nlp.max_length}"))
            else:
                ok.append(i)
        done: set[int] = set()  # Docs are consumed as they stream out of nlp.pipe: one batch alive at a time
        try:
            for batch in self._batches(ok, articles):
                docs = self.nlp.pipe(self._docs([articles[i] for i in batch]), batch_size=len(batch))
                for i, doc in zip(batch, docs, strict=True):
                    sentences += self._collect(i, articles[i], doc, rows)
                    done.add(i)
        except Exception:
            rest = [i for i in ok if i not in done]
            for i, maybe in zip(rest, self._one_by_one(rest, articles, failures), strict=True):
                if maybe is not None:
                    sentences += self._collect(i, articles[i], maybe, rows)
        return ChunkResult(rows, failures, sentences)

    def _batches(self, indices: Sequence[int], articles: Sequence[dict[str, Any]]) -> list[list[int]]:
        return length_batches(indices, articles, self.batch_size, self.max_batch_chars)

    def _collect(self, i: int, art: dict[str, Any], doc: Doc, rows: list[tuple[int, dict[str, Any]]]) -> int:
        """Append the mention rows of one coded Doc; return its sentence count."""
        rows.extend((i, r) for r in mention_rows(doc, art["article_id"], art["published_date"],
                                                 self.dictionary_version))
        return sum(1 for _ in doc.sents)

    def _one_by_one(self, indices: Sequence[int], articles: Sequence[dict[str, Any]],
                    failures: list[tuple[int, str, str]]) -> list[Doc | None]:
        out: list[Doc | None] = []
        for i in indices:
            doc = next(self._docs([articles[i]]))
            try:
                out.append(self.nlp(doc))
            except Exception as exc:
                failures.append((i, "coder_error", f"{type(exc).__name__}: {exc}"))
                out.append(None)
        return out


def batch_limits(config: Config) -> tuple[int, int]:
    """`[coder] batch_size` (articles) and `max_batch_chars` (characters) of one nlp.pipe batch."""
    coder_cfg = config.section("coder")
    return int(coder_cfg.get("batch_size", 32)), int(coder_cfg.get("max_batch_chars", 60_000))


#: Component settings that name files: relative paths are resolved against the config file.
PATH_SETTINGS = {"extra_files", "extra_dictionaries", "extra_patterns", "patterns_dir", "controls"}


def dictionary_version(nlp: Language) -> str:
    """`actors:<hash>+events:<hash>`: content hashes of the dictionaries and patterns in use."""
    parts = []
    for name, short in (("cameo_actors", "actors"), ("cameo_events", "events")):
        if name in nlp.pipe_names:
            parts.append(f"{short}:{getattr(nlp.get_pipe(name), 'version', 'unknown')}")
    return "+".join(parts)


def component_settings(config: Config) -> dict[str, dict[str, Any]]:
    """Component configs from `[coder.actors]` and `[coder.events]`, paths resolved."""
    coder_cfg = config.section("coder")

    def resolved(section: dict[str, Any]) -> dict[str, Any]:
        out = dict(section)
        for key in PATH_SETTINGS & out.keys():
            value = out[key]
            if isinstance(value, list):
                out[key] = [str(config.resolve(v)) for v in value]
            elif value:
                out[key] = str(config.resolve(value))
        return out

    return {"cameo_actors": resolved(coder_cfg.get("actors", {})),
            "cameo_events": resolved(coder_cfg.get("events", {}))}


# --- worker processes -------------------------------------------------------------------------

_WORKER: Coder | None = None


def _init_worker(config: Config) -> None:
    global _WORKER
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _WORKER = Coder(config)


def _code_in_worker(articles: list[dict[str, Any]]) -> ChunkResult:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.code(articles)


def _article_rows(path: Path) -> list[dict[str, Any]]:
    table = lakeio.read_file(path).select(["article_id", "title", "text", "published_date", "ingested_at",
                                           "ingest_run_id"])
    return table.to_pylist()


def _write_outputs(lake: Path, article_file: lakeio.LakeFile, rows: list[dict[str, Any]],
                   failures: list[tuple[dict[str, Any], str, str]], fingerprint: str) -> Path:
    """Write the mention file (and the extract quarantine file) of one article file.

    Deterministic: rows are sorted, timestamps come from the articles and the metadata holds nothing
    run-specific (no file name, no file hash), so coding the same articles gives byte-identical
    mention files. A quarantine file left by an earlier run is replaced (by an empty one when every
    article is now coded), so stale rejections do not survive a successful re-code.
    """
    rows.sort(key=lambda r: (r["article_id"], r["sentence_index"], r["action_char_offset"], r["mention_id"]))
    table = pa.Table.from_pylist(rows, schema=EVENT_MENTIONS)
    meta = {"coder_version": CODER_VERSION, "coder_fingerprint": fingerprint,
            "source_content_sha256": content_sha256(article_file.path)}
    source_file = article_file.path.relative_to(lake).as_posix()
    q_name = f"extract-{article_file.name}"
    q_path = lakeio.partition_dir(lake, "quarantine", article_file.day) / f"{q_name}.parquet"
    if failures or q_path.exists():
        q = pa.Table.from_pylist([
            {"quarantine_id": _digest("extract", art["article_id"], reason),
             "ingest_run_id": art.get("ingest_run_id") or article_file.name,
             "stage": "extract", "reason": reason, "detail": detail, "input_name": source_file,
             "record_number": None, "raw_record": art["text"].encode()[: 1 << 20],
             "raw_size": len(art["text"].encode()), "language": None,
             "quarantined_at": art["ingested_at"], "quarantined_date": article_file.day}
            for art, reason, detail in sorted(failures, key=lambda f: (f[0]["article_id"], f[1]))
        ], schema=QUARANTINE)
        lakeio.write_partition(lake, "quarantine", article_file.day, q_name, q)
    out = lakeio.write_partition(lake, "event_mentions", article_file.day, article_file.name, table, meta)
    return out.path


@dataclass
class _FileState:
    """Results collected for one article file until all its articles are coded."""

    file: lakeio.LakeFile
    remaining: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    failures: list[tuple[dict[str, Any], str, str]] = field(default_factory=list)


Chunk = list[tuple[_FileState, dict[str, Any]]]


def _chunk_stream(todo: Sequence[lakeio.LakeFile], empty: list[_FileState]) -> Iterator[Chunk]:
    """Articles of all files in chunks of CHUNK_ARTICLES, reading one file at a time."""
    buf: Chunk = []
    for f in todo:
        articles = _article_rows(f.path)
        st = _FileState(f, len(articles))
        if not articles:
            empty.append(st)
        for a in articles:
            buf.append((st, a))
            if len(buf) == CHUNK_ARTICLES:
                yield buf
                buf = []
    if buf:
        yield buf


def _select(lake: Path, days: tuple[dt.date, dt.date] | None, files: Sequence[Path] | None,
            force: bool, fingerprint: str) -> tuple[list[lakeio.LakeFile], int]:
    all_files = list(lakeio.list_files(lake, "articles", days))
    if files is None:
        todo = [f for f in all_files if force or not is_current(lake, f, fingerprint)]
        return todo, len(all_files) - len(todo)
    wanted = {Path(f).resolve() for f in files}
    todo = [f for f in all_files if f.path.resolve() in wanted]
    missing = wanted - {f.path.resolve() for f in todo}
    if missing:
        raise FileNotFoundError(f"not article files of lake {lake}: {', '.join(map(str, sorted(missing)))}")
    return todo, 0


def run_extract(lake: Path, config: Config, *, workers: int = 1, force: bool = False,
                days: tuple[dt.date, dt.date] | None = None, files: Sequence[Path] | None = None,
                progress: bool = True, coder: Coder | None = None) -> ExtractReport:
    """Code every pending article file (or the `files` given) and write its mention file.

    `coder` reuses an already loaded pipeline (notebooks, tests) when running in this process.

    Articles of all files are coded in chunks (so small daily files still batch well and keep every
    worker busy), each cut into length-sorted batches, at most a few batches in flight (memory stays
    flat however large the backlog); a file's mention file is written as soon as its last article is
    coded, by a background thread.
    """
    started = time.perf_counter()
    report = ExtractReport()
    report.stale_temp_files = len(lakeio.remove_stale_temp_files(lake, started=time.time()))
    fingerprint = coder_fingerprint(config)
    todo, report.skipped_files = _select(lake, days, files, force, fingerprint)
    total = sum(pq.ParquetFile(f.path).metadata.num_rows for f in todo)
    empty: list[_FileState] = []

    # Files are written by one background thread, so Parquet encoding and the fsyncs of atomic
    # writes overlap with coding; at most WRITES_IN_FLIGHT files wait (memory stays flat) and a
    # failed write stops the run at the next file.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evw-extract-write")
    writes: deque[Future[Path]] = deque()

    def finish(st: _FileState) -> None:
        while writes and (writes[0].done() or len(writes) >= WRITES_IN_FLIGHT):
            report.written.append(writes.popleft().result())
        writes.append(writer.submit(_write_outputs, lake, st.file, st.rows, st.failures, fingerprint))
        report.files += 1
        report.events += len(st.rows)
        report.quarantined += len(st.failures)

    def collect(chunk: Chunk, res: ChunkResult) -> None:
        report.sentences += res.sentences
        for i, row in res.rows:
            chunk[i][0].rows.append(row)
        for i, reason, detail in res.failures:
            chunk[i][0].failures.append((chunk[i][1], reason, detail))
        for st, _ in chunk:
            st.remaining -= 1
            if st.remaining == 0:
                finish(st)
        report.articles += len(chunk)

    executor: ProcessPoolExecutor | None = None
    if workers > 1 and total > CHUNK_ARTICLES:
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                       initializer=_init_worker, initargs=(config,))
    elif total and coder is None:
        coder = Coder(config)
    # Each task is one nlp.pipe batch, formed over a chunk of articles sorted by length: batches
    # stay large and even, and the last tasks are small, so workers finish together.
    limits = (coder.batch_size, coder.max_batch_chars) if coder is not None else batch_limits(config)
    columns = (TextColumn("[bold]coding events"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
               TimeElapsedColumn())
    in_flight: deque[tuple[Chunk, Future[ChunkResult]]] = deque()
    try:
        with Progress(*columns, disable=not progress, transient=True) as bar:
            task = bar.add_task("extract", total=total)
            for chunk in _chunk_stream(todo, empty):
                for batch in length_batches(range(len(chunk)), [a for _, a in chunk], *limits):
                    part = [chunk[i] for i in batch]
                    payload = [a for _, a in part]
                    if executor is None:
                        assert coder is not None
                        collect(part, coder.code(payload))
                        bar.advance(task, len(part))
                        continue
                    in_flight.append((part, executor.submit(_code_in_worker, payload)))
                    while len(in_flight) > 2 * workers:
                        done_chunk, fut = in_flight.popleft()
                        collect(done_chunk, fut.result())
                        bar.advance(task, len(done_chunk))
            while in_flight:
                done_chunk, fut = in_flight.popleft()
                collect(done_chunk, fut.result())
                bar.advance(task, len(done_chunk))
        for st in empty:
            finish(st)
        while writes:
            report.written.append(writes.popleft().result())
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
        writer.shutdown(wait=True, cancel_futures=True)
    report.seconds = time.perf_counter() - started
    return report
