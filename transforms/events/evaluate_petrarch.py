"""`evw eval PETR.UnitTest.records.xml --kind petrarch-unit`: PETRARCH's own validation suite.

Reads the `<Environment>` of the records file (its `PETR.Validate.*` dictionaries, looked up beside
the file and in `../dictionaries/`), converts them (transforms.petrarch, `replace = true`: our
patterns and discards off), codes every `<Sentence>` with its date and prints the share coded
exactly (the set of source, target, event code; `noevents` = nothing real coded) per category.
A record whose expected coding is an `error` (`dateline`, `storydiscard`, `sentencediscard`,
`bad_input_parse`) expects nothing coded: PETRARCH reports the error instead of events. The two
`bad_input_parse` records test PETRARCH's handling of a malformed *supplied* constituency parse; we
parse the text ourselves, so they stay scored (and missed when the text itself codes).

The suite uses a fictional code universe (Middle-earth actors, WEIS-style event codes, agents such
as `GGS`): for this evaluation only, the codebooks our loaders validate against are extended with the
codes the suite's dictionaries use. Records the file itself marks as not implemented by PETRARCH-2
are listed with the reason and left out of the share (but counted).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

NOT_IMPLEMENTED = re.compile(r"not (?:been |yet )?implemented|may or may not get implemented", re.I)
ENV_TAGS = {"Verbfile": "verbs", "Actorfile": "actors", "Agentfile": "agents", "Discardfile": "discards"}


@dataclass
class UnitRecord:
    id: str
    category: str
    date: dt.date | None
    text: str
    expected: frozenset[tuple[str, str, str]]
    excluded: str | None  # reason, when the file marks the record as not implemented
    error: str | None = None  # `<EventCoding error="...">`: PETRARCH refuses the sentence, codes nothing


@dataclass
class UnitReport:
    per_category: dict[str, Counter[str]] = field(default_factory=dict)
    excluded: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)

    def total(self, key: str) -> int:
        return sum(c[key] for c in self.per_category.values())


def _category(raw: str) -> str:
    c = re.sub(r"[^A-Z]", "", re.sub(r"[a-z]+$", "", raw))
    return c[:-1] if c.endswith("S") and c[:-1] in {"AGENT", "ACTOR"} else c


def _date(raw: str | None) -> dt.date | None:
    if not raw or len(raw) != 8 or not raw.isdigit():
        return None
    try:
        return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def read_unit_records(path: Path) -> tuple[dict[str, Path], list[UnitRecord]]:
    """The environment's dictionary files (kind -> path) and the records."""
    root = ET.parse(path).getroot()
    env: dict[str, Path] = {}
    for tag, kind in ENV_TAGS.items():
        el = root.find(f"Environment/{tag}")
        if el is None or not (el.text or "").strip():
            continue
        name = (el.text or "").strip()
        for d in (path.parent, path.parent.parent / "dictionaries"):
            if (d / name).is_file():
                env[kind] = d / name
                break
        else:
            raise FileNotFoundError(f"{path.name}: <{tag}> {name} not found beside it or in ../dictionaries/")
    text = path.read_text(encoding="utf-8")
    comments: dict[str, str] = {}
    for m in re.finditer(r'<Sentence [^>]*id="([^"]+)"[^>]*>(.*?)</Sentence>', text, re.S):
        hits = [c.strip() for c in re.findall(r"<!--(.*?)-->", m.group(2), re.S) if NOT_IMPLEMENTED.search(c)]
        if hits:
            comments[m.group(1)] = " ".join(hits)
    records: list[UnitRecord] = []
    for s in root.iter("Sentence"):
        rid = s.get("id", "?")
        expected: set[tuple[str, str, str]] = set()
        error: str | None = None
        for ev in s.findall("EventCoding"):
            if ev.get("noevents"):
                continue
            if ev.get("error"):  # dateline, story/sentence discard, bad input parse: no event is coded
                error = ev.get("error")
                continue
            expected.add((ev.get("sourcecode", ""), ev.get("targetcode", ""), ev.get("eventcode", "")))
        body = " ".join((s.findtext("Text") or "").split())
        records.append(UnitRecord(rid, _category(s.get("category", "?")), _date(s.get("date")), body,
                                  frozenset(expected), comments.get(rid), error))
    return env, records


@contextlib.contextmanager
def fictional_codebook(event_extra: set[str], agent_extra: set[str]) -> Iterator[None]:
    """Let our loaders accept the suite's own event and agent codes while the evaluation runs."""
    import schemas.codebook as cb
    import transforms.actors.dictionary as ad
    import transforms.events.controls as ec
    import transforms.events.patterns as ep

    real_events, real_types = cb.event_codes, cb.actor_types
    events = dict(real_events())
    for code in event_extra:
        events.setdefault(code, cb.EventCode(code, "petrarch unit-test code", code[:3], code[:2], 1, 0.0))
    types = dict(real_types())
    for code in agent_extra:
        types.setdefault(code, ("petrarch unit-test agent", "role"))

    def ev() -> dict[str, cb.EventCode]:
        return events

    def at() -> dict[str, tuple[str, str]]:
        return types

    saved = (ep.event_codes, ec.event_codes, ad.actor_types)
    ep.event_codes, ec.event_codes, ad.actor_types = ev, ev, at  # type: ignore[assignment]
    try:
        yield
    finally:
        ep.event_codes, ec.event_codes, ad.actor_types = saved


def _suite_codes(env: dict[str, Path]) -> tuple[set[str], set[str]]:
    from transforms.petrarch.agents import read_agents
    from transforms.petrarch.verbs import read_verbs

    events: set[str] = set()
    if "verbs" in env:
        v = read_verbs(env["verbs"], [])
        for b in v.blocks:
            for raw in [b.code, *(x.code for x in b.verbs), *(p.code for p in b.patterns)]:
                code = (raw or "").partition(":")[0].strip()
                if code.isdigit() and len(code) in (3, 4):
                    events.add(code)
    agents: set[str] = set()
    if "agents" in env:
        for a in read_agents(env["agents"], []).entries:
            agents.update(a.code[i:i + 3] for i in range(0, len(a.code) - len(a.code) % 3, 3))
    return events, agents


def evaluate_unit(path: Path, model: str | None = None) -> UnitReport:
    from transforms.coder import build_nlp
    from transforms.model import register_extensions
    from transforms.petrarch.build import Inputs, build_cached, summary_lines

    env, records = read_unit_records(path)
    ev_codes, ag_codes = _suite_codes(env)
    report = UnitReport()
    with fictional_codebook(ev_codes, ag_codes), tempfile.TemporaryDirectory(prefix="evw-petr-unit-") as tmp:
        def kind(k: str) -> tuple[Path, ...]:
            return tuple(p for name, p in env.items() if name == k)

        inp = Inputs(kind("verbs"), kind("actors"), kind("agents"), kind("discards"), replace=True)
        from schemas.codebook import actor_types

        built = build_cached(inp, Path(tmp), code_ok=lambda c: c in ev_codes,
                             agent_types=set(actor_types()) | ag_codes)
        report.unsupported = summary_lines(built.report)
        settings: dict[str, dict[str, Any]] = {
                    "cameo_actors": {"extra_files": [str(p) for p in built.actor_files], "keep_unknown": False},
                    "cameo_events": {"patterns_dir": str(built.patterns_dir or ""),
                                     "controls": str(built.controls or "")}}
        nlp = build_nlp(model, settings)
        register_extensions()
        for r in records:
            counts = report.per_category.setdefault(r.category, Counter())
            counts["records"] += 1
            if r.excluded:
                counts["excluded"] += 1
                report.excluded.append((r.id, r.excluded))
                continue
            doc = nlp.make_doc(r.text)
            doc._.event_date = r.date
            doc = nlp(doc)
            got = frozenset((e.source.code if e.source else "---", e.target.code if e.target else "---",
                             e.event_code) for e in (doc._.events or [])
                            if not (e.is_negated or e.is_hypothetical))
            got_codes = {(s or "", t or "", c) for s, t, c in got}
            if got_codes == set(r.expected):
                counts["exact"] += 1
            else:
                want = sorted(r.expected) or (f"error={r.error}" if r.error else "noevents")
                report.errors.append(f"{r.id} [{r.category}] expected {want} "
                                     f"got {sorted(got_codes) or 'nothing'} :: {r.text}")
    return report


def print_unit_report(report: UnitReport, console: Console) -> None:
    table = Table(title="PETRARCH unit records coded exactly (set of source, target, code)")
    for col in ("category", "records", "excluded", "scored", "exact", "share"):
        table.add_column(col, justify="left" if col == "category" else "right")
    for cat in sorted(report.per_category):
        c = report.per_category[cat]
        scored = c["records"] - c["excluded"]
        table.add_row(cat, str(c["records"]), str(c["excluded"]), str(scored), str(c["exact"]),
                      f"{c['exact'] / scored:.1%}" if scored else "-")
    n, x, ok = report.total("records"), report.total("excluded"), report.total("exact")
    table.add_row("all", str(n), str(x), str(n - x), str(ok), f"{ok / (n - x):.1%}" if n - x else "-")
    console.print(table)
    console.print(f"share of all {n} records (excluded counted as misses): {ok / n:.1%}" if n else "no records")
    if report.excluded:
        console.print("excluded (the file marks them as not implemented by PETRARCH-2):")
        for rid, why in report.excluded:
            console.print(escape(f"  {rid}: {why[:140]}"), highlight=False)
    for line in report.unsupported:
        console.print(escape(line), highlight=False)


def unit_command(path: Path, console: Console, errors: Path | None, model: str | None) -> None:
    """What `evw eval --kind petrarch-unit` runs."""
    report = evaluate_unit(path, model)
    print_unit_report(report, console)
    if errors is not None:
        errors.write_text("\n".join(report.errors) + "\n", encoding="utf-8")
        console.print(f"wrote {len(report.errors)} mismatching records to {errors}")
