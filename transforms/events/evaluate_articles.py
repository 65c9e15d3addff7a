"""`evw eval GOLD --kind articles`: the coder against the article-level gold
(`tests/gold/wikinews_articles.jsonl`, format in `tests/gold/ARTICLES.md`), each article coded as
the extract step codes it (`title + "\\n\\n" + text`, event date = the published date).

Scoring, per article and sentence, with set semantics like `evaluate.score` (identical keys
collapse), at three levels: root + country dyad, root + country/agent dyad, full code + country
dyad (one-sided events: target None). Recall = matched gold real events / gold real events;
precision = matched real predictions / real predictions, where a real prediction matching only a
gold hypothetical or negated event is neutral (neither TP nor FP; counted apart). Gold events are
placed in the coder's sentence that holds their trigger when their `sentence` index does not.

`run_articles` needs spaCy; `score_articles` and everything it calls are pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from spacy.language import Language

from transforms.events.gold_articles import (
    ArticleEvent,
    CorpusArticle,
    GoldArticle,
    read_articles_gold,
    read_corpus,
    select_split,
)
from transforms.model import EventMention, register_extensions
from transforms.scoring import LEVELS, Key, KeyFn
from transforms.scoring import Counts as Score

#: the levels of the sentence-level evaluation without full code + country+agent
ARTICLE_LEVELS: dict[str, KeyFn] = {k: LEVELS[k] for k in (
    "root + dyad (country)", "root + dyad (country+agent)", "full code + dyad (country)")}


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """The coder's output for one article: sentence character spans (and texts, read at run time
    from the corpus, for `--errors`) and all events, real or not."""

    article_id: str
    sentences: tuple[tuple[int, int], ...]
    events: tuple[EventMention, ...]
    texts: tuple[str, ...] = ()


@dataclass
class ArticleRow:
    article_id: str
    split: str
    sentences: int = 0
    gold_real: int = 0  # gold events (not keys) of modality real
    gold_other: int = 0  # ... hypothetical or negated
    predicted: int = 0  # real predictions (events, not keys)
    tp: int = 0  # first level, keys
    fp: int = 0
    fn: int = 0
    neutral: int = 0


@dataclass
class ArticlesReport:
    name: str
    split: str
    articles: int = 0
    sentences: int = 0
    gold_real: int = 0
    gold_hypothetical: int = 0
    gold_negated: int = 0
    predicted_real: int = 0
    predicted_other: int = 0  # negated or hypothetical predictions (not scored as events)
    moved: int = 0  # gold events placed in another sentence than their `sentence` index (trigger offset)
    levels: dict[str, Score] = field(default_factory=dict)
    neutral: Counter[str] = field(default_factory=Counter)  # level -> real predictions matching non-real gold
    per_root: dict[str, Score] = field(default_factory=dict)  # first level
    per_root_neutral: Counter[str] = field(default_factory=Counter)
    modality_total: int = 0  # distinct non-real gold keys (first level) with no real gold twin
    modality_flagged: int = 0  # ... the coder also produced, flagged negated/hypothetical
    rows: list[ArticleRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def events_per_article(self) -> tuple[float, float]:
        """Mean gold real events and real predictions per article."""
        n = self.articles or 1
        return self.gold_real / n, self.predicted_real / n


def gold_sentence_index(event: ArticleEvent, sentences: Sequence[tuple[int, int]]) -> int:
    """The coder's sentence of a gold event: its `sentence` index when that sentence holds the
    trigger start, else the sentence that does (else the index as given)."""
    start = event.trigger[0]
    if 0 <= event.sentence < len(sentences) and sentences[event.sentence][0] <= start < sentences[event.sentence][1]:
        return event.sentence
    return next((i for i, (a, b) in enumerate(sentences) if a <= start < b), event.sentence)


def _keys(events: Iterable[tuple[str | None, str | None, str]], fn: KeyFn) -> set[Key]:
    return {fn(s, t, c) for s, t, c in events}


def _fmt(keys: Iterable[Key]) -> str:
    return ", ".join(f"{s or '-'}>{t or '-'} {c}" for s, t, c in sorted(keys, key=str)) or "-"


def _triples(events: Iterable[EventMention]) -> list[tuple[str | None, str | None, str]]:
    return [(e.source.code if e.source else None, e.target.code if e.target else None, e.event_code) for e in events]


def _score_article(report: ArticlesReport, gold: GoldArticle, coded: CodedArticle) -> None:
    row = ArticleRow(gold.article_id, gold.split, len(coded.sentences))
    by_sentence: dict[int, list[ArticleEvent]] = {}
    for ev in gold.events:
        si = gold_sentence_index(ev, coded.sentences)
        report.moved += si != ev.sentence
        by_sentence.setdefault(si, []).append(ev)
    pred_by_sentence: dict[int, list[EventMention]] = {}
    for pe in coded.events:
        pred_by_sentence.setdefault(pe.sentence_index, []).append(pe)
    first = next(iter(ARTICLE_LEVELS))
    for si in sorted(by_sentence.keys() | pred_by_sentence.keys()):
        gold_here = by_sentence.get(si, [])
        real_gold = [(e.source, e.target, e.code) for e in gold_here if e.modality == "real"]
        other_gold = [(e.source, e.target, e.code) for e in gold_here if e.modality != "real"]
        preds = pred_by_sentence.get(si, [])
        real_pred = _triples(p for p in preds if not p.is_negated and not p.is_hypothetical)
        flagged_pred = _triples(p for p in preds if p.is_negated or p.is_hypothetical)
        row.gold_real += len(real_gold)
        row.gold_other += len(other_gold)
        row.predicted += len(real_pred)
        report.predicted_other += len(flagged_pred)
        for level, fn in ARTICLE_LEVELS.items():
            gk, nk, pk = _keys(real_gold, fn), _keys(other_gold, fn), _keys(real_pred, fn)
            tp, neutral, fp, fn_ = pk & gk, (pk - gk) & nk, pk - gk - nk, gk - pk
            sc = report.levels[level]
            sc.tp += len(tp)
            sc.fp += len(fp)
            sc.fn += len(fn_)
            report.neutral[level] += len(neutral)
            if level != first:
                continue
            row.tp, row.fp, row.fn, row.neutral = (row.tp + len(tp), row.fp + len(fp), row.fn + len(fn_),
                                                   row.neutral + len(neutral))
            for k in gk | pk:
                r = report.per_root.setdefault(k[2][:2], Score())
                r.tp += k in tp
                r.fp += k in fp
                r.fn += k in fn_
                report.per_root_neutral[k[2][:2]] += k in neutral
            only_other = nk - gk
            report.modality_total += len(only_other)
            report.modality_flagged += len(only_other & _keys(flagged_pred, fn))
            if fn_ or fp or neutral:
                text = coded.texts[si] if 0 <= si < len(coded.texts) else ""
                report.errors.append(f"{gold.article_id} #{si} [{gold.split}]: missed {_fmt(fn_)} | extra {_fmt(fp)}"
                                     f" | neutral {_fmt(neutral)} | {' '.join(text.split())}")
    report.articles += 1
    report.sentences += row.sentences
    report.gold_real += row.gold_real
    report.gold_hypothetical += sum(e.modality == "hypothetical" for e in gold.events)
    report.gold_negated += sum(e.modality == "negated" for e in gold.events)
    report.predicted_real += row.predicted
    report.rows.append(row)


def score_articles(name: str, split: str, gold: Sequence[GoldArticle],
                   coded: Mapping[str, CodedArticle]) -> ArticlesReport:
    """The report of the gold articles of `split` (`dev`, `test`, `all`), coded as `coded[article_id]`."""
    report = ArticlesReport(name, split, levels={k: Score() for k in ARTICLE_LEVELS})
    for g in select_split(gold, split):
        _score_article(report, g, coded[g.article_id])
    report.per_root = dict(sorted(report.per_root.items()))
    return report


def run_articles(nlp: Language, articles: Sequence[CorpusArticle], show_progress: bool = True) -> list[CodedArticle]:
    """Code each article as the extract step does (headline as sentence 0, published date as event date)."""
    from transforms.extract import coded_text

    register_extensions()
    docs = []
    for a in articles:
        doc = nlp.make_doc(coded_text(a.title, a.text))
        doc._.event_date = a.published
        docs.append(doc)
    out: list[CodedArticle] = []
    with Progress(TextColumn("coding gold articles"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  disable=not show_progress, transient=True) as bar:
        task = bar.add_task("code", total=len(docs))
        for a, doc in zip(articles, nlp.pipe(docs, batch_size=16), strict=True):
            sents = list(doc.sents)
            out.append(CodedArticle(a.id, tuple((s.start_char, s.end_char) for s in sents),
                                    tuple(doc._.events or []), tuple(s.text for s in sents)))
            bar.advance(task)
    return out


def evaluate_articles(nlp: Language, gold_path: Path, corpus_path: Path, split: str = "all",
                      show_progress: bool = True) -> list[ArticlesReport]:
    """Reports for `split`; for `all`, one for each half and one for both (in that order)."""
    gold = select_split(read_articles_gold(gold_path), split)
    corpus = read_corpus(corpus_path, {g.article_id for g in gold})
    coded = {c.article_id: c for c in run_articles(nlp, [corpus[g.article_id] for g in gold], show_progress)}
    splits = ["dev", "test", "all"] if split == "all" else [split]
    return [score_articles(gold_path.name, s, gold, coded) for s in splits]
