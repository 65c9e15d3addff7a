"""Reader for PETRARCH verb dictionaries (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`).

Layout: synsets (`&NAME` then `+phrase` lines), verb blocks (`--- NAME [CODE] ---`, then verb lines
`VERB {IRREGULAR FORMS} [CODE]`, compound verbs `+WORD_+VERB_WORD {forms}`, then pattern lines
`- WORDS * WORDS [CODE]`), and a transformation section (`~ a (a b ATTACK) SAY = a b 015`). The
`####### SYNONYM SETS #######` / `VERB PATTERNS` / `TRANSFORMATIONS` headings are comments that
only tell the sections apart. Patterns: `*` (or `**`) is the verb, `$` the source, `+` the target,
`%` a compound actor (source and target in one phrase), `^` skip a phrase, `(...)` a prepositional
phrase, `{...}` a noun phrase, `&NAME` a synset, `_` joins words that must be consecutive.
Codes are `[ddd]`, `[ddd:ddd]` (a paired code: the second event goes from target to source) or
`[---]` (the null code: the match blocks coding). Errors name `file:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from transforms.petrarch.reader import PetrarchError, content_lines, read_text, words_of

MARKERS = frozenset({"*", "$", "+", "%", "^"})


@dataclass
class Synset:
    name: str  # without `&` and the trailing `_`
    phrases: list[tuple[str, ...]]  # each a tuple of words or `&NAME` references
    no_plural: bool
    where: str


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb of a block: the verb word, words before/after it (compound verbs), its own code."""

    word: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    forms: tuple[str, ...]
    code: str | None
    where: str

    @property
    def compound(self) -> bool:
        return bool(self.before or self.after)


@dataclass(frozen=True, slots=True)
class VerbPattern:
    tokens: tuple[str, ...]  # words, markers, `(`, `)`, `{`, `}`, `&NAME`
    code: str  # as written: `064`, `042:043`, `---`
    where: str

    @property
    def upper(self) -> tuple[str, ...]:
        """Tokens before the verb marker."""
        i = self.tokens.index("*")
        return self.tokens[:i]

    @property
    def lower(self) -> tuple[str, ...]:
        """Tokens after the verb marker."""
        i = self.tokens.index("*")
        return self.tokens[i + 1:]


@dataclass
class VerbBlock:
    name: str
    code: str | None  # None when the header has no code (null code)
    where: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)
    extra_codes: str = ""  # further `[CODE]`s in the header (ignored: the first one counts)


@dataclass
class VerbFile:
    path: Path
    encoding: str
    synsets: dict[str, Synset]
    blocks: list[VerbBlock]
    transformations: list[tuple[str, str]]  # (rule text, file:line)
    sections: list[str]  # the `####### NAME #######` headings in order

    @property
    def patterns(self) -> int:
        return sum(len(b.patterns) for b in self.blocks)

    @property
    def verbs(self) -> int:
        return sum(len(b.verbs) for b in self.blocks)


_HEADER_RE = re.compile(r"^(?:---|###)\s*(?P<name>[^\[]*?)\s*(?P<codes>(?:\[[^\]]*\]\s*)*)[-#\s]*$")
_BRACKET_RE = re.compile(r"\[([^\]]*)\]")
_SECTION_RE = re.compile(r"^#{4,}\s*([A-Z][A-Z ]+?)\s*#{4,}\s*$")
_CODE_TAIL_RE = re.compile(r"\[(?P<code>[^\]]*)\]\s*$")
_VERB_RE = re.compile(r"^(?P<word>[^{\[]+?)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
_SYMBOL_RE = re.compile(r"\*\*|[*$+%^(){}]|&[A-Za-z0-9_]+|[^\s_*$+%^(){}&]+")


def _synset_name(raw: str) -> tuple[str, bool]:
    name = raw.strip().lstrip("&")
    return name.rstrip("_"), name.endswith("_")


def tokenize(body: str, where: str) -> tuple[str, ...]:
    """Pattern text -> tokens (`_` and blanks separate; markers, brackets and synsets are tokens)."""
    out: list[str] = []
    for m in _SYMBOL_RE.finditer(body):
        tok = m.group(0)
        if tok == "**":
            tok = "*"
        if tok.startswith("&"):
            tok = "&" + tok[1:].rstrip("_")
            if tok == "&":
                raise PetrarchError(f"{where}: `&` without a synset name")
        out.append(tok)
    return tuple(out)


def _pattern(body: str, where: str) -> VerbPattern:
    m = _CODE_TAIL_RE.search(body)
    if not m:
        raise PetrarchError(f"{where}: pattern has no [CODE] at the end: {body.strip()!r}")
    code = m["code"].strip()
    if not code:
        raise PetrarchError(f"{where}: empty code []")
    text = body[: m.start()]
    if "[" in text or "]" in text:
        raise PetrarchError(f"{where}: stray [ ] in pattern {body.strip()!r}")
    tokens = tokenize(text, where)
    if tokens.count("*") != 1:
        raise PetrarchError(f"{where}: a pattern needs exactly one `*` for the verb, got {tokens.count('*')}")
    depth = 0
    for t in tokens:
        if t in "({":
            depth += 1
        elif t in ")}":
            depth -= 1
        if depth < 0:
            raise PetrarchError(f"{where}: unbalanced brackets in {body.strip()!r}")
    if depth:
        raise PetrarchError(f"{where}: unbalanced brackets in {body.strip()!r}")
    return VerbPattern(tokens, code, where)


def _verb(line: str, where: str) -> Verb:
    m = _VERB_RE.match(line)
    if not m:
        raise PetrarchError(f"{where}: expected `VERB {{FORMS}} [CODE]`, got {line!r}")
    raw = m["word"].strip()
    forms = tuple(f for f in re.split(r"[\s]+", (m["forms"] or "").strip()) if f)
    code = (m["code"] or "").strip() or None
    if raw.startswith("+"):  # compound verb: `+BREAK_DOWN`, `KLM_NOP_+RST`, `+ANGERED_BY`
        raw = raw[1:]
    parts = [p for p in re.split(r"[\s_]+", raw) if p]
    if not parts:
        raise PetrarchError(f"{where}: empty verb")
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    i = marked[0] if marked else 0
    parts = [p.lstrip("+") for p in parts]
    if not all(re.fullmatch(r"[A-Za-z][A-Za-z'-]*", p) for p in parts):
        raise PetrarchError(f"{where}: bad verb {line.strip()!r} (letters, `_` between words)")
    return Verb(parts[i], tuple(parts[:i]), tuple(parts[i + 1:]), tuple(f.lstrip("+") for f in forms), code, where)


def read_verbs(path: Path, errors: list[str] | None = None) -> VerbFile:
    """Read one verb dictionary; raises PetrarchError(`file:line: reason`), or, when `errors` is a
    list, appends the message there and skips the line (as PETRARCH skips bad patterns)."""
    text, encoding = read_text(path)
    sections = [m.group(1).strip() for line in text.splitlines() if (m := _SECTION_RE.match(line.strip()))]
    synsets: dict[str, Synset] = {}
    blocks: list[VerbBlock] = []
    transformations: list[tuple[str, str]] = []
    mode = "none"
    current_syn: Synset | None = None
    block: VerbBlock | None = None
    for lineno, line in content_lines(text):
        try:
            where = f"{path.name}:{lineno}"
            s = line.strip()
            if s.startswith("---") or (s.startswith("###") and s.endswith("###")):
                m = _HEADER_RE.match(s)
                if not m:
                    raise PetrarchError(f"{where}: bad verb block header {s!r}; use `--- NAME [CODE] ---`")
                codes = [c.strip() for c in _BRACKET_RE.findall(m["codes"])]
                code = codes[0] if codes and codes[0] else None
                block = VerbBlock(m["name"].strip("- ") or f"block@{lineno}", code, where,
                                  extra_codes=" ".join(codes[1:]))
                blocks.append(block)
                mode = "block"
                continue
            if s.startswith("&"):
                name, no_plural = _synset_name(s.split()[0])
                if not re.fullmatch(r"[A-Za-z0-9_]+", name):
                    raise PetrarchError(f"{where}: bad synset name {s!r}")
                if name in synsets:
                    raise PetrarchError(f"{where}: synset &{name} defined twice (first at {synsets[name].where})")
                current_syn = Synset(name, [], no_plural, where)
                synsets[name] = current_syn
                mode = "synset"
                continue
            if s.startswith("~"):
                transformations.append((s, where))
                mode = "none" if block is None else "block"
                continue
            if s.startswith("+") and mode == "synset" and current_syn is not None:
                words = tuple(tokenize(s[1:], where))
                bad = [w for w in words if w in MARKERS or w in "(){}"]
                if bad or not words:
                    raise PetrarchError(f"{where}: a synset phrase holds only words or &SYNSETS, got {s!r}")
                current_syn.phrases.append(words)
                continue
            if mode == "synset":
                mode = "none" if block is None else "block"
            if s.startswith("-"):
                if block is None:
                    raise PetrarchError(f"{where}: pattern before any verb block (`--- NAME [CODE] ---`)")
                block.patterns.append(_pattern(s[1:], where))
                continue
            if block is None:
                raise PetrarchError(f"{where}: verb {s!r} before any verb block (`--- NAME [CODE] ---`)")
            block.verbs.append(_verb(s, where))
        except PetrarchError as exc:
            if errors is None:
                raise
            errors.append(str(exc))
    for syn in synsets.values():
        if not syn.phrases:
            raise PetrarchError(f"{syn.where}: synset &{syn.name} has no `+phrase` lines")
    return VerbFile(path, encoding, synsets, blocks, transformations, sections)


def phrase_words(phrase: str) -> list[str]:
    return words_of(phrase)
