"""Reader for PETRARCH agent dictionaries (`*.agents.txt`).

Lines `PHRASE {PLURAL} [~CODE]` (the code is appended after the actor's code) or `PHRASE [CODE~]`
(put before it, used for NGO/IGO-like prefixes). `{}` means "no plural"; without braces the regular
plural is generated (+S, Y -> IES, SS -> ES). Substitution sets `!NAME! = A, B, C` expand a
marker inside later phrases. Errors name `file:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from transforms.petrarch.reader import PetrarchError, content_lines, read_text, words_of


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """One agent phrase (already expanded: substitution markers replaced, plurals listed)."""

    phrase: str  # words joined by one blank, upper case as written
    plurals: tuple[str, ...]
    code: str  # the agent code without `~`
    prefix: bool  # True for `[CODE~]`
    where: str


@dataclass
class AgentFile:
    path: Path
    encoding: str
    entries: list[AgentEntry]
    substitutions: dict[str, list[str]]


_LINE_RE = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]\s*$")
_SUBST_RE = re.compile(r"^!(?P<name>[A-Z0-9_]+)!\s*=\s*(?P<items>.+)$")
_MARK_RE = re.compile(r"!([A-Z0-9_]+)!")


def regular_plural(word: str) -> str:
    """PETRARCH's regular plural of the last word: +S, Y -> IES, SS -> ES."""
    if word.endswith("SS"):
        return word + "ES"
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    return word + "S"


def _expand(phrase: str, subs: dict[str, list[str]], where: str) -> list[str]:
    marks = _MARK_RE.findall(phrase)
    if not marks:
        return [phrase]
    name = marks[0]
    if name not in subs:
        raise PetrarchError(f"{where}: unknown substitution marker !{name}! (define `!{name}! = A, B` first)")
    out: list[str] = []
    for item in subs[name]:
        out.extend(_expand(phrase.replace(f"!{name}!", item, 1), subs, where))
    return out


def read_agents(path: Path, errors: list[str] | None = None) -> AgentFile:
    """Read one agent dictionary; raises PetrarchError(`file:line: reason`), or, when `errors` is a
    list, appends the message there and skips the line."""
    text, encoding = read_text(path)
    subs: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for lineno, line in content_lines(text):
        where = f"{path.name}:{lineno}"
        try:
            entries.extend(_agent_line(line.strip(), where, subs))
        except PetrarchError as exc:
            if errors is None:
                raise
            errors.append(str(exc))
    return AgentFile(path, encoding, entries, subs)


def _agent_line(stripped: str, where: str, subs: dict[str, list[str]]) -> list[AgentEntry]:
    entries: list[AgentEntry] = []
    m = _SUBST_RE.match(stripped)
    if m:
        subs[m["name"]] = [i.strip() for i in m["items"].split(",") if i.strip()]
        return entries
    m = _LINE_RE.match(stripped)
    if not m:
        raise PetrarchError(f"{where}: expected `PHRASE {{PLURAL}} [~CODE]`, got {stripped!r}")
    raw_code = m["code"].strip().replace(" ", "")
    if raw_code.startswith("~"):
        code, prefix = raw_code[1:], False
    elif raw_code.endswith("~"):
        code, prefix = raw_code[:-1], True
    else:
        raise PetrarchError(f"{where}: agent code {raw_code!r} needs a `~` (`[~GOV]` or `[NGO~]`)")
    if not re.fullmatch(r"[A-Za-z0-9]+", code):
        raise PetrarchError(f"{where}: bad agent code {raw_code!r}")
    plural_text = m["plural"]
    for phrase_raw in _expand(m["phrase"].strip(), subs, where):
        words = words_of(phrase_raw)
        if not words:
            raise PetrarchError(f"{where}: empty agent phrase")
        phrase = " ".join(words)
        if plural_text is None:
            plurals: tuple[str, ...] = (" ".join([*words[:-1], regular_plural(words[-1])]),)
        else:
            plurals = tuple(" ".join(words_of(p)) for p in _expand(plural_text, subs, where)
                            if words_of(p))
        entries.append(AgentEntry(phrase, plurals, code.upper(), prefix, where))
    return entries
