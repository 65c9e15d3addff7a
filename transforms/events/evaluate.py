"""`evw eval GOLD`: scores the event coder against a gold set and prints precision/recall/F1.

Levels: root + (source country, target country); root + country/agent dyad; full code + country/
agent dyad; and a per-root table. Team JSONL, PLOVER GSR records (CAMEO mapped to PLOVER
categories) and PETRARCH-2 GSR XML are read by `gold.py`. Two more kinds have their own modules:
`--kind penta` (sentence classes, `gold_penta.py` / `evaluate_penta.py`) and `--kind articles`
(article-level events, `gold_articles.py` / `evaluate_articles.py`). Scoring functions are pure;
only the command prints. Must not change the gold files.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from spacy.language import Language

from transforms.events.evaluate_articles import ARTICLE_LEVELS, ArticlesReport, evaluate_articles
from transforms.events.evaluate_penta import ACTORS_DISAGREE, PentaReport, evaluate_penta
from transforms.events.gold import (
    GoldSentence,
    read_cameo_to_plover,
    read_petrarch_gsr,
    read_plover,
    read_team_gold,
)
from transforms.events.gold_penta import PENTA_NAMES, PENTA_ROOTS, read_penta_gold
from transforms.model import ActorMention, EventMention, register_extensions
from transforms.scoring import LEVELS, Key, KeyFn, country_part
from transforms.scoring import Counts as Score

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEFAULT_CROSSWALK = SHARED / "cameo" / "CAMEO2PLOVER-2021.txt"
#: PLOVER GSR 0.5 category names -> the 2021 crosswalk's names
PLOVER_ALIASES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
#: CAMEO roots the 2021 crosswalk leaves out, mapped as PLOVER 0.5 did (appeals are requests)
PLOVER_EXTRA = {"02": "REQUEST"}

@dataclass(frozen=True, slots=True)
class Predicted:
    source: str | None
    target: str | None
    code: str
    negated: bool
    hypothetical: bool


@dataclass
class Report:
    name: str
    sentences: int
    levels: dict[str, Score]
    per_root: dict[str, Score]
    negated_found: int = 0
    negated_total: int = 0
    hypothetical_found: int = 0
    hypothetical_total: int = 0
    one_sided: int = 0  # real predictions without a target
    one_sided_matched: int = 0  # ... that match a one-sided gold event (first level)
    one_sided_target_missed: int = 0  # ... unmatched, but source and root of a gold dyad are right
    dyads_only: Score = field(default_factory=Score)  # first level with one-sided predictions left out
    errors: list[str] = field(default_factory=list)


PLOVER_LEVELS: dict[str, KeyFn] = {
    "category + dyad (country)": lambda s, t, c: (country_part(s), country_part(t), c),
    "category + source country": lambda s, t, c: (country_part(s), None, c),
    "category only": lambda s, t, c: (None, None, c),
}


def predictions(events: Iterable[EventMention]) -> list[Predicted]:
    return [
        Predicted(e.source.code if e.source else None, e.target.code if e.target else None, e.event_code,
                  e.is_negated, e.is_hypothetical)
        for e in events
    ]


def run_coder(nlp: Language, sentences: Sequence[GoldSentence], show_progress: bool = True) -> list[list[Predicted]]:
    """Code each gold sentence with the full pipeline (the sentence date drives actor roles)."""
    register_extensions()
    docs = []
    for s in sentences:
        doc = nlp.make_doc(s.text)
        doc._.event_date = s.date
        docs.append(doc)
    out: list[list[Predicted]] = []
    with Progress(TextColumn("coding gold sentences"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  disable=not show_progress, transient=True) as bar:
        task = bar.add_task("code", total=len(docs))
        for doc in nlp.pipe(docs, batch_size=64):
            out.append(predictions(doc._.events or []))
            bar.advance(task)
    return out


def _keys(events: Iterable[tuple[str | None, str | None, str]], fn: KeyFn) -> set[Key]:
    return {fn(s, t, c) for s, t, c in events}


def score(name: str, gold: Sequence[GoldSentence], pred: Sequence[Sequence[Predicted]],
          levels: dict[str, KeyFn] = LEVELS, map_code: Callable[[str], str | None] | None = None,
          map_gold: Callable[[str], str] | None = None) -> Report:
    """Precision/recall per level (sets of keys per sentence), per root, and modality hit rates.

    Only real predictions (not negated, not hypothetical) count as events. `map_code` turns a
    predicted CAMEO code into the gold's vocabulary (PLOVER); unmapped predictions are dropped.
    One-sided rule (every gold set alike): a prediction without a target is scored like any event,
    as the key (source, None, code); it is a true positive only against a one-sided gold event
    (team gold `"target": null`, PETRARCH `---`, PLOVER records without a target), otherwise a false
    positive. Counts of one-sided predictions and the first level without them are reported apart.
    """
    report = Report(name, len(gold), {k: Score() for k in levels}, {})
    per_root: dict[str, Score] = {}
    root_fn = next(iter(levels.values()))
    for g, p in zip(gold, pred, strict=True):
        real: list[tuple[str | None, str | None, str]] = []
        for e in p:
            if e.negated or e.hypothetical:
                continue
            code = map_code(e.code) if map_code else e.code
            if code is None:
                continue
            real.append((e.source, e.target, code))
        gold_events = [(e.source, e.target, map_gold(e.code) if map_gold else e.code) for e in g.events]
        _count_one_sided(report, gold_events, real, root_fn)
        for level, fn in levels.items():
            gk, pk = _keys(gold_events, fn), _keys(real, fn)
            sc = report.levels[level]
            sc.tp += len(gk & pk)
            sc.fp += len(pk - gk)
            sc.fn += len(gk - pk)
            if level == next(iter(levels)):
                for k in gk | pk:
                    r = per_root.setdefault(k[2][:2] if not map_code else k[2], Score())
                    r.tp += k in gk and k in pk
                    r.fp += k in pk and k not in gk
                    r.fn += k in gk and k not in pk
                if gk != pk:
                    report.errors.append(
                        f"{g.id}: missed {sorted(gk - pk, key=str)} extra {sorted(pk - gk, key=str)} | {g.text}")
        for attr, gold_list in (("negated", g.negated), ("hypothetical", g.hypothetical)):
            flagged = {root_fn(e.source, e.target, e.code) for e in p if getattr(e, attr)}
            want = {root_fn(e.source, e.target, e.code) for e in gold_list}
            setattr(report, f"{attr}_total", getattr(report, f"{attr}_total") + len(want))
            setattr(report, f"{attr}_found", getattr(report, f"{attr}_found") + len(want & flagged))
    report.per_root = dict(sorted(per_root.items()))
    return report


def _count_one_sided(report: Report, gold_events: Sequence[tuple[str | None, str | None, str]],
                     real: Sequence[tuple[str | None, str | None, str]], root_fn: KeyFn) -> None:
    """One-sided predictions: how many match a one-sided gold event, how many only missed the target
    of a gold dyad; and the first level scored as if they had not been predicted (for comparison)."""
    gk = _keys(gold_events, root_fn)
    dyads = {(k[0], k[2]) for k in gk if k[1] is not None}
    for s, t, c in real:
        if t is not None:
            continue
        report.one_sided += 1
        k = root_fn(s, t, c)
        if k in gk:
            report.one_sided_matched += 1
        elif (k[0], k[2]) in dyads:
            report.one_sided_target_missed += 1
    two = _keys([e for e in real if e[1] is not None], root_fn)
    d = report.dyads_only
    d.tp += len(gk & two)
    d.fp += len(two - gk)
    d.fn += len(gk - two)


def plover_mapper(crosswalk: dict[str, str]) -> Callable[[str], str | None]:
    def map_code(code: str) -> str | None:
        for n in range(len(code), 1, -1):
            if code[:n] in crosswalk:
                return crosswalk[code[:n]]
        return PLOVER_EXTRA.get(code[:2])
    return map_code


def evaluate_file(nlp: Language, path: Path, kind: str, crosswalk: Path | None = None,
                  show_progress: bool = True) -> Report:
    """Read a gold file of `kind` (team | plover | petr2), code it, and score it (penta and articles:
    `evaluate_penta.evaluate_penta`, `evaluate_articles.evaluate_articles`)."""
    if kind == "team":
        gold = read_team_gold(path)
        return score(path.name, gold, run_coder(nlp, gold, show_progress))
    if kind == "petr2":
        gold = read_petrarch_gsr(path)
        return score(path.name, gold, run_coder(nlp, gold, show_progress))
    if kind == "plover":
        cw_path = crosswalk or DEFAULT_CROSSWALK
        if not cw_path.is_file():
            raise FileNotFoundError(f"CAMEO->PLOVER crosswalk {cw_path} not found; pass --crosswalk")
        mapper = plover_mapper(read_cameo_to_plover(cw_path))
        gold = read_plover(path)
        return score(path.name, gold, run_coder(nlp, gold, show_progress), PLOVER_LEVELS, mapper,
                     lambda c: PLOVER_ALIASES.get(c, c))
    raise ValueError(f"unknown gold kind {kind!r}: use team, plover or petr2")


KINDS = ("team", "plover", "petr2", "penta", "articles", "petrarch-unit")
DEFAULT_CORPUS = SHARED / "corpus" / "wikinews-2019-2020.jsonl"


def _first_object(path: Path) -> dict[str, object]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    return {}
                return row if isinstance(row, dict) else {}
    return {}


def guess_kind(path: Path) -> str:
    """The gold kind from the file: JSONL whose first line has `penta` -> penta, `article_id` and
    `events` -> articles, other JSONL -> team; `.xml` -> petr2; anything else -> plover."""
    if path.suffix == ".jsonl":
        first = _first_object(path) if path.is_file() else {}
        if "penta" in first:
            return "penta"
        if "article_id" in first and "events" in first:
            return "articles"
        return "team"
    if path.suffix == ".xml":
        return "petrarch-unit" if "unittest" in path.name.lower() else "petr2"
    return "plover"


def print_report(report: Report, console: Console) -> None:
    table = Table(title=f"{report.name}: {report.sentences} sentences")
    for col in ("level", "P", "R", "F1", "TP", "FP", "FN"):
        table.add_column(col, justify="left" if col == "level" else "right")
    for level, s in report.levels.items():
        table.add_row(level, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
    console.print(table)
    roots = Table(title="per root (first level)")
    for col in ("root", "P", "R", "F1", "TP", "FP", "FN"):
        roots.add_column(col, justify="right")
    for root, s in report.per_root.items():
        roots.add_row(root, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.tp), str(s.fp), str(s.fn))
    console.print(roots)
    if report.negated_total or report.hypothetical_total:
        console.print(f"negated events flagged: {report.negated_found}/{report.negated_total}; "
                      f"hypothetical events flagged: {report.hypothetical_found}/{report.hypothetical_total}")
    d = report.dyads_only
    console.print(f"one-sided predictions (no target actor, scored like any event): {report.one_sided}; "
                  f"{report.one_sided_matched} match a one-sided gold event, "
                  f"{report.one_sided_target_missed} have the source and root of a gold dyad (target missed)")
    console.print(f"first level without one-sided predictions: P {d.precision:.3f} R {d.recall:.3f} "
                  f"F1 {d.f1:.3f} ({d.tp} / {d.fp} / {d.fn})")


def print_penta_report(report: PentaReport, console: Console, top: int = 30) -> None:
    n = report.sentences
    summary = Table(title=escape(f"{report.name}: {n} sentences ({report.checked} with checked actor spans)"))
    for col in ("measure", "value", "count", "of"):
        summary.add_column(col, justify="left" if col == "measure" else "right")
    for label, value, count, of in (
        ("coverage (>= 1 real event)", report.coverage, report.covered, n),
        ("class hit", report.hit_rate, report.hits, n),
        ("precision (hits / covered)", report.precision, report.hits, report.covered),
        ("actor agreement (checked hits)", report.actor_agreement, report.agreeing, report.checked_hits),
        ("hit with actors (checked sentences)", report.hit_with_actors, report.agreeing, report.checked),
    ):
        summary.add_row(label, f"{value:.3f}", str(count), str(of))
    console.print(summary)
    per_class = Table(title="per gold class (coded class: the gold class on a hit, else the first real event's)")
    for col in ("gold", "name", "sentences", "coverage", "hit rate", "precision",
                *(f"coded {c}" for c in PENTA_ROOTS), "uncovered"):
        per_class.add_column(col, justify="left" if col == "name" else "right")
    for cls, row in report.per_class.items():
        per_class.add_row(str(cls), PENTA_NAMES.get(cls, "?"), str(row.sentences), f"{row.coverage:.3f}",
                          f"{row.hit_rate:.3f}", f"{row.precision:.3f}",
                          *(str(row.confusion[c]) for c in PENTA_ROOTS), str(row.confusion[None]))
    console.print(per_class)
    misses = sum(report.causes.values())
    causes = Table(title=f"why: {report.class_misses} sentences without a class hit, "
                         f"{report.causes[ACTORS_DISAGREE]} hits whose actors disagree")
    for col in ("cause", "n", "share"):
        causes.add_column(col, justify="left" if col == "cause" else "right")
    for cause, count in report.causes.most_common():
        causes.add_row(escape(cause), str(count), f"{count / misses:.3f}")
    console.print(causes)
    reasons = Table(title=f"top {top} miss reasons (cause: detail; one per sentence)")
    for col in ("#", "reason", "n", "examples"):
        reasons.add_column(col, justify="left" if col in ("reason", "examples") else "right")
    for i, (reason, count) in enumerate(report.reasons.most_common(top), 1):
        reasons.add_row(str(i), escape(reason), str(count), escape(" ".join(report.examples.get(reason, []))))
    console.print(reasons)
    uncovered = n - report.covered
    for kind in ("root verb", "gold source head"):
        common = [(f, c) for f, c in report.uncovered_features.most_common() if f.startswith(kind)][:10]
        if common:
            console.print(escape(f"uncovered sentences ({uncovered}) by {kind}: "
                                 + ", ".join(f"{f[len(kind) + 1:]} {c}" for f, c in common)), highlight=False)


def _actor_text(actor: ActorMention | None) -> str:
    return f"{actor.code or '?'} '{actor.text}'" if actor else "-"


def penta_error_lines(report: PentaReport) -> list[str]:
    """One tab-separated line per sentence: id, gold class, coded events, reason, text."""
    lines = ["# id\tgold\tcoded events (code source -> target [modality])\treason\ttext"]
    for res in report.results:
        events = "; ".join(
            f"{e.event_code} {_actor_text(e.source)} -> {_actor_text(e.target)}"
            + (" [negated]" if e.is_negated else "") + (" [hypothetical]" if e.is_hypothetical else "")
            for e in res.events) or "-"
        rec = res.record
        lines.append(f"{rec.id}\t{rec.penta}\t{events}\t{res.reason}\t{' '.join(rec.text.split())}")
    return lines


def print_articles_report(report: ArticlesReport, console: Console) -> None:
    gold_mean, pred_mean = report.events_per_article()
    table = Table(title=escape(f"{report.name} [{report.split}]: {report.articles} articles, {report.sentences} "
                               f"sentences, {report.gold_real} real gold events ({report.gold_hypothetical} "
                               f"hypothetical, {report.gold_negated} negated)"))
    for col in ("level", "P", "R", "F1", "TP", "FP", "FN", "neutral"):
        table.add_column(col, justify="left" if col == "level" else "right")
    for level, s in report.levels.items():
        table.add_row(level, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn),
                      str(report.neutral[level]))
    console.print(table)
    roots = Table(title=escape(f"[{report.split}] per root ({next(iter(ARTICLE_LEVELS))})"))
    for col in ("root", "R", "P", "TP", "FN", "FP", "neutral"):
        roots.add_column(col, justify="right")
    for root, s in report.per_root.items():
        roots.add_row(root, f"{s.recall:.2f}", f"{s.precision:.2f}", str(s.tp), str(s.fn), str(s.fp),
                      str(report.per_root_neutral[root]))
    console.print(roots)
    r = report
    console.print(escape(
        f"[{r.split}] events per article: gold real {gold_mean:.1f}, coded real {pred_mean:.1f} "
        f"({r.predicted_other} coded negated/hypothetical in all); neutral = a real prediction matching only a "
        f"gold hypothetical/negated event; gold hypothetical/negated flagged by the coder: "
        f"{r.modality_flagged}/{r.modality_total}; gold events placed by trigger offset in another sentence: "
        f"{r.moved}"), highlight=False)


def print_article_rows(report: ArticlesReport, console: Console) -> None:
    rows = Table(title=escape(f"per article [{report.split}] ({next(iter(ARTICLE_LEVELS))}, keys)"))
    for col in ("article", "split", "sents", "gold", "gold h/n", "coded", "TP", "FP", "FN", "neutral"):
        rows.add_column(col, justify="left" if col in ("article", "split") else "right")
    for r in report.rows:
        name = r.article_id.removeprefix("enwikinews:")
        rows.add_row(escape(name[:60]), r.split, *(str(v) for v in (r.sentences, r.gold_real, r.gold_other, r.predicted,
                                                                     r.tp, r.fp, r.fn, r.neutral)))
    console.print(rows)


def _gold_path(gold: Path | None, gold_option: Path | None) -> Path:
    if gold is not None and gold_option is not None and gold.resolve() != gold_option.resolve():
        raise typer.BadParameter("give the gold file once (GOLD or --gold)", param_hint="--gold")
    path = gold or gold_option
    if path is None:
        raise typer.BadParameter("no gold file: pass GOLD or --gold FILE", param_hint="GOLD")
    path = path if path.is_absolute() else Path.cwd() / path
    if not path.is_file():
        raise typer.BadParameter(f"{path} does not exist", param_hint="GOLD")
    return path


def eval_command(
    gold: Annotated[Path | None, typer.Argument(
        help="Gold file: team JSONL, PLOVER GSR (.txt/.json), PETR2 GSR (.xml), penta or article JSONL.")] = None,
    kind: Annotated[str, typer.Option(
        "--kind", help="team | plover | petr2 | penta | articles (default: from the file).")] = "",
    crosswalk: Annotated[Path | None, typer.Option("--crosswalk", help="CAMEO2PLOVER table (PLOVER only).")] = None,
    errors: Annotated[Path | None, typer.Option(
        "--errors", help="Write per-sentence misses/extras here (penta: every sentence with its reason).")] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model (default: config/fallback).")] = None,
    split: Annotated[str, typer.Option(
        "--split", help="articles only: dev | test | all (all prints dev, test and both).")] = "all",
    corpus: Annotated[Path | None, typer.Option(
        "--corpus", help="articles only: the articles' texts (default ../shared/corpus/wikinews-2019-2020.jsonl).")
    ] = None,
    gold_option: Annotated[Path | None, typer.Option(
        "--gold", help="The gold file, instead of GOLD (relative to the current directory).")] = None,
) -> None:
    """Score the event coder on a gold set: P/R/F1 by level and per CAMEO root (penta: coverage and
    class hits per sentence; articles: per article and sentence)."""
    from transforms.coder import build_nlp

    console = Console()
    path = _gold_path(gold, gold_option)
    kind = kind or guess_kind(path)
    if kind not in KINDS:
        raise typer.BadParameter(f"unknown kind {kind!r}: use {', '.join(KINDS)}", param_hint="--kind")
    if split not in ("dev", "test", "all"):
        raise typer.BadParameter(f"unknown split {split!r}: use dev, test or all", param_hint="--split")
    corpus_path = corpus or DEFAULT_CORPUS
    if kind == "articles" and not corpus_path.is_file():
        raise typer.BadParameter(f"corpus {corpus_path} not found", param_hint="--corpus")
    started = dt.datetime.now()
    if kind == "petrarch-unit":
        from transforms.events.evaluate_petrarch import unit_command

        return unit_command(path, console, errors, model)
    nlp = build_nlp(model)
    lines: list[str]
    if kind == "penta":
        penta = evaluate_penta(nlp, read_penta_gold(path), path.name)
        print_penta_report(penta, console)
        lines, what = penta_error_lines(penta), "sentences"
    elif kind == "articles":
        reports = evaluate_articles(nlp, path, corpus_path, split)
        for r in reports:
            print_articles_report(r, console)
        print_article_rows(reports[-1], console)
        lines, what = reports[-1].errors, "sentences with misses or extras"
    else:
        report = evaluate_file(nlp, path, kind, crosswalk)
        print_report(report, console)
        lines, what = report.errors, "mismatching sentences"
    if errors is not None:
        errors.write_text("\n".join(lines) + "\n", encoding="utf-8")
        console.print(f"wrote {len(lines) - (kind == 'penta')} {what} to {errors}")
    console.print(f"[dim]{(dt.datetime.now() - started).total_seconds():.0f}s[/]")


def root_counts(gold: Sequence[GoldSentence]) -> Counter[str]:
    """Gold events per CAMEO root (coverage check of a gold file)."""
    return Counter(e.code[:2] for g in gold for e in g.events)
