"""Converts PETRARCH dictionaries into our own formats (patterns `.pat` + `classes.txt`, actor TSV
files, a `controls.yaml` with the discard list), deterministically.

PETRARCH patterns are written against a constituency parse; each is translated to the nearest
dependency condition of our pattern format (`transforms/events/patterns/README.md`):

* `*` is the verb (its lemma; irregular `{forms}` are not needed, we match lemmas); compound verbs
  `+BREAK_DOWN` become `break (down)`; words *before* the verb in a compound are not expressible.
* words after the verb (a noun phrase, `{...}`, `&SYNSET`) become the object noun `{...}`, which we
  match as the direct object, passive subject or object of one of the verb's prepositions; a synset
  becomes a noun class `PETR_<NAME>`; a synset inside a multi-word phrase is expanded inline.
* `(PREP NOUN)` becomes the object noun (the preposition itself is not checked); `(PREP +)`,
  `PREP +`, `(PREP)` become the target preposition `[prep]`; `TO VERB` becomes a complement `> verb`.
* a synset made only of prepositions (`&PREPOSIT1`) is a preposition: before a noun it is not
  checked (`* &PREPOSIT1 RESOLUTION` -> `act {resolution}`), before `+` it is the target's `[a|b]`.
* `&NAME_WORD` where only `&NAME` is defined is the synset followed by WORD (`&TIETYPES_MEMOS`).
* a preposition right after a noun phrase ends it (`* &TIETYPES_MEMOS FROM` -> `{... memos} [from]`);
  a noun phrase with a prepositional phrase inside (`MEMOS_ON_&TIETYPES`) is not expressible.
* words before the verb that are a governing verb (a dictionary verb's form, or a regular `-ED`
  past) followed only by modal words become a complement chain: `INDICATED WOULD *` ->
  `indicate > act`, `SAID *` -> `say > act` (the modal words are not checked, counted).
* `%` (compound actor) becomes `!recip`; a target `+` before the verb or a source `$` after it
  becomes `!reverse`.
* `[a:b]` paired codes keep `a` (our lines carry one code); `[---]` null-code patterns (which block
  coding in PETRARCH) cannot be expressed; other words before the verb (`NOT *`, `HAS *`, subject
  nouns such as `&AIRCRAFT *`) cannot either.

Everything not expressible is counted in `Issues` (and reported once by the callers).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from transforms.actors.dictionary import INTERNATIONAL
from transforms.petrarch.actors import ActorFile, Restriction
from transforms.petrarch.agents import AgentFile
from transforms.petrarch.discards import DiscardFile
from transforms.petrarch.reader import Issues
from transforms.petrarch.verbs import Synset, Verb, VerbBlock, VerbFile, VerbPattern

#: Bump when the conversion output changes (part of the cache key).
CONVERTER_VERSION = "2"

PARTICLES = frozenset({"up", "down", "out", "off", "in", "on", "over", "back", "away", "forward", "through",
                       "along", "aside", "around", "together"})
PREPOSITIONS = frozenset({"to", "in", "on", "with", "for", "against", "from", "at", "by", "of", "into", "over",
                          "about", "toward", "towards", "upon", "near", "after", "before", "between", "under",
                          "through", "across", "among", "without", "within", "behind", "onto", "off", "like",
                          "as", "via", "amid", "beyond", "outside", "inside", "around"})
_WORD = re.compile(r"^[a-z][a-z'-]*$")
_MAX_EXPANSION = 60


# --- verbs --------------------------------------------------------------------------------------


@dataclass
class _Clause:
    lemma: str
    particle: str | None = None
    objects: list[str] = field(default_factory=list)  # alternatives: class names or lowercase phrases
    preps: list[str] = field(default_factory=list)

    def render(self) -> str:
        s = self.lemma
        if self.particle:
            s += f" ({self.particle})"
        if self.objects:
            s += " {" + "|".join(self.objects) + "}"
        if self.preps:
            s += " [" + "|".join(self.preps) + "]"
        return s

    def key(self) -> tuple[str, str | None, tuple[str, ...]]:
        return self.lemma, self.particle, tuple(self.objects)


class _Skip(Exception):
    """A pattern that cannot be expressed; the message is the issue kind."""


def class_name(synset: str) -> str:
    return "PETR_" + re.sub(r"[^A-Z0-9_]", "_", synset.upper())


@dataclass
class VerbConversion:
    classes: dict[str, list[str]]  # class name -> noun entries
    lines: list[tuple[str, str]]  # (.pat line without comment, petrarch source file:line)
    issues: Issues
    verbs: set[str]


def _flatten(name: str, synsets: dict[str, Synset], issues: Issues, where: str,
             stack: tuple[str, ...] = ()) -> list[str]:
    """The lowercase phrases of a synset (nested synsets flattened)."""
    syn = synsets.get(name)
    if syn is None:
        raise _Skip(f"undefined synset &{name}")
    out: list[str] = []
    for phrase in syn.phrases:
        parts: list[list[str]] = []
        for w in phrase:
            if w.startswith("&"):
                inner = w[1:]
                if inner in stack:
                    raise _Skip(f"recursive synset &{inner}")
                issues.add("nested synset flattened (PETRARCH-2 does not match these)", syn.where)
                parts.append(_flatten(inner, synsets, issues, where, (*stack, name)))
            else:
                parts.append([w.lower()])
        for combo in itertools.product(*parts):
            out.append(" ".join(combo))
    return out


def _split_synset(tok: str, synsets: dict[str, Synset]) -> list[str]:
    """`&TIETYPES_RELATIONS` (a synset joined to the next words by `_`, which our tokenizer cannot
    tell from a longer synset name) -> `&TIETYPES`, `RELATIONS` when only the prefix is defined."""
    if not tok.startswith("&") or tok[1:] in synsets:
        return [tok]
    parts = tok[1:].split("_")
    for n in range(len(parts) - 1, 0, -1):
        name = "_".join(parts[:n])
        if name in synsets:
            return [f"&{name}", *parts[n:]]
    return [tok]


def _prep_synset(tok: str, synsets: dict[str, Synset]) -> list[str] | None:
    """The prepositions of a synset made only of prepositions (`&PREPOSIT1` = AGAINST, IN, ON ...)."""
    syn = synsets.get(tok[1:]) if tok.startswith("&") else None
    if syn is None or not all(len(ph) == 1 and ph[0].lower() in PREPOSITIONS for ph in syn.phrases):
        return None
    return sorted({ph[0].lower() for ph in syn.phrases})


#: words before the verb that only mark tense, mood or the infinitive; not checked when the words
#: before the verb are a governing verb followed by these (`INDICATED WOULD *` -> `indicate > *`)
MODALS = frozenset({"would", "should", "may", "might", "will", "must", "can", "could", "to", "shall"})


def _governor(upper: list[str], verb_forms: dict[str, str]) -> str | None:
    """`INDICATED WOULD` / `SAID` before the verb -> the governing verb's lemma(s) (`indicate`), when
    the first word is a verb form and the rest are modal words; else None."""
    if not upper or any(not _WORD.match(t.lower()) for t in upper):
        return None
    head, rest = upper[0].lower(), [t.lower() for t in upper[1:]]
    if any(r not in MODALS for r in rest):
        return None
    if head in verb_forms:
        return verb_forms[head]
    if head.endswith("ed") and len(head) > 4:  # regular past: `indicated` -> indicate|indicat
        return "|".join(dict.fromkeys([head[:-1], head[:-2]]))
    return None


def _noun_alternatives(items: list[str], synsets: dict[str, Synset], issues: Issues, where: str,
                       used: dict[str, Synset]) -> list[str]:
    """Words / `&SYN` items of one noun phrase -> object alternatives (a class or literal phrases)."""
    if len(items) == 1 and items[0].startswith("&"):
        name = items[0][1:]
        if name not in synsets:
            raise _Skip("undefined synset")
        used[name] = synsets[name]
        return [class_name(name)]
    parts: list[list[str]] = []
    for w in items:
        if w.startswith("&"):
            parts.append(_flatten(w[1:], synsets, issues, where))
        else:
            parts.append([w.lower()])
    combos = [" ".join(c) for c in itertools.islice(itertools.product(*parts), _MAX_EXPANSION + 1)]
    if len(combos) > _MAX_EXPANSION:
        raise _Skip("synset inside a phrase expands to too many phrases")
    good = [c for c in combos if all(_WORD.match(w) for w in c.split())]
    if not good:
        raise _Skip("noun words with digits or symbols")
    return sorted(set(good))


def _translate(pattern: VerbPattern, verb: Verb, verb_lemmas: set[str], synsets: dict[str, Synset],
               issues: Issues, used: dict[str, Synset],
               verb_forms: dict[str, str] | None = None) -> tuple[list[_Clause], bool, bool]:
    """One PETRARCH pattern for one verb -> (clauses, reciprocal, reverse)."""
    recip = reverse = False
    upper = [t for t in pattern.upper if t != "$"]
    governor: str | None = None
    if upper == ["%"]:
        recip = True
    elif upper == ["+"]:
        reverse = True
    elif upper and (governor := _governor(upper, verb_forms or {})) is not None:
        if len(upper) > 1:
            issues.add("modal words between a governing verb and the verb not checked "
                       "(`INDICATED WOULD *` -> `indicate > verb`)", pattern.where)
    elif upper:
        raise _Skip("words before the verb (subject-side or auxiliary words)")
    first = _Clause(verb.word.lower())
    if verb.after:
        first.particle = verb.after[0].lower()
    clauses = [first]
    if governor is not None:
        clauses.insert(0, _Clause(governor))
    cur = first
    toks = [x for t in pattern.lower for x in _split_synset(t, synsets)]
    i = 0
    noun: list[str] = []

    def flush() -> None:
        nonlocal noun
        if noun:
            if cur.objects:
                raise _Skip("more than one noun constraint after the verb")
            cur.objects = _noun_alternatives(noun, synsets, issues, pattern.where, used)
            noun = []

    while i < len(toks):
        t = toks[i]
        low = t.lower()
        if t in ("{", "}"):
            i += 1
            continue
        if t == "(":
            flush()
            j = toks.index(")", i)
            inner = [x for x in toks[i + 1:j] if x not in ("{", "}")]
            i = j + 1
            inner = [x for t in inner for x in _split_synset(t, synsets)]
            alts = _prep_synset(inner[0], synsets) if inner else None
            if not inner or (inner[0].lower() not in PREPOSITIONS and alts is None):
                raise _Skip("prepositional phrase without a known preposition")
            prep_list, rest = alts or [inner[0].lower()], inner[1:]
            markers = [x for x in rest if x in ("+", "$", "%", "^")]
            words = [x for x in rest if x not in ("+", "$", "%", "^")]
            if words:
                noun = words
                flush()
            if "$" in markers:
                reverse = True
            if "%" in markers:
                recip = True
            if markers or not words:
                cur.preps.extend(prep_list)
            continue
        if t in ("+", "^"):
            flush()
            if t == "^":
                issues.add("`^` skip marker approximated (intervening phrases are not checked)", pattern.where)
            i += 1
            continue
        if t in ("$", "%"):
            flush()
            if t == "$":
                reverse = True
            else:
                recip = True
            i += 1
            continue
        if (i == 0 and low in PARTICLES and cur.particle is None and len(toks) == 1):
            cur.particle = low
            i += 1
            continue
        if low == "to" and i + 1 < len(toks) and toks[i + 1].lower() in verb_lemmas:
            flush()
            cur = _Clause(toks[i + 1].lower())
            clauses.append(cur)
            i += 2
            continue
        alts = _prep_synset(t, synsets)
        if (low in PREPOSITIONS or alts is not None) and noun:
            # `* &TIETYPES_MEMOS FROM`, `* MEMOS_ON_&TIETYPES`: the noun phrase ends at the preposition
            flush()
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt in ("+", "$", "%", None):
                cur.preps.extend(alts or [low])
                i += 1
                continue
            # `MEMOS_ON_&TIETYPES`: dropping the words after ON would widen the pattern to any memos
            raise _Skip("a noun phrase with a prepositional phrase inside (`MEMOS_ON_&TIETYPES`)")
        if (low in PREPOSITIONS or alts is not None) and not noun:
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt in ("+", "$", "%", None):
                cur.preps.extend(alts or [low])
                i += 1
                continue
            if alts is not None:  # `* &PREPOSIT1 RESOLUTION`: `act on a resolution`
                issues.add("preposition synset before a noun: the preposition is not checked", pattern.where)
            i += 1  # `FOR &SANCTIONS`: the noun is the preposition's object (not checked)
            continue
        if t.startswith("&") or _WORD.match(low):
            noun.append(t)
            i += 1
            continue
        raise _Skip("words with digits or symbols")
    flush()
    for c in clauses:
        if not all(_WORD.match(x) for x in c.lemma.split("|")) or (c.particle and not _WORD.match(c.particle)):
            raise _Skip("verb is not a plain lowercase word")
        c.preps = sorted(set(c.preps))
    return clauses, recip, reverse


def _code_of(raw: str | None, code_ok: Callable[[str], bool], issues: Issues, where: str) -> str | None:
    if raw is None:
        return None
    primary, sep, _second = raw.partition(":")
    primary = primary.strip()
    if sep:
        issues.add("paired code [a:b]: only the first event is coded", where)
    if primary in ("---", ""):
        return None
    if not code_ok(primary):
        issues.add("event code not in our CAMEO codebook", where)
        return None
    return primary


def _verb_forms(files: Sequence[VerbFile]) -> dict[str, str]:
    """Lowercase surface form -> lemma of every plain dictionary verb: the word, its `{irregular}`
    forms and its regular inflections (+S, +ED, +D, +ING), as PETRARCH generates them."""
    out: dict[str, str] = {}
    for f in files:
        for b in f.blocks:
            for v in b.verbs:
                if v.compound:
                    continue
                w = v.word.lower()
                stem = w[:-1] if w.endswith("e") else w
                for form in (w, *(x.lower() for x in v.forms), w + "s", w + "ed", w + "d", stem + "ing"):
                    out.setdefault(form, w)
    return out


def convert_verbs(files: Sequence[VerbFile], code_ok: Callable[[str], bool]) -> VerbConversion:
    """Verb blocks and patterns -> candidate pattern lines (not yet checked for duplicates)."""
    issues = Issues()
    synsets: dict[str, Synset] = {}
    for f in files:
        synsets.update(f.synsets)
    verb_lemmas = {v.word.lower() for f in files for b in f.blocks for v in b.verbs}
    verb_forms = _verb_forms(files)
    used: dict[str, Synset] = {}
    lines: list[tuple[str, str]] = []
    for f in files:
        for _rule, where in f.transformations:
            issues.add("transformation rule (approximated by our reported-speech rules)", where)
        for block in f.blocks:
            if block.extra_codes:
                issues.add("extra codes in a block header ignored", block.where)
            lines.extend(_block_lines(block, verb_lemmas, synsets, code_ok, issues, used, verb_forms))
    classes: dict[str, list[str]] = {}
    for name, syn in sorted(used.items()):
        entries = [e for e in _flatten(name, synsets, issues, syn.where) if all(_WORD.match(w) for w in e.split())]
        dropped = len(syn.phrases) - len(entries)
        if dropped > 0:
            issues.add("synset phrase with digits or symbols dropped", syn.where, dropped)
        classes[class_name(name)] = sorted(set(entries)) or ["petrarch-empty-synset"]
    return VerbConversion(classes, lines, issues, verb_lemmas)


def _block_lines(block: VerbBlock, verb_lemmas: set[str], synsets: dict[str, Synset],
                 code_ok: Callable[[str], bool], issues: Issues, used: dict[str, Synset],
                 verb_forms: dict[str, str] | None = None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    verbs: list[Verb] = []
    for v in block.verbs:
        if v.before:
            issues.add("compound verb with words before the verb", v.where)
            continue
        if len(v.after) > 1:
            issues.add("compound verb with more than one word after the verb", v.where)
            continue
        if not _WORD.match(v.word.lower()):
            issues.add("verb is not a plain lowercase word", v.where)
            continue
        verbs.append(v)
        code = _code_of(v.code or block.code, code_ok, issues, v.where)
        if code is not None:
            clause = _Clause(v.word.lower(), v.after[0].lower() if v.after else None)
            out.append((f"{code}  {clause.render()}", v.where))
    for p in block.patterns:
        code = _code_of(p.code, code_ok, issues, p.where)
        if code is None:
            if p.code.partition(":")[0].strip() in ("---", ""):
                issues.add("null-code pattern [---] (blocks coding in PETRARCH) not expressible", p.where)
            continue
        for v in verbs:
            try:
                clauses, recip, reverse = _translate(p, v, verb_lemmas, synsets, issues, used, verb_forms)
            except _Skip as why:
                issues.add(f"pattern not expressible: {why}", p.where)
                break
            flags = ("  !recip" if recip else "") + ("  !reverse" if reverse else "")
            out.append((f"{code}  " + " > ".join(c.render() for c in clauses) + flags, p.where))
    return out


# --- actors and agents ---------------------------------------------------------------------------


def render_phrase(phrase: str) -> str:
    """PETRARCH's upper-case phrase in our form: lower case (matched case-insensitively), except a
    single word of up to three letters, kept upper case as an acronym (`UN`, `US`)."""
    words = phrase.split()
    if len(words) == 1 and len(words[0]) <= 3 and words[0].isalpha():
        return words[0].upper()
    return " ".join(w.lower() for w in words)


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _clean_code(raw: str | None) -> str | None:
    if raw is None:
        return None
    code = raw.strip().upper()
    if not re.fullmatch(r"(?:[A-Z]{3})+", code):
        return None
    return code


_DAY = dt.timedelta(days=1)


def periods(restrictions: Sequence[Restriction], default: str | None
            ) -> list[tuple[str, dt.date | None, dt.date | None]]:
    """Dated restrictions (first listed wins where they overlap) + the default filling the gaps ->
    disjoint periods `(code, start, end_exclusive)` sorted by start, adjacent equal codes merged."""
    lo, hi = dt.date.min.toordinal(), dt.date.max.toordinal()
    claimed: list[tuple[int, int, str]] = []  # inclusive ordinal ranges
    for r in restrictions:
        s = r.start.toordinal() if r.start else lo
        e = r.end.toordinal() if r.end else hi
        pieces = [(s, e)]
        for cs, ce, _ in claimed:
            nxt: list[tuple[int, int]] = []
            for a, b in pieces:
                if b < cs or a > ce:
                    nxt.append((a, b))
                    continue
                if a < cs:
                    nxt.append((a, cs - 1))
                if b > ce:
                    nxt.append((ce + 1, b))
            pieces = nxt
        claimed.extend((a, b, r.code) for a, b in pieces)
    claimed.sort()
    if default:
        filled: list[tuple[int, int, str]] = []
        pos = lo
        for a, b, c in claimed:
            if a > pos:
                filled.append((pos, a - 1, default))
            filled.append((a, b, c))
            pos = b + 1
        if pos <= hi:
            filled.append((pos, hi, default))
        claimed = filled
    merged: list[tuple[int, int, str]] = []
    for a, b, c in claimed:
        if merged and merged[-1][2] == c and merged[-1][1] + 1 == a:
            merged[-1] = (merged[-1][0], b, c)
        else:
            merged.append((a, b, c))
    return [(c, None if a == lo else dt.date.fromordinal(a), None if b == hi else dt.date.fromordinal(b) + _DAY)
            for a, b, c in merged]


@dataclass
class ActorConversion:
    files: dict[str, str]  # our file name -> TSV text
    issues: Issues
    declared: set[str]


def convert_actors(files: Sequence[ActorFile], reserved_people: Iterable[str] = (),
                   declared: Iterable[str] = ()) -> ActorConversion:
    """Actor records -> our country, organisation and dated-organisation TSV files (one set per
    source file). `reserved_people` are phrases already held by a person in our own dictionaries
    (a dated name must not be claimed twice); `declared` are country codes declared elsewhere."""
    issues = Issues()
    reserved = {_key(p) for p in reserved_people}
    seen: dict[str, str] = {}
    known = set(declared)
    out: dict[str, str] = {}
    needed: dict[str, str] = {}
    for f in files:
        stem = re.sub(r"[^A-Za-z0-9.]+", "_", f.path.name.removesuffix(".txt"))
        names_rows: list[str] = []
        group_rows: list[str] = []
        dated_rows: list[str] = []
        for e in f.entries:
            phrases: list[str] = []
            for name in e.names:
                k = _key(render_phrase(name))
                if k in seen or k in {_key(q) for q in phrases}:
                    issues.add("duplicate actor phrase (first one kept)", e.where)
                    continue
                if e.restrictions and k in reserved:
                    issues.add("dated actor phrase already a person in our own dictionaries (ours kept)", e.where)
                    continue
                phrases.append(render_phrase(name))
            if not phrases:
                continue
            default = _clean_code(e.code)
            if e.code is not None and default is None:
                issues.add("actor code not made of 3-letter blocks (e.g. `---`)", e.where)
            dated = [r for r in e.restrictions if r.start or r.end]
            for r in e.restrictions:
                if not (r.start or r.end):
                    if default is None:
                        default = _clean_code(r.code)
                    else:
                        issues.add("second undated code of an actor ignored", r.where)
            good = [Restriction(c, r.start, r.end, r.where) for r in dated if (c := _clean_code(r.code))]
            if len(good) < len(dated):
                issues.add("actor code not made of 3-letter blocks (e.g. `---`)", e.where, len(dated) - len(good))
            if not good and default is None:
                issues.add("actor without a usable code", e.where)
                continue
            for p in phrases:
                seen[_key(p)] = e.where
            if good:
                if default is None:
                    issues.add("dated actor without a default code (outside its periods our rules apply)", e.where)
                names = "|".join(phrases)
                for code, start, end in periods(good, default):
                    dated_rows.append(f"{names}\t{code}\t{start.isoformat() if start else ''}\t"
                                      f"{end.isoformat() if end else ''}\t# {e.where}")
                    needed.setdefault(code[:3], e.where)
                continue
            assert default is not None
            if len(default) == 3 and default not in INTERNATIONAL:
                known.add(default)
                names_rows.extend(f"{p}\t{default}\tname\t\t# {e.where}" for p in phrases)
            else:
                group_rows.append(f"{'|'.join(phrases)}\t{default}\t# {e.where}")
                needed.setdefault(default[:3], e.where)
        head = f"# Converted by `evw dictionaries convert --from petrarch` from {f.path.name}; do not edit by hand.\n"
        if names_rows:
            out[f"{stem}.countries.tsv"] = head + "phrase\tcountry\tform\tagent\n" + _strip(names_rows)
        if group_rows:
            out[f"{stem}.groups.tsv"] = head + "names\tcode\n" + _strip(group_rows)
        if dated_rows:
            out[f"{stem}.dated.tsv"] = head + "names\tcode\tstart\tend\n" + _strip(dated_rows)
    decl = sorted(c for c in needed if c not in known and c not in INTERNATIONAL)
    if decl:
        out["00_petrarch_codes.tsv"] = (
            "# Country codes used by the converted PETRARCH actors but declared by no phrase of their own.\n"
            "# The phrases are placeholders that never occur in text.\n"
            "phrase\tcountry\tform\tagent\n" + "".join(f"{c} (petrarch code)\t{c}\tname\t\n" for c in decl))
    return ActorConversion(out, issues, known | set(decl))


def _strip(rows: list[str]) -> str:
    """Rows with the trailing `# source` moved into a comment line above (our TSV has no comments in rows)."""
    out: list[str] = []
    for r in rows:
        body, _, src = r.rpartition("\t# ")
        out.append(f"# {src}\n{body}\n")
    return "".join(out)


def convert_agents(files: Sequence[AgentFile], agent_types: set[str]) -> tuple[str, Issues]:
    """Agent records -> one agents TSV (`phrase agent kind`), singular and plural rows."""
    issues = Issues()
    seen: set[str] = set()
    rows: list[str] = []
    for f in files:
        for a in f.entries:
            if a.prefix:
                issues.add("prefix agent code [CODE~] (put before the country) not expressible", a.where)
                continue
            blocks = [a.code[i:i + 3] for i in range(0, len(a.code), 3)]
            if len(a.code) % 3 or not all(b in agent_types for b in blocks):
                issues.add("agent code not in schemas/data/cameo_actor_types.tsv", a.where)
                continue
            for phrase in (a.phrase, *a.plurals):
                k = _key(phrase)
                if k in seen:
                    continue
                seen.add(k)
                rows.append(f"# {a.where}\n{k}\t{a.code}\tperson\n")
    text = ("# Converted by `evw dictionaries convert --from petrarch`; do not edit by hand.\n"
            "phrase\tagent\tkind\n" + "".join(rows))
    return text, issues


def convert_discards(files: Sequence[DiscardFile], controls_text: str, replace: bool) -> tuple[str, Issues]:
    """The discard phrases merged into (or, with `replace`, replacing those of) a controls.yaml."""
    issues = Issues()
    raw: dict[str, Any] = yaml.safe_load(controls_text)
    phrases: list[str] = [] if replace else list(raw.get("discard_phrases", []))
    for f in files:
        for d in f.entries:
            if d.story:
                issues.add("story-level discard (+) applied per sentence", d.where)
            p = " ".join(d.phrase.lower().split())
            if p not in phrases:
                phrases.append(p)
    raw["discard_phrases"] = phrases
    return ("# Converted by `evw dictionaries convert --from petrarch`; do not edit by hand.\n"
            + yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)), issues


def digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256(CONVERTER_VERSION.encode())
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()[:16]


def dumps(obj: object) -> str:
    return json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
