"""Reader for the penta-class gold (`../shared/gold/conflibert-cameo-train.jsonl`): real news
sentences a person gave one of five event classes, with the actor spans they marked.

Format (`../shared/gold/README.md`): `id`, `text`, `penta` (0-4), `source_spans`, `target_spans`,
`reciprocal_spans` (tokenised text, matched loosely) and `spans_checked` (false: only the class is
judged). Bad lines raise `GoldError("file:line: reason")`; nothing is scored here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transforms.events.gold import GoldError, jsonl_rows

#: penta class -> the CAMEO roots it groups (not GDELT's quad class: 09 is conflict, 14 material)
PENTA_ROOTS: dict[int, tuple[str, ...]] = {
    0: ("01", "02"),
    1: ("03", "04", "05"),
    2: ("06", "07", "08"),
    3: ("09", "10", "11", "12", "13", "16"),
    4: ("14", "15", "17", "18", "19", "20"),
}
PENTA_NAMES: dict[int, str] = {
    0: "make a statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
_ROOT_CLASS = {root: cls for cls, roots in PENTA_ROOTS.items() for root in roots}


def penta_class(code: str) -> int | None:
    """The penta class of a CAMEO code (`"112"` -> 3), None for a code outside roots 01-20."""
    return _ROOT_CLASS.get(code[:2])


@dataclass(frozen=True, slots=True)
class PentaRecord:
    id: str
    text: str
    penta: int
    source_spans: tuple[str, ...] = ()
    target_spans: tuple[str, ...] = ()
    reciprocal_spans: tuple[str, ...] = ()
    spans_checked: bool = False


def _spans(row: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = row.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GoldError(f"{where}: `{key}` must be a list of strings")
    return tuple(v for v in value if v.strip())


def read_penta_gold(path: Path) -> list[PentaRecord]:
    """All records of a penta gold JSONL file, in file order."""
    out: list[PentaRecord] = []
    for where, row in jsonl_rows(path):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise GoldError(f"{where}: need an object with `text` (string) and `penta` (0-4)")
        penta = row.get("penta")
        if isinstance(penta, bool) or not isinstance(penta, int) or penta not in PENTA_ROOTS:
            raise GoldError(f"{where}: `penta` must be an integer 0-4, got {penta!r}")
        out.append(PentaRecord(
            id=str(row.get("id", where.rsplit(":", 1)[1])), text=row["text"], penta=penta,
            source_spans=_spans(row, "source_spans", where), target_spans=_spans(row, "target_spans", where),
            reciprocal_spans=_spans(row, "reciprocal_spans", where), spans_checked=bool(row.get("spans_checked")),
        ))
    return out
