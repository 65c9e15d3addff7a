"""The CAMEO codebook as data: event codes (name, base, root, quad class, Goldstein) and actor types.

Read once from the packaged TSV files in `schemas/data/`; the only place where base code, root
code, quad class and Goldstein value are derived from an event code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import pyarrow as pa

from schemas.tables import CAMEO_ACTOR_TYPES, CAMEO_EVENT_CODES


class CodebookError(ValueError):
    """A codebook data file is malformed (message starts with `file:line:`)."""


@dataclass(frozen=True, slots=True)
class EventCode:
    code: str
    name: str
    base_code: str
    root_code: str
    quad_class: int
    goldstein: float


def quad_class_of_root(root: str) -> int:
    """CAMEO quad class: 1 verbal coop (01-05), 2 material coop (06-08), 3 verbal conflict (09-13),
    4 material conflict (14-20)."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"no CAMEO root {root!r}")
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def _rows(filename: str) -> list[tuple[int, list[str]]]:
    text = resources.files("schemas").joinpath("data", filename).read_text(encoding="utf-8")
    rows: list[tuple[int, list[str]]] = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        rows.append((lineno, line.split("\t")))
    return rows


@functools.cache
def event_codes() -> dict[str, EventCode]:
    """All CAMEO event codes (roots, 3-digit and 4-digit), by code."""
    out: dict[str, EventCode] = {}
    for lineno, cols in _rows("cameo_event_codes.tsv"):
        where = f"cameo_event_codes.tsv:{lineno}"
        if len(cols) != 3:
            raise CodebookError(f"{where}: expected 3 tab-separated columns, got {len(cols)}")
        code, name, gold = cols
        if not (code.isdigit() and len(code) in (2, 3, 4)):
            raise CodebookError(f"{where}: bad code {code!r}")
        try:
            goldstein = float(gold)
        except ValueError:
            raise CodebookError(f"{where}: bad Goldstein value {gold!r}") from None
        root = code[:2]
        base = code[:3] if len(code) >= 3 else code
        out[code] = EventCode(code, name, base, root, quad_class_of_root(root), goldstein)
    return out


def lookup(code: str) -> EventCode:
    """The codebook entry for an event code; KeyError with a readable message if unknown."""
    try:
        return event_codes()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO event code {code!r}") from None


@functools.cache
def actor_types() -> dict[str, tuple[str, str]]:
    """CAMEO actor type codes: code -> (name, kind)."""
    out: dict[str, tuple[str, str]] = {}
    for lineno, cols in _rows("cameo_actor_types.tsv"):
        if len(cols) != 3 or len(cols[0]) != 3:
            raise CodebookError(f"cameo_actor_types.tsv:{lineno}: expected code<TAB>name<TAB>kind")
        out[cols[0]] = (cols[1], cols[2])
    return out


def event_codes_table() -> pa.Table:
    """The event codebook as an Arrow table matching `CAMEO_EVENT_CODES`."""
    codes = list(event_codes().values())
    return pa.Table.from_pylist(
        [
            {"code": c.code, "name": c.name, "base_code": c.base_code, "root_code": c.root_code,
             "quad_class": c.quad_class, "goldstein": c.goldstein}
            for c in codes
        ],
        schema=CAMEO_EVENT_CODES,
    )


def actor_types_table() -> pa.Table:
    """The actor-type codebook as an Arrow table matching `CAMEO_ACTOR_TYPES`."""
    return pa.Table.from_pylist(
        [{"code": k, "name": v[0], "kind": v[1]} for k, v in actor_types().items()],
        schema=CAMEO_ACTOR_TYPES,
    )
