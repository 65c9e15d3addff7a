"""Loader for the line-list data files in `transforms/ingest/data/` (format in its README.md).

Reads and caches the lists; it must not interpret them (callers compile patterns themselves).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load_list(name: str) -> tuple[str, ...]:
    """Entries of `data/<name>`: stripped lines, without blanks and `#` comments."""
    path = DATA_DIR / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RuntimeError(f"ingest data file {path} is missing or unreadable ({exc}); reinstall the package") from exc
    return tuple(s for s in (line.strip() for line in lines) if s and not s.startswith("#"))
