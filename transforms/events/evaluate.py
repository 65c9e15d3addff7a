"""`evw eval GOLD`: scores the event coder against a gold set and prints precision/recall/F1.

Levels: root + (source country, target country); root + country/agent dyad; full code + country/
agent dyad; and a per-root table. Team JSONL, PLOVER GSR records (CAMEO mapped to PLOVER
categories) and PETRARCH-2 GSR XML are read by `gold.py`. Scoring functions are pure; only the
command prints. Must not change the gold files.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from spacy.language import Language

from transforms.events.gold import (
    GoldSentence,
    read_cameo_to_plover,
    read_petrarch_gsr,
    read_plover,
    read_team_gold,
)
from transforms.model import EventMention, register_extensions
from transforms.scoring import Counts as Score

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEFAULT_CROSSWALK = SHARED / "cameo" / "CAMEO2PLOVER-2021.txt"
#: PLOVER GSR 0.5 category names -> the 2021 crosswalk's names
PLOVER_ALIASES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
#: CAMEO roots the 2021 crosswalk leaves out, mapped as PLOVER 0.5 did (appeals are requests)
PLOVER_EXTRA = {"02": "REQUEST"}

Key = tuple[str | None, str | None, str]
KeyFn = Callable[[str | None, str | None, str], Key]


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


def _country(code: str | None) -> str | None:
    return code[:3] if code else None


def _agent(code: str | None) -> str | None:
    return code[:6] if code else None


LEVELS: dict[str, KeyFn] = {
    "root + dyad (country)": lambda s, t, c: (_country(s), _country(t), c[:2]),
    "root + dyad (country+agent)": lambda s, t, c: (_agent(s), _agent(t), c[:2]),
    "full code + dyad (country)": lambda s, t, c: (_country(s), _country(t), c),
    "full code + dyad (country+agent)": lambda s, t, c: (_agent(s), _agent(t), c),
}
PLOVER_LEVELS: dict[str, KeyFn] = {
    "category + dyad (country)": lambda s, t, c: (_country(s), _country(t), c),
    "category + source country": lambda s, t, c: (_country(s), None, c),
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
    """Read a gold file of `kind` (team | plover | petr2), code it, and score it."""
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


def guess_kind(path: Path) -> str:
    if path.suffix == ".jsonl":
        return "team"
    if path.suffix == ".xml":
        return "petr2"
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


def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file: team JSONL, PLOVER GSR (.txt/.json) or PETR2 GSR (.xml).")],
    kind: Annotated[str, typer.Option("--kind", help="team | plover | petr2 (default: from the file name).")] = "",
    crosswalk: Annotated[Path | None, typer.Option("--crosswalk", help="CAMEO2PLOVER table (PLOVER only).")] = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write per-sentence misses/extras here.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model (default: config/fallback).")] = None,
) -> None:
    """Score the event coder on a gold set: P/R/F1 by level and per CAMEO root."""
    from transforms.coder import build_nlp

    console = Console()
    if not gold.is_file():
        raise typer.BadParameter(f"{gold} does not exist", param_hint="GOLD")
    started = dt.datetime.now()
    nlp = build_nlp(model)
    report = evaluate_file(nlp, gold, kind or guess_kind(gold), crosswalk)
    print_report(report, console)
    if errors is not None:
        errors.write_text("\n".join(report.errors) + "\n", encoding="utf-8")
        console.print(f"wrote {len(report.errors)} mismatching sentences to {errors}")
    console.print(f"[dim]{(dt.datetime.now() - started).total_seconds():.0f}s[/]")


def root_counts(gold: Sequence[GoldSentence]) -> Counter[str]:
    """Gold events per CAMEO root (coverage check of a gold file)."""
    return Counter(e.code[:2] for g in gold for e in g.events)
