"""Builds the converted dictionary directory the components load: reads the PETRARCH files, converts
them, checks the patterns against our loader's rules (duplicates and overlaps dropped, counted) and
writes everything under a directory named by the content hash of the inputs, so a changed
dictionary gives a new directory (and so a new coder fingerprint) and an unchanged one is reused.

Layout of `<cache>/<hash>/`: `patterns/` (classes.txt + *.pat, a full `patterns_dir`), `actors/*.tsv`
(extra actor dictionaries), `controls.yaml` (when there are discards), `report.json` (counts,
issues, `pattern_sources`: our pattern id -> `petrarch:FILE:LINE`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from transforms.petrarch.actors import read_actors
from transforms.petrarch.agents import read_agents
from transforms.petrarch.convert import (
    convert_actors,
    convert_agents,
    convert_discards,
    convert_verbs,
    digest,
    dumps,
)
from transforms.petrarch.discards import read_discards
from transforms.petrarch.reader import Issues
from transforms.petrarch.verbs import read_verbs

PAT_NAME = "verbs_zz_petrarch.pat"


@dataclass(frozen=True)
class Inputs:
    """What to convert (absolute paths) and how."""

    verbs: tuple[Path, ...] = ()
    actors: tuple[Path, ...] = ()
    agents: tuple[Path, ...] = ()
    discards: tuple[Path, ...] = ()
    replace: bool = False
    patterns_dir: Path | None = None  # the user's own replacement patterns (else the bundled ones)
    extra_patterns: tuple[Path, ...] = ()
    controls: Path | None = None

    def all_files(self) -> list[Path]:
        return [*self.verbs, *self.actors, *self.agents, *self.discards]


@dataclass
class Built:
    directory: Path
    patterns_dir: Path | None
    actor_files: list[Path]
    controls: Path | None
    report: dict[str, Any] = field(default_factory=dict)


def _bundled_patterns() -> Path:
    return Path(str(resources.files("transforms.events").joinpath("patterns")))


def _bundled_controls() -> Path:
    return _bundled_patterns() / "controls.yaml"


def default_cache() -> Path:
    base = os.environ.get("EVW_PETRARCH_CACHE")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "evw" / "petrarch"


def input_key(inp: Inputs, extra: bytes = b"") -> str:
    """Content hash of everything the conversion reads."""
    parts: list[bytes] = [repr((inp.replace, len(inp.verbs), len(inp.actors), len(inp.agents),
                                len(inp.discards))).encode(), extra]
    for p in inp.all_files():
        parts.append(p.name.encode() + b"\0" + p.read_bytes())
    if inp.verbs and not inp.replace:
        base = inp.patterns_dir or _bundled_patterns()
        for f in sorted([base / "classes.txt", *base.glob("*.pat")]):
            parts.append(f.name.encode() + b"\0" + f.read_bytes())
        parts.extend(p.name.encode() + b"\0" + p.read_bytes() for p in inp.extra_patterns)
    if inp.discards:
        ctl = inp.controls or _bundled_controls()
        parts.append(ctl.read_bytes())
    return digest(parts)


def _pattern_key(p: Any) -> tuple[Any, ...]:
    bare = tuple((c.lemma, c.particle, c.objects.label if c.objects else None) for c in p.clauses)
    return p.kind, bare, p.trigger_mods


def _overlaps(a: Any, b: Any) -> bool:
    return bool(a.code != b.code and all(set(x.preps) & set(y.preps) or (not x.preps and not y.preps)
                                         for x, y in zip(a.clauses, b.clauses, strict=True)))


def convert_to(inp: Inputs, out: Path, code_ok: Callable[[str], bool] | None = None,
               agent_types: set[str] | None = None) -> Built:
    """Convert `inp` into directory `out` (created; must not exist or be empty)."""
    from schemas.codebook import actor_types, event_codes
    from transforms.events.patterns import PatternError, load_book, parse_classes, parse_patterns

    codes_ok = code_ok or (lambda c: c in event_codes())
    issues = Issues()
    errors: list[str] = []
    report: dict[str, Any] = {"inputs": [p.name for p in inp.all_files()], "replace": inp.replace}
    out.mkdir(parents=True, exist_ok=True)
    patterns_dir: Path | None = None
    sources: dict[str, str] = {}
    if inp.verbs:
        vfiles = [read_verbs(p, errors) for p in inp.verbs]
        conv = convert_verbs(vfiles, codes_ok)
        issues.merge(conv.issues)
        patterns_dir = out / "patterns"
        patterns_dir.mkdir(exist_ok=True)
        base_classes = ""
        taken: dict[str, Any] = {}
        bare: dict[tuple[Any, ...], list[Any]] = {}
        if not inp.replace:
            base = inp.patterns_dir or _bundled_patterns()
            base_classes = (base / "classes.txt").read_text(encoding="utf-8")
            for f in sorted(base.glob("*.pat")):
                shutil.copyfile(f, patterns_dir / f.name)
            for f in inp.extra_patterns:
                shutil.copyfile(f, patterns_dir / f"extra_{f.name}")
            book = load_book(base, list(inp.extra_patterns))
            for p in book.all_patterns():
                taken[p.pattern_id] = p
                bare.setdefault(_pattern_key(p), []).append(p)
        petr_classes = "".join(f"{name}: {', '.join(entries)}\n" for name, entries in conv.classes.items())
        classes_text = base_classes.rstrip("\n") + ("\n" if base_classes else "") + petr_classes
        (patterns_dir / "classes.txt").write_text(classes_text, encoding="utf-8")
        classes = parse_classes(classes_text, "classes.txt")
        kept: list[str] = []
        for text, where in conv.lines:
            try:
                parsed = parse_patterns(text, PAT_NAME, classes, "verb")
            except PatternError as exc:
                issues.add(f"converted pattern rejected by our loader: {str(exc).split(': ', 1)[-1][:60]}", where)
                continue
            p = parsed[0]
            if p.pattern_id in taken:
                issues.add("duplicate of an earlier pattern (first kept)" if p.pattern_id in sources
                           else "same pattern as one of ours (ours kept)", where)
                continue
            if any(_overlaps(p, o) for o in bare.get(_pattern_key(p), [])):
                issues.add("overlaps an earlier pattern with another code (first kept)", where)
                continue
            taken[p.pattern_id] = p
            bare.setdefault(_pattern_key(p), []).append(p)
            sources[p.pattern_id] = f"petrarch:{where}"
            kept.append(f"{text}  # petrarch:{where}\n")
        header = ("# Converted by `evw dictionaries convert --from petrarch` from "
                  + ", ".join(p.name for p in inp.verbs) + "; do not edit by hand.\n")
        (patterns_dir / PAT_NAME).write_text(header + "".join(kept), encoding="utf-8")
        report["verbs"] = {"blocks": sum(len(f.blocks) for f in vfiles), "patterns": sum(f.patterns for f in vfiles),
                           "verbs": sum(f.verbs for f in vfiles), "synsets": sum(len(f.synsets) for f in vfiles),
                           "transformations": sum(len(f.transformations) for f in vfiles),
                           "lines_written": len(kept), "classes_written": len(conv.classes)}
    actor_files: list[Path] = []
    if inp.actors or inp.agents:
        adir = out / "actors"
        adir.mkdir(exist_ok=True)
        reserved: list[str] = []
        declared: list[str] = []
        if not inp.replace and inp.actors:
            from transforms.actors.dictionary import load_dictionaries

            ours = load_dictionaries()
            reserved = list(ours.person_phrases)
            declared = sorted(ours.country_codes)
        if inp.actors:
            afiles = [read_actors(p, errors) for p in inp.actors]
            aconv = convert_actors(afiles, reserved, declared)
            issues.merge(aconv.issues)
            for name, text in sorted(aconv.files.items()):
                (adir / name).write_text(text, encoding="utf-8")
                actor_files.append(adir / name)
            report["actors"] = {"records": sum(len(f.entries) for f in afiles),
                                "phrases": sum(f.phrases for f in afiles), "dated": sum(f.dated for f in afiles),
                                "encodings": {f.path.name: f.encoding for f in afiles}}
        if inp.agents:
            gfiles = [read_agents(p, errors) for p in inp.agents]
            text, gissues = convert_agents(gfiles, agent_types or set(actor_types()))
            issues.merge(gissues)
            (adir / "zz_petrarch_agents.tsv").write_text(text, encoding="utf-8")
            actor_files.append(adir / "zz_petrarch_agents.tsv")
            report["agents"] = {"entries": sum(len(f.entries) for f in gfiles)}
    controls: Path | None = None
    if inp.discards:
        dfiles = [read_discards(p) for p in inp.discards]
        base_ctl = (inp.controls or _bundled_controls()).read_text(encoding="utf-8")
        text, dissues = convert_discards(dfiles, base_ctl, inp.replace)
        issues.merge(dissues)
        controls = out / "controls.yaml"
        controls.write_text(text, encoding="utf-8")
        report["discards"] = {"phrases": sum(len(f.entries) for f in dfiles)}
    for e in errors:
        issues.add("malformed line skipped", e.split(": ", 1)[0])
    report["errors"] = errors
    report["unsupported"] = {k: {"count": n, "first": issues.first[k]} for k, n in sorted(issues.counts.items())}
    report["pattern_sources"] = sources
    (out / "report.json").write_text(dumps(report), encoding="utf-8")
    return Built(out, patterns_dir, actor_files, controls, report)


def build_cached(inp: Inputs, cache: Path | None = None, code_ok: Callable[[str], bool] | None = None,
                 agent_types: set[str] | None = None, key_extra: bytes = b"") -> Built:
    """The converted directory for `inp` under `cache/<hash>/`, converting only when it is missing."""
    root = cache or default_cache()
    target = root / input_key(inp, key_extra)
    if not (target / "report.json").is_file():
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        try:
            convert_to(inp, tmp, code_ok, agent_types)
            try:
                tmp.rename(target)
            except OSError:  # another process finished first
                if not (target / "report.json").is_file():
                    raise
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    import json

    report = json.loads((target / "report.json").read_text(encoding="utf-8"))
    pdir = target / "patterns"
    actors = sorted((target / "actors").glob("*.tsv")) if (target / "actors").is_dir() else []
    ctl = target / "controls.yaml"
    return Built(target, pdir if pdir.is_dir() else None, actors, ctl if ctl.is_file() else None, report)


def summary_lines(report: dict[str, Any]) -> list[str]:
    """Human-readable counts and the unsupported constructs, one per line."""
    out = []
    for part in ("verbs", "actors", "agents", "discards"):
        if part in report:
            out.append(f"{part}: " + ", ".join(f"{k} {v}" for k, v in report[part].items() if not isinstance(v, dict)))
    uns: dict[str, dict[str, Any]] = report.get("unsupported", {})
    if uns:
        out.append(f"not expressible / approximated ({sum(v['count'] for v in uns.values())}):")
        for k, v in sorted(uns.items(), key=lambda kv: -kv[1]["count"]):
            out.append(f"  {v['count']:6d}  {k}  (first at {v['first']})")
    return out


def inputs_from(paths: Sequence[Path], replace: bool) -> Inputs:
    """Sort files by kind from their names (`*.verbs.txt`/`CAMEO*` verbs, `*actors*`, `*agents*`,
    `*discards*`); used by `evw dictionaries convert`."""
    from transforms.petrarch.detect import kind_of

    groups: dict[str, list[Path]] = {"verbs": [], "actors": [], "agents": [], "discards": []}
    for p in paths:
        groups[kind_of(p)].append(p.resolve())
    return Inputs(tuple(groups["verbs"]), tuple(groups["actors"]), tuple(groups["agents"]),
                  tuple(groups["discards"]), replace)
