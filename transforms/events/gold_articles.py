"""Readers for the article-level gold (`tests/gold/wikinews_articles.jsonl`, format in
`tests/gold/ARTICLES.md`) and for the corpus its offsets refer to
(`../shared/corpus/wikinews-2019-2020.jsonl`: id, title, text, published).

The gold stores offsets and codes only; article texts are read from the corpus at run time.
Bad lines raise `GoldError("file:line: reason")`; nothing is scored here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transforms.events.gold import GoldError, jsonl_rows

MODALITIES = ("real", "hypothetical", "negated")
SPLITS = ("dev", "test")


@dataclass(frozen=True, slots=True)
class ArticleEvent:
    sentence: int  # index into the coder's doc.sents of title + "\n\n" + text
    code: str  # CAMEO code
    source: str | None  # CAMEO actor code
    target: str | None  # None: a one-sided event
    trigger: tuple[int, int]  # [start, end) character offsets in the coded text
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    modality: str = "real"  # real | hypothetical | negated


@dataclass(frozen=True, slots=True)
class GoldArticle:
    article_id: str
    split: str  # dev | test
    events: tuple[ArticleEvent, ...]


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    id: str
    title: str
    text: str
    published: dt.date | None


def _offsets(value: object, key: str, where: str) -> tuple[int, int]:
    if (not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool)
                                                                   for v in value) or not 0 <= value[0] <= value[1]):
        raise GoldError(f"{where}: `{key}` must be [start, end) character offsets, got {value!r}")
    return value[0], value[1]


def _optional_offsets(value: object, key: str, where: str) -> tuple[int, int] | None:
    return None if value is None else _offsets(value, key, where)


def _article_event(obj: object, where: str) -> ArticleEvent:
    if not isinstance(obj, dict):
        raise GoldError(f"{where}: each event must be an object")
    sentence = obj.get("sentence")
    if isinstance(sentence, bool) or not isinstance(sentence, int) or sentence < 0:
        raise GoldError(f"{where}: `sentence` must be a sentence index >= 0, got {sentence!r}")
    code = obj.get("code")
    if not isinstance(code, str) or not code.isdigit() or not 2 <= len(code) <= 4:
        raise GoldError(f"{where}: `code` must be a CAMEO code string, got {code!r}")
    modality = obj.get("modality", "real")
    if modality not in MODALITIES:
        raise GoldError(f"{where}: `modality` must be one of {', '.join(MODALITIES)}, got {modality!r}")
    src, tgt = obj.get("source"), obj.get("target")
    return ArticleEvent(
        sentence=sentence, code=code, source=str(src) if src else None, target=str(tgt) if tgt else None,
        trigger=_offsets(obj.get("trigger"), "trigger", where),
        source_span=_optional_offsets(obj.get("source_span"), "source_span", where),
        target_span=_optional_offsets(obj.get("target_span"), "target_span", where), modality=str(modality),
    )


def read_articles_gold(path: Path) -> list[GoldArticle]:
    """All annotated articles of an article gold JSONL file, in file order."""
    out: list[GoldArticle] = []
    seen: set[str] = set()
    for where, row in jsonl_rows(path):
        if not isinstance(row, dict) or not isinstance(row.get("article_id"), str) or not isinstance(
                row.get("events"), list):
            raise GoldError(f"{where}: need an object with `article_id` (string) and `events` (list)")
        if row.get("split") not in SPLITS:
            raise GoldError(f"{where}: `split` must be dev or test, got {row.get('split')!r}")
        if row["article_id"] in seen:
            raise GoldError(f"{where}: article {row['article_id']} annotated twice")
        seen.add(row["article_id"])
        out.append(GoldArticle(row["article_id"], row["split"],
                               tuple(_article_event(e, where) for e in row["events"])))
    return out


def select_split(articles: Sequence[GoldArticle], split: str) -> list[GoldArticle]:
    """The articles of one half (`dev`, `test`) or all of them (`all`)."""
    if split == "all":
        return list(articles)
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: use dev, test or all")
    return [a for a in articles if a.split == split]


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def read_corpus(path: Path, ids: Iterable[str] | None = None) -> dict[str, CorpusArticle]:
    """Corpus articles by id (only `ids` when given; every one of them must be present)."""
    wanted = set(ids) if ids is not None else None
    out: dict[str, CorpusArticle] = {}
    for where, row in jsonl_rows(path):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise GoldError(f"{where}: need an object with `id`, `title`, `text`, `published`")
        if wanted is not None and row["id"] not in wanted:
            continue
        out[row["id"]] = CorpusArticle(row["id"], str(row.get("title") or ""), str(row.get("text") or ""),
                                       _date(row.get("published")))
    missing = sorted((wanted or set()) - out.keys())
    if missing:
        raise GoldError(f"{path.name}: {len(missing)} gold article(s) not in the corpus, e.g. {missing[0]}")
    return out
