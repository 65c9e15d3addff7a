"""The extract step: code CAMEO events in article lake files and write `event_mentions` files.

One mention file per article file (`event_mentions/day=D/<same name>.parquet`), stamped with the
coder version and the article file's hash, so re-running only codes what changed. Articles that
cannot be coded are quarantined (stage `extract`), never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pyarrow as pa
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from spacy.language import Language
from spacy.tokens import Doc

from schemas.codebook import lookup
from schemas.tables import EVENT_MENTIONS, QUARANTINE
from transforms import lake as lakeio
from transforms.coder import CODER_VERSION, build_nlp
from transforms.config import Config
from transforms.model import ActorMention, EventMention, register_extensions

#: Articles coded per worker task / nlp.pipe call.
CHUNK_ARTICLES = 64


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


def mention_path(lake: Path, article_file: lakeio.LakeFile) -> Path:
    return lakeio.partition_dir(lake, "event_mentions", article_file.day) / article_file.path.name


def is_current(lake: Path, article_file: lakeio.LakeFile) -> bool:
    """True when the mention file exists, was made by this coder version from this exact input."""
    out = mention_path(lake, article_file)
    if not out.exists():
        return False
    meta = lakeio.file_metadata(out)
    return meta.get("coder_version") == CODER_VERSION and meta.get("source_sha256") == file_sha256(article_file.path)


def pending_files(lake: Path, config: Config | None = None, *, force: bool = False,
                  days: tuple[dt.date, dt.date] | None = None) -> list[Path]:
    """Article lake files not yet coded with the current coder version (all of them with `force`)."""
    return [f.path for f in lakeio.list_files(lake, "articles", days) if force or not is_current(lake, f)]


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


@dataclass
class ChunkResult:
    """What a worker returns for one chunk of articles (plain data: picklable)."""

    rows: list[dict[str, Any]]
    failures: list[tuple[str, str, str]]  # (article_id, reason, detail)
    articles: int
    sentences: int


class Coder:
    """A loaded pipeline plus the per-article bookkeeping around it."""

    def __init__(self, config: Config) -> None:
        register_extensions()
        coder_cfg = config.section("coder")
        self.batch_size = int(coder_cfg.get("batch_size", 32))
        self.nlp: Language = build_nlp(config.model, component_settings(config))
        self.dictionary_version = str(coder_cfg.get("dictionary_version", CODER_VERSION))

    def _docs(self, articles: Sequence[dict[str, Any]]) -> Iterator[Doc]:
        for art in articles:
            doc = self.nlp.make_doc(coded_text(art["title"], art["text"]))
            doc._.event_date = art["published_date"]
            yield doc

    def code(self, articles: Sequence[dict[str, Any]]) -> ChunkResult:
        """Code a chunk of article rows; an article that fails is reported, not raised."""
        rows: list[dict[str, Any]] = []
        failures: list[tuple[str, str, str]] = []
        sentences = 0
        too_long = [a for a in articles if len(coded_text(a["title"], a["text"])) >= self.nlp.max_length]
        for a in too_long:
            failures.append((a["article_id"], "text_too_long_for_model",
                             f"{len(a['text'])} characters; the model accepts at most {self.nlp.max_length}"))
        ok = [a for a in articles if a not in too_long]
        try:
            docs = list(self.nlp.pipe(self._docs(ok), batch_size=self.batch_size))
            pairs: Iterable[tuple[dict[str, Any], Doc | None]] = zip(ok, docs, strict=True)
        except Exception:
            pairs = self._one_by_one(ok, failures)
        for art, doc in pairs:
            if doc is None:
                continue
            sentences += sum(1 for _ in doc.sents)
            rows.extend(mention_rows(doc, art["article_id"], art["published_date"], self.dictionary_version))
        return ChunkResult(rows, failures, len(articles), sentences)

    def _one_by_one(self, articles: Sequence[dict[str, Any]],
                    failures: list[tuple[str, str, str]]) -> list[tuple[dict[str, Any], Doc | None]]:
        out: list[tuple[dict[str, Any], Doc | None]] = []
        for art, doc in zip(articles, self._docs(articles), strict=True):
            try:
                out.append((art, self.nlp(doc)))
            except Exception as exc:
                failures.append((art["article_id"], "coder_error", f"{type(exc).__name__}: {exc}"))
                out.append((art, None))
        return out


def component_settings(config: Config) -> dict[str, dict[str, Any]]:
    """Component configs from `[coder.actors]` and `[coder.events]`."""
    coder_cfg = config.section("coder")
    return {"cameo_actors": dict(coder_cfg.get("actors", {})), "cameo_events": dict(coder_cfg.get("events", {}))}


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
    table = lakeio.read_file(path).select(["article_id", "title", "text", "published_date"])
    return table.to_pylist()


def _chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i:i + size] for i in range(0, len(rows), size)]


def _write_outputs(lake: Path, article_file: lakeio.LakeFile, rows: list[dict[str, Any]],
                   failures: list[tuple[str, str, str]], articles: list[dict[str, Any]]) -> Path:
    now = dt.datetime.now(dt.UTC)
    rows.sort(key=lambda r: (r["article_id"], r["sentence_index"], r["action_char_offset"], r["mention_id"]))
    table = pa.Table.from_pylist(rows, schema=EVENT_MENTIONS)
    meta = {"coder_version": CODER_VERSION, "source_file": str(article_file.path.relative_to(lake)),
            "source_sha256": file_sha256(article_file.path)}
    if failures:
        by_id = {a["article_id"]: a for a in articles}
        q = pa.Table.from_pylist([
            {"quarantine_id": _digest("extract", aid, reason), "ingest_run_id": article_file.name,
             "stage": "extract", "reason": reason, "detail": detail, "input_name": meta["source_file"],
             "record_number": None, "raw_record": by_id[aid]["text"].encode()[: 1 << 20],
             "raw_size": len(by_id[aid]["text"].encode()), "language": None,
             "quarantined_at": now, "quarantined_date": article_file.day}
            for aid, reason, detail in failures
        ], schema=QUARANTINE)
        lakeio.write_partition(lake, "quarantine", article_file.day, f"extract-{article_file.name}", q)
    out = lakeio.write_partition(lake, "event_mentions", article_file.day, article_file.name, table, meta)
    return out.path


def run_extract(lake: Path, config: Config, *, workers: int = 1, force: bool = False,
                days: tuple[dt.date, dt.date] | None = None, files: Sequence[Path] | None = None,
                progress: bool = True) -> ExtractReport:
    """Code every pending article file (or the `files` given) and write its mention file."""
    started = time.perf_counter()
    report = ExtractReport()
    all_files = list(lakeio.list_files(lake, "articles", days))
    if files is not None:
        wanted = {Path(f).resolve() for f in files}
        todo = [f for f in all_files if f.path.resolve() in wanted]
        missing = wanted - {f.path.resolve() for f in todo}
        if missing:
            raise FileNotFoundError(f"not article files of lake {lake}: {', '.join(map(str, sorted(missing)))}")
    else:
        todo = [f for f in all_files if force or not is_current(lake, f)]
        report.skipped_files = len(all_files) - len(todo)
    if not todo:
        report.seconds = time.perf_counter() - started
        return report

    file_rows = [(f, _article_rows(f.path)) for f in todo]
    total = sum(len(r) for _, r in file_rows)
    executor: ProcessPoolExecutor | None = None
    coder: Coder | None = None
    if workers > 1:
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                       initializer=_init_worker, initargs=(config,))
    else:
        coder = Coder(config)
    columns = (TextColumn("[bold]coding events"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
               TimeElapsedColumn())
    try:
        with Progress(*columns, disable=not progress, transient=True) as bar:
            task = bar.add_task("extract", total=total)
            for article_file, articles in file_rows:
                chunks = _chunks(articles, CHUNK_ARTICLES)
                results: Iterable[ChunkResult]
                if executor is not None:
                    results = executor.map(_code_in_worker, chunks)
                else:
                    assert coder is not None
                    results = (coder.code(c) for c in chunks)
                rows: list[dict[str, Any]] = []
                failures: list[tuple[str, str, str]] = []
                for res in results:
                    rows.extend(res.rows)
                    failures.extend(res.failures)
                    report.articles += res.articles
                    report.sentences += res.sentences
                    bar.advance(task, res.articles)
                report.written.append(_write_outputs(lake, article_file, rows, failures, articles))
                report.events += len(rows)
                report.quarantined += len(failures)
                report.files += 1
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    report.seconds = time.perf_counter() - started
    return report
