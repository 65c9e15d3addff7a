"""Shared plumbing of the PETRARCH/TABARI dictionary readers: file decoding, comment stripping,
`file:line` errors and the count of constructs our engine cannot express.

PETRARCH files are "flat ASCII" with `#` (Python-style), `<!-- ... -->` (HTML-style, possibly over
several lines) and `;` (legacy KEDS/TABARI) comments. Some files are not pure UTF-8 (the Phoenix
country dictionary); they are read as latin-1 when UTF-8 decoding fails.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class PetrarchError(ValueError):
    """A PETRARCH dictionary is malformed; the message starts with `file:line:`."""


@dataclass
class Issues:
    """Constructs that were read but cannot be expressed in our formats: counted per kind, with
    the first place each kind was seen (reported once, never dropped silently)."""

    counts: Counter[str] = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, where: str, n: int = 1) -> None:
        self.counts[kind] += n
        self.first.setdefault(kind, where)

    def merge(self, other: Issues) -> None:
        for kind, n in other.counts.items():
            self.add(kind, other.first[kind], n)

    def lines(self) -> list[str]:
        """One line per kind: `count  kind  (first at file:line)`, most frequent first."""
        return [f"{n:6d}  {kind}  (first at {self.first[kind]})"
                for kind, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def read_text(path: Path) -> tuple[str, str]:
    """The file's text and the encoding used (`utf-8`, else `latin-1`)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PetrarchError(f"{path.name}:0: cannot read dictionary file: {exc}") from exc
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def strip_comment(line: str) -> str:
    """The line without a `#` or legacy `;` comment (HTML comments are handled by `content_lines`)."""
    for mark in ("#", ";"):
        cut = line.find(mark)
        if cut >= 0:
            line = line[:cut]
    return line.rstrip()


def content_lines(text: str, keep_semicolon: bool = False) -> Iterator[tuple[int, str]]:
    """(line number, line without comments) of every line that is not blank after stripping
    comments. Leading whitespace is kept (date restrictions are tab-indented)."""
    in_html = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw
        out = ""
        while line:
            if in_html:
                end = line.find("-->")
                if end < 0:
                    line = ""
                    break
                line, in_html = line[end + 3:], False
                continue
            start = line.find("<!--")
            if start < 0:
                out += line
                break
            out += line[:start]
            line, in_html = line[start + 4:], True
        cut = out.find("#")
        if cut >= 0:
            out = out[:cut]
        if not keep_semicolon:
            cut = out.find(";")
            if cut >= 0:
                out = out[:cut]
        out = out.rstrip()
        if out.strip():
            yield lineno, out


def words_of(phrase: str) -> list[str]:
    """The words of a PETRARCH phrase: `_` and blanks both separate words; empty parts dropped."""
    return [w for w in phrase.replace("_", " ").split() if w]


def display_name(path: Path) -> str:
    return path.name
