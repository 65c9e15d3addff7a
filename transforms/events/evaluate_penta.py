"""`evw eval GOLD --kind penta`: sentence-level coverage and class hits on the penta-class gold
(`../shared/gold/conflibert-cameo-train.jsonl`), actor agreement with the marked spans, and why the
coder missed.

- covered: the coder codes at least one real event (not negated, not hypothetical) in the sentence;
  hit: one of those events has the gold class (`gold_penta.PENTA_ROOTS`); precision = hits / covered.
- actor agreement (records with `spans_checked` only): a hit event agrees when its source matches a
  source or reciprocal span and its target a target or reciprocal span (loose matching,
  `evaluate_spans`). A side the gold leaves unmarked is not judged; an event without a target agrees
  on that side only when the gold marks no target (and no reciprocal) span.
- miss reasons are computed from the coder's own data (pattern book index, actors, precision
  controls, modality): one cause, and one reason (the cause with a detail), per missed sentence.

`diagnose` and `run_penta` need spaCy; `score_penta` and everything it calls are pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from spacy.language import Language
from spacy.tokens import Doc

from transforms.events.arguments import ActorIndex, agents, is_passive, subjects
from transforms.events.component import CameoEvents
from transforms.events.controls import Controls
from transforms.events.evaluate_spans import any_span_matches, locate_span, word_list
from transforms.events.gold_penta import PENTA_ROOTS, PentaRecord, penta_class
from transforms.events.matching import index_key
from transforms.events.nominal import NOUN_POS
from transforms.events.patterns import PatternBook
from transforms.events.precision import sentence_rejection
from transforms.events.verbal import is_trigger
from transforms.model import ActorMention, EventMention, register_extensions

WRONG_CLASS = "events coded but wrong class"
ONLY_MODAL = "only negated/hypothetical events"
NO_TRIGGER = "no trigger lemma in pattern book"
NO_ACTOR = "trigger found but no actor at all in sentence"
REJECTED = "sentence rejected by precision control"
NO_SOURCE = "trigger found but no coded source actor"
NO_MATCH = "trigger and coded source found but no pattern matched"
ACTORS_DISAGREE = "class hit but actors disagree"


@dataclass(frozen=True, slots=True)
class Diagnostics:
    """What the coder saw in a sentence, for explaining a miss (from `diagnose`)."""

    triggers: tuple[str, ...] = ()  # pattern-book keys of the trigger verbs and event nouns
    sourced_triggers: tuple[str, ...] = ()  # ... of those with a coded actor as subject/agent/owner
    subjects: tuple[str, ...] = ()  # subject words of triggers without a coded source actor
    actors: int = 0  # actor mentions in the sentence, coded or not
    rejection: str | None = None  # set when every sentence with a trigger was rejected (`too_long` ...)
    root_lemma: str = ""
    root_pos: str = ""
    source_heads: tuple[str, ...] = ()  # head lemmas of the gold source (and reciprocal) spans


@dataclass(frozen=True, slots=True)
class SentenceResult:
    record: PentaRecord
    events: tuple[EventMention, ...]  # all coded events, real or not
    covered: bool
    hit: bool
    coded_class: int | None  # the gold class on a hit, else the class of the first real event
    actors_agree: bool | None  # None: not judged (no hit, or spans not checked)
    cause: str  # "" for a hit whose actors agree or are not judged
    reason: str  # the cause with its detail ("hit, actors agree" ... for the others)


@dataclass
class ClassRow:
    sentences: int = 0
    covered: int = 0
    hits: int = 0
    confusion: Counter[int | None] = field(default_factory=Counter)  # coded class (None: uncovered) -> n

    @property
    def coverage(self) -> float:
        return self.covered / self.sentences if self.sentences else 0.0

    @property
    def hit_rate(self) -> float:
        return self.hits / self.sentences if self.sentences else 0.0

    @property
    def precision(self) -> float:
        return self.hits / self.covered if self.covered else 0.0


@dataclass
class PentaReport:
    name: str
    sentences: int = 0
    covered: int = 0
    hits: int = 0
    checked: int = 0  # records with spans_checked
    checked_hits: int = 0  # hits among them
    agreeing: int = 0  # ... whose actors agree ("hit with actors")
    per_class: dict[int, ClassRow] = field(default_factory=dict)
    causes: Counter[str] = field(default_factory=Counter)  # one per missed sentence (incl. actor disagreements)
    reasons: Counter[str] = field(default_factory=Counter)  # cause with detail, one per missed sentence
    uncovered_features: Counter[str] = field(default_factory=Counter)  # root verbs, gold source heads
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason -> first record ids
    results: list[SentenceResult] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.covered / self.sentences if self.sentences else 0.0

    @property
    def hit_rate(self) -> float:
        return self.hits / self.sentences if self.sentences else 0.0

    @property
    def precision(self) -> float:
        return self.hits / self.covered if self.covered else 0.0

    @property
    def actor_agreement(self) -> float:
        return self.agreeing / self.checked_hits if self.checked_hits else 0.0

    @property
    def hit_with_actors(self) -> float:
        return self.agreeing / self.checked if self.checked else 0.0

    @property
    def class_misses(self) -> int:
        return self.sentences - self.hits


def is_real(e: EventMention) -> bool:
    return not e.is_negated and not e.is_hypothetical


def _span(actor: ActorMention) -> tuple[int, int]:
    return actor.start_char, actor.end_char


def side_agrees(sentence: str, actor: ActorMention | None, spans: Sequence[str]) -> bool:
    """One side of an event against the gold spans of that side (not judged when there are none)."""
    if not spans:
        return True
    return actor is not None and any_span_matches(sentence, spans, _span(actor), actor.text)


def disagreeing_sides(record: PentaRecord, event: EventMention) -> tuple[str, ...]:
    """`("source",)`, `("target",)`, both or `()`: the sides of `event` that miss the gold spans."""
    out: list[str] = []
    if not side_agrees(record.text, event.source, record.source_spans + record.reciprocal_spans):
        out.append("source")
    if not side_agrees(record.text, event.target, record.target_spans + record.reciprocal_spans):
        out.append("target")
    return tuple(out)


def actors_agree(record: PentaRecord, event: EventMention) -> bool:
    return not disagreeing_sides(record, event)


def _root_detail(diag: Diagnostics) -> str:
    kind = "verb" if diag.root_pos in ("VERB", "AUX") else (diag.root_pos.lower() or "word")
    return f"root {kind} '{diag.root_lemma}'"


def _source_detail(diag: Diagnostics) -> str:
    if diag.source_heads:
        return f"gold source head '{diag.source_heads[0]}'"
    if diag.subjects:
        return f"subject '{diag.subjects[0]}'"
    return f"trigger '{diag.triggers[0]}' without subject" if diag.triggers else ""


def miss_reason(record: PentaRecord, events: Sequence[EventMention], diag: Diagnostics) -> tuple[str, str]:
    """(cause, reason) of a sentence without a class hit: the reason is the cause with a detail
    (the root verb, a gold source head, the trigger, the code and pattern that fired ...)."""
    real = [e for e in events if is_real(e)]
    if real:
        classes = sorted({c for e in real if (c := penta_class(e.event_code)) is not None})
        first = real[0]
        return WRONG_CLASS, (f"{WRONG_CLASS} (gold {record.penta}, coded {'+'.join(map(str, classes)) or '?'}): "
                             f"code {first.event_code} via {first.pattern_id}")
    if events:
        kinds = {"negated" if e.is_negated else "hypothetical" for e in events}
        return ONLY_MODAL, f"{ONLY_MODAL}: {' and '.join(sorted(kinds))} {events[0].pattern_id}"
    if not diag.triggers:
        cause, detail = NO_TRIGGER, _root_detail(diag)
    elif not diag.actors:
        cause, detail = NO_ACTOR, _source_detail(diag)
    elif diag.rejection is not None:
        cause, detail = REJECTED, diag.rejection
    elif not diag.sourced_triggers:
        cause, detail = NO_SOURCE, _source_detail(diag)
    else:
        cause, detail = NO_MATCH, f"trigger '{diag.sourced_triggers[0]}'"
    return cause, f"{cause}: {detail}" if detail else cause


def judge(record: PentaRecord, events: Sequence[EventMention], diag: Diagnostics) -> SentenceResult:
    """Coverage, hit, actor agreement and reason for one sentence."""
    real = [e for e in events if is_real(e)]
    hits = [e for e in real if penta_class(e.event_code) == record.penta]
    coded: int | None = None
    if hits:
        coded = record.penta
    elif real:
        coded = next((c for e in real if (c := penta_class(e.event_code)) is not None), None)
    agree: bool | None = None
    cause, reason = "", "hit (actors not checked)"
    if hits and record.spans_checked:
        sides = [(disagreeing_sides(record, e), e) for e in hits]
        agree = any(not s for s, _ in sides)
        reason = "hit, actors agree"
        if not agree:
            fewest, event = min(sides, key=lambda se: len(se[0]))
            cause = ACTORS_DISAGREE
            reason = f"{cause}: " + " and ".join(
                f"no {side}" if getattr(event, side) is None else f"wrong {side}" for side in fewest)
    elif not hits:
        cause, reason = miss_reason(record, events, diag)
    return SentenceResult(record, tuple(events), bool(real), bool(hits), coded, agree, cause, reason)


def score_penta(name: str, records: Sequence[PentaRecord], events: Sequence[Sequence[EventMention]],
                diagnostics: Sequence[Diagnostics] | None = None, examples: int = 3) -> PentaReport:
    """The penta report of coded sentences (`events[i]` and `diagnostics[i]` belong to `records[i]`)."""
    diags = list(diagnostics) if diagnostics is not None else [Diagnostics()] * len(records)
    report = PentaReport(name, per_class={c: ClassRow() for c in PENTA_ROOTS})
    for rec, evs, diag in zip(records, events, diags, strict=True):
        res = judge(rec, evs, diag)
        report.results.append(res)
        report.sentences += 1
        report.covered += res.covered
        report.hits += res.hit
        row = report.per_class.setdefault(rec.penta, ClassRow())
        row.sentences += 1
        row.covered += res.covered
        row.hits += res.hit
        row.confusion[res.coded_class if res.covered else None] += 1
        if rec.spans_checked:
            report.checked += 1
            report.checked_hits += res.hit
            report.agreeing += bool(res.actors_agree)
        if res.cause:
            report.causes[res.cause] += 1
            report.reasons[res.reason] += 1
            ids = report.examples.setdefault(res.reason, [])
            if len(ids) < examples:
                ids.append(rec.id)
        if not res.covered:
            if diag.root_lemma:
                report.uncovered_features[_root_detail(diag)] += 1
            for head in dict.fromkeys(diag.source_heads):
                report.uncovered_features[f"gold source head '{head}'"] += 1
    return report


def diagnose(doc: Doc, record: PentaRecord, book: PatternBook, controls: Controls) -> Diagnostics:
    """Triggers, actors, precision-control verdict, root and gold source heads of a coded sentence."""
    actors = doc._.actors or []
    index = ActorIndex(actors)
    triggers: list[str] = []
    sourced: list[str] = []
    subject_words: list[str] = []
    rejection: str | None = None
    coded_somewhere = False
    for sent in doc.sents:
        found = False
        for tok in sent:
            if is_trigger(tok) and (key := index_key(tok, book.verbs)) is not None:
                toks = agents(tok) if is_passive(tok) else subjects(tok)
                coded = [a for a in index.for_tokens(toks) if a.code]
            elif (tok.pos_ in NOUN_POS and index.covering(tok) is None
                  and (key := index_key(tok, book.nouns)) is not None):
                toks = [c for c in tok.children if c.dep_ == "poss"]
                coded = [a for a in index.np_actors(tok, 1) if a.code]
            else:
                continue
            found = True
            triggers.append(key)
            if coded:
                sourced.append(key)
            elif toks:
                subject_words.append(toks[0].lemma_.lower())
        if found:
            why = sentence_rejection(sent, controls)
            coded_somewhere |= why is None
            rejection = rejection or why
    root = next(iter(doc.sents)).root if len(doc) else None
    return Diagnostics(
        triggers=_speech_last(triggers, controls), sourced_triggers=_speech_last(sourced, controls),
        subjects=tuple(subject_words),
        actors=len(actors), rejection=None if coded_somewhere else rejection,
        root_lemma=root.lemma_.lower() if root is not None else "", root_pos=root.pos_ if root is not None else "",
        source_heads=gold_source_heads(doc, record),
    )


def _speech_last(keys: Sequence[str], controls: Controls) -> tuple[str, ...]:
    """Trigger keys in text order, speech verbs (`say`, which rarely explain a miss) last."""
    return tuple(sorted(keys, key=lambda k: k in controls.speech_verbs))


def gold_source_heads(doc: Doc, record: PentaRecord) -> tuple[str, ...]:
    """Syntactic head lemmas of the gold source (or reciprocal) spans located in the sentence; the
    last word of a span that cannot be located."""
    heads: list[str] = []
    for text in record.source_spans + record.reciprocal_spans:
        found = locate_span(doc.text, text)
        span = doc.char_span(*found[0], alignment_mode="expand") if found else None
        if span is not None and len(span):
            heads.append(span.root.lemma_.lower())
        elif ws := word_list(text):
            heads.append(ws[-1])
    return tuple(dict.fromkeys(heads))


def run_penta(nlp: Language, records: Sequence[PentaRecord],
              show_progress: bool = True) -> tuple[list[list[EventMention]], list[Diagnostics]]:
    """Code each sentence with the full pipeline (no date: the records carry none)."""
    register_extensions()
    component = nlp.get_pipe("cameo_events")
    if not isinstance(component, CameoEvents):
        raise TypeError("the pipeline's cameo_events component is not transforms.events.component.CameoEvents")
    book, controls = component.book, component.controls
    events: list[list[EventMention]] = []
    diags: list[Diagnostics] = []
    with Progress(TextColumn("coding penta sentences"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  disable=not show_progress, transient=True) as bar:
        task = bar.add_task("code", total=len(records))
        for rec, doc in zip(records, nlp.pipe((r.text for r in records), batch_size=64), strict=True):
            events.append(list(doc._.events or []))
            diags.append(diagnose(doc, rec, book, controls))
            bar.advance(task)
    return events, diags


def evaluate_penta(nlp: Language, records: Sequence[PentaRecord], name: str,
                   show_progress: bool = True) -> PentaReport:
    events, diags = run_penta(nlp, records, show_progress)
    return score_penta(name, records, events, diags)
