"""Loads and validates the event pattern files (`patterns/*.pat`, `patterns/classes.txt`).

Compiles them into dicts keyed by the trigger lemma, so matching a token is a dict lookup; it must
not look at parses (that is `matching.py`). Format: see `patterns/README.md`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from schemas.codebook import event_codes

WORD = r"[a-z][a-z'-]*"
_LEMMA_RE = re.compile(rf"^(?:\*|{WORD}(?:\|{WORD})*)$")
_WORDS_RE = re.compile(rf"^{WORD}(?:\|{WORD})*$")
_CLASS_NAME_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_NOUN_ENTRY_RE = re.compile(rf"^{WORD}(?: {WORD})*$")
FLAGS = frozenset({"!recip", "!reverse"})


class PatternError(ValueError):
    """A pattern file is malformed; the message starts with `file:line:`."""


@dataclass(frozen=True, slots=True)
class NounSet:
    """Nouns a slot accepts: head lemma -> tuples of words that must precede it ('' entry = none)."""

    label: str
    heads: dict[str, tuple[tuple[str, ...], ...]]

    def __hash__(self) -> int:
        return hash(self.label)


@dataclass(frozen=True, slots=True)
class Clause:
    """One verb (or event noun) in a pattern chain and what must hang off it."""

    lemma: str  # '*' = any verb (complement clauses only)
    particle: str | None = None
    objects: NounSet | None = None
    preps: tuple[str, ...] = ()

    @property
    def constraints(self) -> int:
        return (self.lemma != "*") + (self.particle is not None) + (self.objects is not None) + bool(self.preps)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A pattern line, expanded for one trigger lemma."""

    pattern_id: str
    code: str
    clauses: tuple[Clause, ...]
    reciprocal: bool
    kind: str  # "verb" | "noun"
    where: str  # file:line
    trigger_mods: tuple[tuple[str, ...], ...] = ((),)  # noun patterns: words required before the noun
    reverse: bool = False  # the target acts on the subject ("received weapons from X": X -> subject)

    @property
    def specificity(self) -> int:
        return sum(c.constraints for c in self.clauses)


@dataclass
class PatternBook:
    """All patterns, compiled: trigger lemma -> patterns, most specific first."""

    verbs: dict[str, list[Pattern]] = field(default_factory=dict)
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    classes: dict[str, NounSet] = field(default_factory=dict)
    version: str = ""
    lines: int = 0

    def all_patterns(self) -> list[Pattern]:
        out = [p for ps in self.verbs.values() for p in ps] + [p for ps in self.nouns.values() for p in ps]
        return sorted(out, key=lambda p: p.pattern_id)


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].strip()


def parse_classes(text: str, filename: str) -> dict[str, NounSet]:
    """`NAME: noun, noun phrase, ...` lines -> noun sets."""
    classes: dict[str, NounSet] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw)
        if not line:
            continue
        where = f"{filename}:{lineno}"
        name, sep, rest = line.partition(":")
        name = name.strip()
        if not sep or not _CLASS_NAME_RE.match(name):
            raise PatternError(f"{where}: expected `NAME: noun, noun, ...` with an UPPERCASE name")
        if name in classes:
            raise PatternError(f"{where}: noun class {name} defined twice")
        entries = [e.strip().lower() for e in rest.split(",") if e.strip()]
        if not entries:
            raise PatternError(f"{where}: noun class {name} has no nouns")
        classes[name] = _noun_set(name, entries, where)
    return classes


def _noun_set(label: str, entries: Iterable[str], where: str) -> NounSet:
    heads: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        if not _NOUN_ENTRY_RE.match(entry):
            raise PatternError(f"{where}: bad noun {entry!r} (lowercase words, spaces between words)")
        *mods, head = entry.split(" ")
        heads.setdefault(head, []).append(tuple(mods))
    return NounSet(label, {h: tuple(sorted(set(m), key=len, reverse=True)) for h, m in heads.items()})


_TOKEN_RE = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|>|!\w+|[^\s{}\[\]()>!]+")


def _object_set(inner: str, tok: str, where: str, classes: dict[str, NounSet]) -> NounSet:
    """`{CLASS}`, `{noun|noun}` or a mix `{CLASS|noun|OTHER}` -> one noun set."""
    heads: dict[str, set[tuple[str, ...]]] = {}
    for part in inner.split("|"):
        part = part.strip()
        if _CLASS_NAME_RE.match(part):
            if part not in classes:
                raise PatternError(f"{where}: unknown noun class {part!r} (define it in classes.txt)")
            source = classes[part]
        elif _NOUN_ENTRY_RE.match(part):
            source = _noun_set(part, [part], where)
        else:
            raise PatternError(f"{where}: bad object {tok!r}: {{CLASS}}, {{noun}} or several joined by |")
        for head, mods in source.heads.items():
            heads.setdefault(head, set()).update(mods)
    return NounSet(inner, {h: tuple(sorted(m, key=len, reverse=True)) for h, m in heads.items()})


def _parse_clause(tokens: list[str], where: str, classes: dict[str, NounSet], first: bool) -> Clause:
    if not tokens:
        raise PatternError(f"{where}: empty clause (a `>` must be followed by a verb)")
    lemma, rest = tokens[0], tokens[1:]
    if not _LEMMA_RE.match(lemma):
        raise PatternError(f"{where}: bad verb/noun {lemma!r}: lowercase lemma(s) joined by `|`, or `*`")
    if lemma == "*" and first:
        raise PatternError(f"{where}: `*` (any verb) is allowed only after `>`")
    particle: str | None = None
    objects: NounSet | None = None
    preps: tuple[str, ...] = ()
    order = 0
    for tok in rest:
        if tok.startswith("("):
            inner = tok[1:-1].strip()
            if order >= 1 or not re.fullmatch(WORD, inner):
                raise PatternError(f"{where}: bad particle {tok!r} (one word, right after the verb)")
            particle, order = inner, 1
        elif tok.startswith("{"):
            inner = tok[1:-1].strip()
            if order >= 2:
                raise PatternError(f"{where}: object {tok!r} must come before the preposition")
            objects = _object_set(inner, tok, where, classes)
            order = 2
        elif tok.startswith("["):
            inner = tok[1:-1].strip()
            if order >= 3 or not _WORDS_RE.match(inner):
                raise PatternError(f"{where}: bad preposition {tok!r}: [prep] or [prep|prep], last in a clause")
            preps, order = tuple(inner.split("|")), 3
        else:
            raise PatternError(f"{where}: unexpected {tok!r} (one verb per clause; use `>` for a complement)")
    return Clause("*" if lemma == "*" else lemma, particle, objects, preps)


def parse_patterns(text: str, filename: str, classes: dict[str, NounSet], kind: str) -> list[Pattern]:
    """Lines `CODE  pattern  [!flags]  [# comment]` -> patterns, one per trigger lemma."""
    codes = event_codes()
    out: list[Pattern] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw)
        if not line:
            continue
        where = f"{filename}:{lineno}"
        code, _, body = line.partition(" ")
        code = code.strip()
        if not code.isdigit() or len(code) not in (3, 4):
            raise PatternError(f"{where}: line must start with a 3- or 4-digit CAMEO code, got {code!r}")
        if code not in codes:
            raise PatternError(f"{where}: unknown CAMEO code {code!r} (see schemas/data/cameo_event_codes.tsv)")
        tokens = _TOKEN_RE.findall(body)
        leftovers = _TOKEN_RE.sub("", body).strip()
        if leftovers:
            raise PatternError(f"{where}: cannot parse {leftovers!r}")
        flags = {t for t in tokens if t.startswith("!")}
        unknown = flags - FLAGS
        if unknown:
            raise PatternError(f"{where}: unknown flag {sorted(unknown)[0]!r} (known: {', '.join(sorted(FLAGS))})")
        tokens = [t for t in tokens if not t.startswith("!")]
        groups: list[list[str]] = [[]]
        for t in tokens:
            if t == ">":
                groups.append([])
            else:
                groups[-1].append(t)
        if kind == "noun" and len(groups) > 1:
            raise PatternError(f"{where}: noun patterns take no `>` complement")
        noun_trigger: NounSet | None = None
        if kind == "noun" and groups[0] and groups[0][0].startswith("{"):
            first_tok = groups[0][0]
            noun_trigger = _object_set(first_tok[1:-1].strip(), first_tok, where, classes)
            groups[0][0] = "x"  # placeholder lemma, replaced per head noun below
        clauses = [_parse_clause(g, where, classes, i == 0) for i, g in enumerate(groups)]
        head = clauses[0]
        if noun_trigger is not None:
            triggers = [(h, mods) for h, mods in sorted(noun_trigger.heads.items())]
            label = "{" + noun_trigger.label + "}"
        else:
            triggers = [(lemma, ((),)) for lemma in head.lemma.split("|")]
            label = ""
        line_ids: set[str] = set()
        for lemma, mods in triggers:
            first = Clause(lemma, head.particle, head.objects, head.preps)
            chain = (first, *clauses[1:])
            pid = f"{kind}:{_slug(chain, label)}"
            if pid in seen and pid not in line_ids:
                raise PatternError(f"{where}: duplicate pattern {pid!r} (first at line {seen[pid]})")
            seen[pid] = lineno
            line_ids.add(pid)
            out.append(Pattern(pid, code, chain, "!recip" in flags, kind, where, tuple(mods) or ((),),
                               "!reverse" in flags))
    return out


def _slug(chain: tuple[Clause, ...], trigger_label: str = "") -> str:
    parts = []
    for i, c in enumerate(chain):
        s = trigger_label if (i == 0 and trigger_label) else c.lemma
        if c.particle:
            s += f"({c.particle})"
        if c.objects:
            s += "{" + c.objects.label + "}"
        if c.preps:
            s += "[" + "|".join(c.preps) + "]"
        parts.append(s)
    return ">".join(parts)


def compile_book(classes: dict[str, NounSet], patterns: Iterable[Pattern], version: str, lines: int) -> PatternBook:
    """Index patterns by trigger lemma (nouns: every head noun of a class trigger), most specific first."""
    book = PatternBook(classes=classes, version=version, lines=lines)
    for p in patterns:
        head = p.clauses[0]
        if p.kind == "verb":
            book.verbs.setdefault(head.lemma, []).append(p)
        else:
            book.nouns.setdefault(head.lemma, []).append(p)
    for index in (book.verbs, book.nouns):
        for ps in index.values():
            ps.sort(key=lambda p: (-p.specificity, p.pattern_id))
    return book


def _bundled_dir() -> Path:
    return Path(str(resources.files("transforms.events").joinpath("patterns")))


def load_book(directory: Path | None = None, extra_files: Iterable[Path] = ()) -> PatternBook:
    """Read classes.txt, verbs*.pat and nouns*.pat from `directory` (default: the bundled ones)."""
    d = directory or _bundled_dir()
    classes_path = d / "classes.txt"
    if not classes_path.is_file():
        raise PatternError(f"{classes_path}: noun class file missing")
    files = sorted(d.glob("*.pat")) + [Path(p) for p in extra_files]
    digest = hashlib.sha256()
    ctext = classes_path.read_text(encoding="utf-8")
    digest.update(ctext.encode())
    classes = parse_classes(ctext, classes_path.name)
    patterns: list[Pattern] = []
    lines = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        digest.update(f.name.encode() + b"\0" + text.encode())
        kind = "noun" if f.name.startswith("nouns") else "verb"
        parsed = parse_patterns(text, f.name, classes, kind)
        lines += len({p.where for p in parsed})
        patterns.extend(parsed)
    _check_overlaps(patterns)
    ids: dict[str, str] = {}
    for p in patterns:
        if p.pattern_id in ids and ids[p.pattern_id] != p.where:
            raise PatternError(f"{p.where}: duplicate pattern {p.pattern_id!r} (also at {ids[p.pattern_id]})")
        ids[p.pattern_id] = p.where
    return compile_book(classes, patterns, digest.hexdigest()[:12], lines)


def _check_overlaps(patterns: Iterable[Pattern]) -> None:
    """Two patterns that differ only in preposition lists that share a preposition are ambiguous."""
    seen: dict[str, list[Pattern]] = {}
    for p in patterns:
        bare = tuple(Clause(c.lemma, c.particle, c.objects, ()) for c in p.clauses)
        key = f"{p.kind}:{_slug(bare)}:{p.trigger_mods}"
        for other in seen.get(key, []):
            if other.code != p.code and all(
                set(a.preps) & set(b.preps) or (not a.preps and not b.preps)
                for a, b in zip(p.clauses, other.clauses, strict=True)
            ):
                raise PatternError(f"{p.where}: {p.pattern_id!r} overlaps {other.pattern_id!r} ({other.where}) "
                                   f"with a different code")
        seen.setdefault(key, []).append(p)


@functools.cache
def default_book() -> PatternBook:
    """The bundled patterns, loaded once per process."""
    return load_book()
