"""Tells which kind of PETRARCH dictionary a file is: from its name, else from its content."""

from __future__ import annotations

import re
from pathlib import Path

from transforms.petrarch.reader import PetrarchError, content_lines, read_text

KINDS = ("verbs", "actors", "agents", "discards")


def kind_of(path: Path) -> str:
    """`verbs`, `actors`, `agents` or `discards`."""
    name = path.name.lower()
    for kind in ("discards", "agents", "actors", "verbs"):
        if kind in name or kind.rstrip("s") in name:
            return kind
    if name.startswith("cameo"):
        return "verbs"
    if not path.is_file():
        raise PetrarchError(f"{path}:0: file not found")
    text, _ = read_text(path)
    lines = [line.strip() for _, line in content_lines(text)][:400]
    if any(line.startswith("---") and "[" in line for line in lines):
        return "verbs"
    if any(re.search(r"\[[~A-Za-z0-9]*~\]|\[~", line) for line in lines):
        return "agents"
    if any("[" in line for line in lines):
        return "actors"
    return "discards"
