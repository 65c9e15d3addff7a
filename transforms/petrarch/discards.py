"""Reader for PETRARCH discard lists (`*.discards.txt`): one phrase a line; a leading `+` makes it
a story-level discard (the whole story is skipped), otherwise only the sentence is skipped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transforms.petrarch.reader import PetrarchError, content_lines, read_text, words_of


@dataclass(frozen=True, slots=True)
class Discard:
    phrase: str  # words joined by one blank, as written
    story: bool
    where: str


@dataclass
class DiscardFile:
    path: Path
    encoding: str
    entries: list[Discard]


def read_discards(path: Path) -> DiscardFile:
    """Read one discard list; raises PetrarchError(`file:line: reason`)."""
    text, encoding = read_text(path)
    out: list[Discard] = []
    for lineno, line in content_lines(text):
        where = f"{path.name}:{lineno}"
        s = line.strip()
        story = s.startswith("+")
        words = words_of(s[1:] if story else s)
        if not words:
            raise PetrarchError(f"{where}: empty discard phrase")
        if any(c in s for c in "[]{}"):
            raise PetrarchError(f"{where}: a discard phrase takes no codes or braces: {s!r}")
        out.append(Discard(" ".join(words), story, where))
    return DiscardFile(path, encoding, out)
