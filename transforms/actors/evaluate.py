"""`evw eval-actors`: scores actor resolution against a gold JSONL file and the PLOVER records.

Reads gold data, runs the model + `cameo_actors`, aligns gold and predicted mentions by text
overlap and prints precision/recall/F1 at the country level and the country+agent level.
It never changes dictionaries or gold files; bad gold lines are reported and skipped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import track
from rich.table import Table

from schemas.codebook import actor_types
from transforms.model import ActorMention
from transforms.scoring import Counts

REPO = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = REPO / "tests" / "gold" / "actors_gold.jsonl"
DEFAULT_PLOVER = REPO.parent / "shared" / "plover" / "PLOVER_GSR_CAMEO.txt"

#: Country codes in the PLOVER file that are not ISO 3166 alpha-3 (typos of the source), mapped to ISO.
PLOVER_COUNTRY_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
#: PLOVER sector labels that are not CAMEO agent codes, mapped to the CAMEO code they mean.
PLOVER_SECTOR_FIXES = {"JRN": "MED", "CIV": "CVL"}


@dataclass(frozen=True)
class GoldActor:
    text: str
    code: str
    sector: str | None = None  # PLOVER gives the agent separately


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    date: dt.date | None
    actors: tuple[GoldActor, ...]


@dataclass
class Score:
    """Counts at both levels plus readable error lines."""

    name: str
    sentences: int = 0
    country: Counts = field(default_factory=Counts)
    agent: Counts = field(default_factory=Counts)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def code_keys(code: str | None, sector: str | None = None) -> tuple[str | None, tuple[str | None, str | None]]:
    """(country key, country+agent key) of a code: the first 3-letter group, then the first agent type after it."""
    if not code:
        return None, (None, None)
    first = PLOVER_COUNTRY_FIXES.get(code[:3], code[:3])
    if sector is not None:
        s = sector[:3]
        agent: str | None = PLOVER_SECTOR_FIXES.get(s, s) or None
    else:
        types = actor_types()
        agent = next((code[i:i + 3] for i in range(3, len(code), 3) if code[i:i + 3] in types), None)
    return first, (first, agent)


def load_gold(path: Path) -> tuple[list[GoldSentence], list[str]]:
    """Team gold JSONL: {"id", "text", "date", "actors": [{"text", "code"}]}; bad lines -> messages."""
    out: list[GoldSentence] = []
    bad: list[str] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{lineno}"
        try:
            rec = json.loads(line)
            day = dt.date.fromisoformat(rec["date"]) if rec.get("date") else None
            gold = tuple(GoldActor(str(a["text"]), str(a["code"])) for a in rec.get("actors", []))
            out.append(GoldSentence(str(rec.get("id", lineno)), str(rec["text"]), day, gold))
        except (ValueError, KeyError, TypeError) as exc:
            bad.append(f"{where}: skipped: {type(exc).__name__}: {exc}")
    return out, bad


def load_plover(path: Path) -> list[GoldSentence]:
    """PLOVER GSR records with their source and target actors (code = ISO3 or IGO..., sector = agent)."""
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    out: list[GoldSentence] = []
    for rec in records:
        if "text" not in rec:
            continue
        gold: list[GoldActor] = []
        for role in ("source", "target"):
            for a in rec.get(role) or []:
                if isinstance(a, dict) and a.get("code") and a.get("actorText"):
                    ga = GoldActor(a["actorText"], a["code"], a.get("sector", ""))
                    if all(g.text != ga.text for g in gold):
                        gold.append(ga)
        day = dt.date.fromisoformat(rec["date"]) if rec.get("date") else None
        out.append(GoldSentence(rec["id"], rec["text"], day, tuple(gold)))
    return out


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    found = []
    for hay, ndl in ((text, needle), (text.lower(), needle.lower())):
        i = hay.find(ndl)
        while i >= 0:
            found.append((i, i + len(ndl)))
            i = hay.find(ndl, i + 1)
        if found:
            break
    return found


def align(text: str, gold: Sequence[GoldActor], preds: Sequence[ActorMention]) -> list[tuple[int, int | None]]:
    """Pairs (gold index, predicted index or None): a prediction overlapping the gold text, best code first."""
    used: set[int] = set()
    pairs: list[tuple[int, int | None]] = []
    for gi, g in enumerate(gold):
        spans = _spans(text, g.text)
        best: tuple[tuple[int, int, int], int] | None = None
        gc, gk = code_keys(g.code, g.sector)
        for pi, p in enumerate(preds):
            if pi in used:
                continue
            overlap = max((min(e, p.end_char) - max(s, p.start_char) for s, e in spans), default=0)
            if overlap <= 0:
                continue
            pc, pk = code_keys(p.code)
            rank = (int(pk == gk), int(pc == gc), overlap)
            if best is None or rank > best[0]:
                best = (rank, pi)
        if best is not None:
            used.add(best[1])
        pairs.append((gi, best[1] if best else None))
    return pairs


def score(name: str, sentences: Iterable[GoldSentence], predictions: Iterable[list[ActorMention]],
          only_gold_spans: bool) -> Score:
    """Counts over all sentences. With `only_gold_spans` (PLOVER, which marks only sources and targets),
    predictions that overlap no gold actor are not counted as false positives."""
    result = Score(name)
    for sent, preds in zip(sentences, predictions, strict=True):
        result.sentences += 1
        coded = [p for p in preds if p.has_country]
        pairs = align(sent.text, sent.actors, coded)
        matched = {pi for _, pi in pairs if pi is not None}
        for gi, pi in pairs:
            g = sent.actors[gi]
            gc, gk = code_keys(g.code, g.sector)
            p = coded[pi] if pi is not None else None
            pc, pk = code_keys(p.code) if p else (None, (None, None))
            for counts, ok in ((result.country, pc == gc), (result.agent, pk == gk)):
                if ok:
                    counts.tp += 1
                else:
                    counts.fn += 1
                    if p is not None:
                        counts.fp += 1
            if pk != gk:
                got = f"{p.text!r}={p.code}" if p else "nothing"
                want = g.code + (f"/{g.sector}" if g.sector else "")
                result.errors.append(f"{sent.id}: {g.text!r} gold {want}, got {got}")
        if not only_gold_spans:
            for pi, p in enumerate(coded):
                if pi not in matched:
                    result.country.fp += 1
                    result.agent.fp += 1
                    result.errors.append(f"{sent.id}: extra {p.text!r}={p.code} ({p.entry_id})")
    return result


def predict(nlp: Any, sentences: Sequence[GoldSentence], label: str) -> list[list[ActorMention]]:
    """Runs the pipeline over the gold sentences (with their dates)."""
    docs = []
    for s in sentences:
        doc = nlp.make_doc(s.text)
        doc._.event_date = s.date
        docs.append(doc)
    return [list(d._.actors) for d in track(nlp.pipe(docs), total=len(docs), description=label, transient=True)]


def print_scores(scores: Sequence[Score], console: Console) -> None:
    table = Table(title="Actor resolution")
    for col in ("set", "sentences", "level", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(col)
    for s in scores:
        for level, c in (("country", s.country), ("country+agent", s.agent)):
            table.add_row(s.name, str(s.sentences), level, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}",
                          str(c.tp), str(c.fp), str(c.fn))
    console.print(table)


def run_eval(gold: Path | None, plover: Path | None, model: str | None = None,
             actor_settings: dict[str, Any] | None = None) -> list[Score]:
    """Scores for each given data set (gold and/or PLOVER). `actor_settings` is the component config
    (`[coder.actors]` of evw.toml, e.g. `extra_dictionaries`)."""
    from transforms.coder import build_nlp

    nlp = build_nlp(model, {"cameo_actors": dict(actor_settings or {})}, components=("cameo_actors",))
    scores: list[Score] = []
    if gold is not None:
        sentences, bad = load_gold(gold)
        result = score("gold", sentences, predict(nlp, sentences, "gold"), only_gold_spans=False)
        result.skipped = bad
        scores.append(result)
    if plover is not None:
        sentences = load_plover(plover)
        scores.append(score("plover", sentences, predict(nlp, sentences, "plover"), only_gold_spans=True))
    return scores


def eval_actors_command(
    gold: Annotated[Path | None, typer.Option(help="Team gold JSONL (default tests/gold/actors_gold.jsonl).")] = None,
    plover: Annotated[Path | None, typer.Option(help="PLOVER GSR file (default ../shared/plover/...).")] = None,
    skip_gold: Annotated[bool, typer.Option("--skip-gold", help="Do not score the team gold file.")] = False,
    skip_plover: Annotated[bool, typer.Option("--skip-plover", help="Do not score the PLOVER records.")] = False,
    errors: Annotated[int, typer.Option(help="Show this many disagreements per data set.")] = 0,
    model: Annotated[str | None, typer.Option(help="spaCy model (default from config).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (default: $EVW_CONFIG or ./evw.toml).")]
    = None,
) -> None:
    """Score actor resolution (country and country+agent precision/recall/F1)."""
    from transforms.config import load_config
    from transforms.extract import component_settings

    cfg = load_config(config)
    actor_settings = component_settings(cfg)["cameo_actors"]
    console = Console()
    gold_path = None if skip_gold else (gold or DEFAULT_GOLD)
    plover_path = None if skip_plover else (plover or DEFAULT_PLOVER)
    for p in (gold_path, plover_path):
        if p is not None and not p.is_file():
            raise typer.BadParameter(f"{p} not found; pass --gold/--plover or --skip-gold/--skip-plover")
    scores = run_eval(gold_path, plover_path, model or cfg.model, actor_settings)
    print_scores(scores, console)
    for s in scores:
        for msg in s.skipped:
            console.print(f"[yellow]{msg}[/]")
        for msg in s.errors[:errors]:
            console.print(f"{s.name}: {msg}", highlight=False)
