"""Readers for the gold sets the event coder is scored on: the team's JSONL, PLOVER GSR records and
PETRARCH-2's GSR validation sentences; and the CAMEO -> PLOVER crosswalk.

Each reader returns `GoldSentence`s; bad lines raise `GoldError("file:line: reason")`. Readers
never score anything (that is `evaluate.py`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class GoldError(ValueError):
    """A gold file is malformed; the message starts with `file:line:`."""


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str | None  # actor code, e.g. "RUSGOV"; None = no actor on that side
    target: str | None
    code: str  # CAMEO code, or a PLOVER category for PLOVER records


@dataclass
class GoldSentence:
    id: str
    text: str
    date: dt.date | None
    events: list[GoldEvent]
    negated: list[GoldEvent] = field(default_factory=list)
    hypothetical: list[GoldEvent] = field(default_factory=list)


def _event(obj: object, where: str) -> GoldEvent:
    if not isinstance(obj, dict) or "code" not in obj:
        raise GoldError(f"{where}: each event needs at least a `code` (and `source`, `target`)")
    code = str(obj["code"])
    src, tgt = obj.get("source"), obj.get("target")
    return GoldEvent(str(src) if src else None, str(tgt) if tgt else None, code)


def jsonl_rows(path: Path) -> Iterator[tuple[str, object]]:
    """(`file:line`, parsed JSON value) for every non-blank line of a JSONL gold file; a line that is
    not JSON raises `GoldError("file:line: not valid JSON (...)")`."""
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{lineno}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: not valid JSON ({exc.msg})") from None


def read_team_gold(path: Path) -> list[GoldSentence]:
    """The team's gold JSONL (format in README: id, text, date, events, negated, hypothetical)."""
    out: list[GoldSentence] = []
    for where, row in jsonl_rows(path):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("events"), list):
            raise GoldError(f"{where}: need an object with `text` (string) and `events` (list)")
        date = None
        if row.get("date"):
            try:
                date = dt.date.fromisoformat(str(row["date"]))
            except ValueError:
                raise GoldError(f"{where}: bad date {row['date']!r}, use YYYY-MM-DD") from None
        out.append(GoldSentence(
            id=str(row.get("id", where.rsplit(":", 1)[1])), text=row["text"], date=date,
            events=[_event(e, where) for e in row["events"]],
            negated=[_event(e, where) for e in row.get("negated", []) or []],
            hypothetical=[_event(e, where) for e in row.get("hypothetical", []) or []],
        ))
    return out


def _plover_actor(side: object) -> list[str | None]:
    if isinstance(side, list) and side:
        return [str(a.get("code", "")) + str(a.get("sector", "") or "") if isinstance(a, dict) else None
                for a in side]
    if isinstance(side, str) and side.strip() and side.strip() != "---":
        return [side.strip()]
    return [None]


def read_plover(path: Path) -> list[GoldSentence]:
    """PLOVER GSR records (a JSON array): one sentence each, category as the event `code`."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path.name}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    out: list[GoldSentence] = []
    for rec in records:
        if not isinstance(rec, dict) or not rec.get("text") or rec.get("event") in (None, "DOCUMENT"):
            continue
        events = [GoldEvent(s, t, str(rec["event"]))
                  for s in _plover_actor(rec.get("source")) for t in _plover_actor(rec.get("target"))]
        out.append(GoldSentence(str(rec.get("id")), str(rec["text"]), None, events))
    return out


_PETR_SENTENCE = re.compile(r"<Sentence\b([^>]*)/?>(.*?)</Sentence>", re.S)
_PETR_ATTR = re.compile(r'(\w+)="([^"]*)"')
_PETR_CODING = re.compile(r"<EventCoding\b([^>]*)/>")
_PETR_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


def read_petrarch_gsr(path: Path) -> list[GoldSentence]:
    """PETR2_GSR_validation.xml (not well-formed XML): records split with regular expressions."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    out: list[GoldSentence] = []
    for m in _PETR_SENTENCE.finditer(raw):
        attrs = dict(_PETR_ATTR.findall(m.group(1)))
        body = m.group(2)
        text_m = _PETR_TEXT.search(body)
        if not text_m:
            continue
        text = " ".join(text_m.group(1).split())
        events: list[GoldEvent] = []
        for c in _PETR_CODING.finditer(body):
            a = dict(_PETR_ATTR.findall(c.group(1)))
            if a.get("noevents", "").lower() == "true" or "eventcode" not in a:
                continue
            src, tgt = a.get("sourcecode", ""), a.get("targetcode", "")
            # PETRARCH writes "---" for an absent actor; "---REB" (unknown country, rebels) stays as is
            events.append(GoldEvent(src if src.strip("-") else None, tgt if tgt.strip("-") else None,
                                    a["eventcode"]))
        date = None
        d = attrs.get("date", "")
        if re.fullmatch(r"\d{8}", d):
            try:
                date = dt.date(int(d[:4]), int(d[4:6]), int(d[6:]))
            except ValueError:
                date = None
        out.append(GoldSentence(attrs.get("id", str(len(out))), text, date, events))
    return out


def read_cameo_to_plover(path: Path) -> dict[str, str]:
    """`CODE: CATEGORY, mode, context # name` lines -> {cameo code or root: PLOVER category}."""
    out: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        body = line.split("#", 1)[0].strip()
        if not body or ":" not in body:  # blank, comment or a decorative rule line
            continue
        code, sep, rest = body.partition(":")
        category = rest.split(",", 1)[0].strip()
        if not sep or not code.strip().isdigit() or not category:
            raise GoldError(f"{path.name}:{lineno}: expected `CODE: CATEGORY, ...`")
        out.setdefault(code.strip(), category)
    return out
