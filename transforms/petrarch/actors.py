"""Reader for PETRARCH/TABARI actor dictionaries (`*.actors.txt`).

A record is a primary phrase with an optional `[CODE]`, then `+SYNONYM` lines, then tab-indented
date restrictions `[CODE >YYYYMMDD]`, `[CODE <YYYYMMDD]`, `[CODE YYYYMMDD-YYYYMMDD]` or `[CODE]`
(a default). Dates are YYYYMMDD or YYMMDD (YY 00-30 is 20YY, else 19YY, as in TABARI); limits
are inclusive. Words are separated by blanks or `_`. Errors name `file:line`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from transforms.petrarch.reader import PetrarchError, content_lines, read_text, words_of


@dataclass(frozen=True, slots=True)
class Restriction:
    """One dated code: applies from `start` to `end`, both inclusive (None = open)."""

    code: str
    start: dt.date | None
    end: dt.date | None
    where: str


@dataclass
class ActorEntry:
    """One actor record: its phrases (primary first), default code and date restrictions."""

    names: list[str]
    code: str | None
    where: str
    restrictions: list[Restriction] = field(default_factory=list)
    name_lines: list[str] = field(default_factory=list)  # file:line of each name


@dataclass
class ActorFile:
    path: Path
    encoding: str
    entries: list[ActorEntry]

    @property
    def phrases(self) -> int:
        return sum(len(e.names) for e in self.entries)

    @property
    def dated(self) -> int:
        return sum(1 for e in self.entries if e.restrictions)


_BRACKET_RE = re.compile(r"\[([^\]]*)\]")
_CODE_RE = re.compile(r"^[^\s\[\]<>]+$")


def parse_date(text: str, where: str) -> dt.date:
    """A TABARI date: YYYYMMDD, or YYMMDD with 00-30 -> 20YY, else 19YY."""
    s = text.strip()
    if not s.isdigit():
        raise PetrarchError(f"{where}: bad date {text!r}; use YYYYMMDD or YYMMDD")
    if len(s) <= 7:
        if len(s) != 6:
            raise PetrarchError(f"{where}: bad date {text!r}; use YYYYMMDD or YYMMDD")
        yy = int(s[:2])
        s = ("20" if yy <= 30 else "19") + s
    try:
        return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        raise PetrarchError(f"{where}: invalid date {text!r}") from None


def parse_code_spec(inner: str, where: str) -> Restriction:
    """`CODE`, `CODE >DATE`, `CODE <DATE` or `CODE DATE-DATE` (the inside of `[...]`)."""
    parts = inner.split()
    if not parts:
        raise PetrarchError(f"{where}: empty code []")
    code = parts[0]
    if not _CODE_RE.match(code):
        raise PetrarchError(f"{where}: bad actor code {code!r}")
    if len(parts) == 1:
        return Restriction(code, None, None, where)
    spec = "".join(parts[1:])
    if spec.startswith(">"):
        return Restriction(code, parse_date(spec[1:], where), None, where)
    if spec.startswith("<"):
        return Restriction(code, None, parse_date(spec[1:], where), where)
    if "-" in spec:
        a, _, b = spec.partition("-")
        start, end = parse_date(a, where), parse_date(b, where)
        if end < start:
            raise PetrarchError(f"{where}: date range {spec!r} ends before it starts")
        return Restriction(code, start, end, where)
    raise PetrarchError(f"{where}: bad date restriction {spec!r}; use >DATE, <DATE or DATE-DATE")


def _phrase(text: str, where: str) -> str:
    words = words_of(text)
    if not words:
        raise PetrarchError(f"{where}: empty actor phrase")
    return " ".join(words)


def read_actors(path: Path, errors: list[str] | None = None) -> ActorFile:
    """Read one actor dictionary; raises PetrarchError(`file:line: reason`), or, when `errors` is a
    list, appends the message there and skips the line (PETRARCH's own tolerance)."""
    text, encoding = read_text(path)
    name = path.name
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for lineno, line in content_lines(text):
        where = f"{name}:{lineno}"
        try:
            current = _actor_line(line, where, current, entries)
        except PetrarchError as exc:
            if errors is None:
                raise
            errors.append(str(exc))
    return ActorFile(path, encoding, entries)


def _actor_line(line: str, where: str, current: ActorEntry | None, entries: list[ActorEntry]) -> ActorEntry | None:
    """Apply one content line; returns the record now being read."""
    stripped = line.strip()
    if line[0].isspace() and stripped.startswith("["):  # a date restriction (or the code on its own line)
        if current is None:
            raise PetrarchError(f"{where}: date restriction before any actor")
        for inner in _BRACKET_RE.findall(stripped):
            r = parse_code_spec(inner, where)
            if r.start is None and r.end is None and current.code is None and not current.restrictions:
                current.code = r.code
            else:
                current.restrictions.append(r)
        if stripped.count("[") != stripped.count("]"):
            raise PetrarchError(f"{where}: unbalanced [ ]")
        return current
    if stripped.startswith("+"):
        if current is None:
            raise PetrarchError(f"{where}: synonym {stripped!r} before any actor")
        body = _BRACKET_RE.sub(" ", stripped[1:])
        if "[" in body or "]" in body:
            raise PetrarchError(f"{where}: unbalanced [ ]")
        current.names.append(_phrase(body, where))
        current.name_lines.append(where)
        for inner in _BRACKET_RE.findall(stripped):
            current.restrictions.append(parse_code_spec(inner, where))
        return current
    codes = _BRACKET_RE.findall(stripped)
    body = _BRACKET_RE.sub(" ", stripped)
    if "[" in body or "]" in body:
        raise PetrarchError(f"{where}: unbalanced [ ] in {stripped!r}")
    current = ActorEntry([_phrase(body, where)], None, where, name_lines=[where])
    for inner in codes:
        r = parse_code_spec(inner, where)
        if r.start is None and r.end is None and current.code is None:
            current.code = r.code
        else:
            current.restrictions.append(r)
    entries.append(current)
    return current
