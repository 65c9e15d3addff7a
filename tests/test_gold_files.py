"""Checks the team's hand-written gold files (tests/gold/*.jsonl) for format, codes and coverage.

Validates data only: it never runs the coder, and it must not change the gold files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
import pytest

from schemas.codebook import actor_types, event_codes

GOLD = Path(__file__).resolve().parent / "gold"
EVENTS_FILE = GOLD / "events_gold.jsonl"
ACTORS_FILE = GOLD / "actors_gold.jsonl"
PARTS_FILE = GOLD / "actor_code_parts.tsv"

MIN_EVENT_SENTENCES = 260
MIN_ACTOR_SENTENCES = 160
MIN_PER_ROOT = 8
MIN_NO_EVENT = 25
MIN_NEGATED = 15
MIN_HYPOTHETICAL = 15
EARLIEST_YEAR, LATEST_YEAR = 1980, 2025
ROOTS = [f"{r:02d}" for r in range(1, 21)]
EVENT_KEYS = {"source", "target", "code"}


@dataclass(frozen=True)
class Parts:
    """Actor-code building blocks from actor_code_parts.tsv, by kind."""

    international: frozenset[str]
    region: frozenset[str]
    religion: frozenset[str]
    org: frozenset[str]
    group_stems: dict[str, tuple[str, ...]]


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            pytest.fail(f"{path.name}:{lineno}: blank line")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"{path.name}:{lineno}: not valid JSON ({exc})")
        if not isinstance(obj, dict):
            pytest.fail(f"{path.name}:{lineno}: expected a JSON object")
        rows.append((lineno, obj))
    return rows


def _read_parts(path: Path) -> Parts:
    kinds: dict[str, set[str]] = {"international": set(), "region": set(), "religion": set(), "org": set()}
    stems: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    header = True
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        cols = line.split("\t")
        where = f"{path.name}:{lineno}"
        assert len(cols) in (3, 4), f"{where}: expected code<TAB>kind<TAB>name[<TAB>stems]"
        code, kind = cols[0], cols[1]
        assert re.fullmatch(r"[A-Z0-9]{3}", code), f"{where}: bad code {code!r}"
        assert code not in seen, f"{where}: duplicate code {code}"
        seen.add(code)
        if kind == "group":
            assert len(cols) == 4 and cols[3], f"{where}: a group needs its stems"
            stems[code] = tuple(s.strip() for s in cols[3].split(","))
        else:
            assert kind in kinds, f"{where}: unknown kind {kind!r}"
            kinds[kind].add(code)
    return Parts(
        frozenset(kinds["international"]),
        frozenset(kinds["region"]),
        frozenset(kinds["religion"]),
        frozenset(kinds["org"]),
        stems,
    )


@pytest.fixture(scope="module")
def events_rows() -> list[tuple[int, dict[str, Any]]]:
    return _read_jsonl(EVENTS_FILE)


@pytest.fixture(scope="module")
def actors_rows() -> list[tuple[int, dict[str, Any]]]:
    return _read_jsonl(ACTORS_FILE)


@pytest.fixture(scope="module")
def parts() -> Parts:
    return _read_parts(PARTS_FILE)


@pytest.fixture(scope="module")
def iso3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def actor_code_problem(code: str, parts: Parts, iso3: frozenset[str]) -> str | None:
    """Why `code` is not a well-formed CAMEO actor code under our conventions, or None if it is."""
    if not re.fullmatch(r"(?:[A-Z0-9]{3}){1,5}", code):
        return "not 1-5 blocks of three upper-case letters"
    blocks = [code[i : i + 3] for i in range(0, len(code), 3)]
    agents = set(actor_types())
    first, rest = blocks[0], blocks[1:]
    if first in parts.international:
        if first not in agents:
            return f"international class {first} is not an agent type"
        allowed = agents | parts.org | parts.region | parts.religion
        bad = [b for b in rest if b not in allowed]
        return f"unknown block(s) {bad} after {first}" if bad else None
    if first not in iso3 and first not in parts.region:
        return f"{first} is neither an ISO 3166 alpha-3 code, a CAMEO region nor an international class"
    if not rest:
        return None
    if rest[0] not in agents:
        return f"agent part {rest[0]} is not in schemas/data/cameo_actor_types.tsv"
    for i, b in enumerate(rest[1:], 2):
        if b in agents:
            continue
        if b in parts.group_stems:
            stem = "".join(blocks[:i])
            if stem not in parts.group_stems[b]:
                return f"group {b} must follow one of {parts.group_stems[b]}, not {stem}"
            if i != len(blocks) - 1:
                return f"group code {b} must be the last block"
            continue
        return f"unknown block {b}"
    return None


def _all_events(rec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(k, e) for k in ("events", "negated", "hypothetical") for e in rec.get(k, [])]


# ---------------------------------------------------------------- format


def test_events_lines_have_the_documented_shape(events_rows: list[tuple[int, dict[str, Any]]]) -> None:
    allowed = {"id", "text", "date", "events", "negated", "hypothetical", "note"}
    for lineno, rec in events_rows:
        where = f"{EVENTS_FILE.name}:{lineno}"
        assert {"id", "text", "date", "events", "note"} <= rec.keys(), f"{where}: missing keys"
        assert rec.keys() <= allowed, f"{where}: unexpected keys {sorted(rec.keys() - allowed)}"
        assert isinstance(rec["events"], list), f"{where}: events must be a list"
        for kind, ev in _all_events(rec):
            assert isinstance(ev, dict) and ev.keys() == EVENT_KEYS, f"{where}: {kind} entry {ev!r}"
            # `"target": null` marks a one-sided event; source and code are always given
            assert all(isinstance(v, str) and v for k, v in ev.items() if not (k == "target" and v is None)), \
                f"{where}: empty field in {ev!r}"
        for kind in ("negated", "hypothetical"):
            if kind in rec:
                assert rec[kind], f"{where}: omit {kind} instead of giving an empty list"
        assert isinstance(rec["note"], str) and rec["note"].strip(), f"{where}: note must say what it tests"


def test_actors_lines_have_the_documented_shape(actors_rows: list[tuple[int, dict[str, Any]]]) -> None:
    for lineno, rec in actors_rows:
        where = f"{ACTORS_FILE.name}:{lineno}"
        assert rec.keys() == {"id", "text", "date", "actors", "note"}, f"{where}: keys {sorted(rec)}"
        assert isinstance(rec["actors"], list), f"{where}: actors must be a list"
        for a in rec["actors"]:
            assert isinstance(a, dict) and a.keys() == {"text", "code"}, f"{where}: actor entry {a!r}"
        assert rec["note"].strip(), f"{where}: note must say what it tests"


@pytest.mark.parametrize(("path", "prefix"), [(EVENTS_FILE, "ev"), (ACTORS_FILE, "ac")])
def test_ids_are_unique_and_well_formed(path: Path, prefix: str) -> None:
    ids = [rec["id"] for _, rec in _read_jsonl(path)]
    bad = [i for i in ids if not re.fullmatch(rf"{prefix}-\d{{4}}", i)]
    assert not bad, f"{path.name}: ids not of the form {prefix}-NNNN: {bad[:5]}"
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"{path.name}: duplicate ids {dupes}"


@pytest.mark.parametrize("path", [EVENTS_FILE, ACTORS_FILE])
def test_dates_are_valid_iso_dates(path: Path) -> None:
    for lineno, rec in _read_jsonl(path):
        try:
            day = dt.date.fromisoformat(rec["date"])
        except (TypeError, ValueError):
            pytest.fail(f"{path.name}:{lineno}: date {rec['date']!r} is not YYYY-MM-DD")
        assert len(rec["date"]) == 10, f"{path.name}:{lineno}: date must be YYYY-MM-DD"
        assert EARLIEST_YEAR <= day.year <= LATEST_YEAR, f"{path.name}:{lineno}: date {day} out of range"


@pytest.mark.parametrize("path", [EVENTS_FILE, ACTORS_FILE])
def test_texts_are_clean_single_sentences(path: Path) -> None:
    texts = []
    for lineno, rec in _read_jsonl(path):
        text = rec["text"]
        where = f"{path.name}:{lineno}"
        assert text == text.strip() and "  " not in text and "\n" not in text, f"{where}: stray whitespace"
        assert text[-1] in ".?!", f"{where}: a sentence ends with . ? or !"
        assert 15 <= len(text) <= 300, f"{where}: {len(text)} characters"
        texts.append(text)
    dupes = [t for t, n in Counter(texts).items() if n > 1]
    assert not dupes, f"{path.name}: duplicate sentences {dupes[:3]}"


# ---------------------------------------------------------------- codes


def test_event_codes_exist_in_the_codebook(events_rows: list[tuple[int, dict[str, Any]]]) -> None:
    known = event_codes()
    for lineno, rec in events_rows:
        for kind, ev in _all_events(rec):
            code = ev["code"]
            assert code in known, f"{EVENTS_FILE.name}:{lineno}: {kind} code {code!r} is not in the codebook"
            assert len(code) in (3, 4), f"{EVENTS_FILE.name}:{lineno}: use a 3- or 4-digit code, not root {code}"


def test_actor_codes_are_well_formed(
    events_rows: list[tuple[int, dict[str, Any]]],
    actors_rows: list[tuple[int, dict[str, Any]]],
    parts: Parts,
    iso3: frozenset[str],
) -> None:
    problems = []
    for lineno, rec in events_rows:
        for kind, ev in _all_events(rec):
            for side in ("source", "target"):
                if side == "target" and ev[side] is None:
                    continue  # a one-sided event (`Russia ordered a partial mobilisation`)
                why = actor_code_problem(ev[side], parts, iso3)
                if why:
                    problems.append(f"{EVENTS_FILE.name}:{lineno}: {kind} {side} {ev[side]}: {why}")
    for lineno, rec in actors_rows:
        for a in rec["actors"]:
            why = actor_code_problem(a["code"], parts, iso3)
            if why:
                problems.append(f"{ACTORS_FILE.name}:{lineno}: {a['code']}: {why}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("RUSGOV", True),
        ("RUS", True),
        ("IGOUNO", True),
        ("IGOWSTNAT", True),
        ("PSEREBHMS", True),
        ("AFGGOVTAL", True),
        ("IMGMOSISI", True),
        ("EUR", True),
        ("RUSXYZ", False),
        ("XXXGOV", False),
        ("IGOZZZ", False),
        ("PSEGOVHMS", False),
        ("LBNREBHEZGOV", False),
        ("rusgov", False),
        ("RUSGO", False),
        ("HMS", False),
    ],
)
def test_actor_code_checker_accepts_and_rejects(code: str, ok: bool, parts: Parts, iso3: frozenset[str]) -> None:
    assert (actor_code_problem(code, parts, iso3) is None) is ok


# ---------------------------------------------------------------- consistency


def test_event_lists_are_consistent(events_rows: list[tuple[int, dict[str, Any]]]) -> None:
    for lineno, rec in events_rows:
        where = f"{EVENTS_FILE.name}:{lineno}"
        seen: dict[tuple[str, str, str], str] = {}
        for kind, ev in _all_events(rec):
            key = (ev["source"], ev["target"], ev["code"])
            assert ev["source"] != ev["target"], f"{where}: {kind} event has the same source and target"
            assert key not in seen, f"{where}: {key} listed in both {seen[key]} and {kind}"
            seen[key] = kind


def test_reciprocal_sentences_list_both_directions(events_rows: list[tuple[int, dict[str, Any]]]) -> None:
    checked = 0
    for lineno, rec in events_rows:
        if "reciprocal" not in rec["note"].lower():
            continue
        for kind in ("events", "negated", "hypothetical"):
            evs = {(e["source"], e["target"], e["code"]) for e in rec.get(kind, [])}
            for s, t, c in evs:
                assert (t, s, c) in evs, f"{EVENTS_FILE.name}:{lineno}: reciprocal {kind} {s}->{t} {c} lacks {t}->{s}"
                checked += 1
    assert checked >= 20, f"only {checked} reciprocal events; the gold should exercise reciprocity"


def test_actor_mentions_are_verbatim_and_in_order(actors_rows: list[tuple[int, dict[str, Any]]]) -> None:
    for lineno, rec in actors_rows:
        pos = 0
        for a in rec["actors"]:
            found = rec["text"].find(a["text"], pos)
            assert found >= 0, f"{ACTORS_FILE.name}:{lineno}: {a['text']!r} not found after offset {pos}"
            pos = found + len(a["text"])


# ---------------------------------------------------------------- coverage


def test_every_cameo_root_is_covered(events_rows: list[tuple[int, dict[str, Any]]]) -> None:
    per_root = Counter(r for _, rec in events_rows for r in {e["code"][:2] for e in rec["events"]})
    thin = {r: per_root.get(r, 0) for r in ROOTS if per_root.get(r, 0) < MIN_PER_ROOT}
    assert not thin, f"roots with fewer than {MIN_PER_ROOT} sentences: {thin}"


def test_events_gold_meets_minimum_counts(events_rows: list[tuple[int, dict[str, Any]]]) -> None:
    recs = [rec for _, rec in events_rows]
    no_event = [r for r in recs if not r["events"] and "negated" not in r and "hypothetical" not in r]
    counts = {
        "sentences": (len(recs), MIN_EVENT_SENTENCES),
        "no-event sentences": (len(no_event), MIN_NO_EVENT),
        "sentences with negated events": (sum("negated" in r for r in recs), MIN_NEGATED),
        "sentences with hypothetical events": (sum("hypothetical" in r for r in recs), MIN_HYPOTHETICAL),
        "distinct event codes": (len({e["code"] for r in recs for e in r["events"]}), 120),
        "distinct source/target country blocks": (
            len({e[s][:3] for r in recs for e in r["events"] for s in ("source", "target") if e[s]}),
            70,
        ),
    }
    short = {k: v for k, v in counts.items() if v[0] < v[1]}
    assert not short, f"below minimum (have, need): {short}"


@pytest.mark.parametrize(
    ("phrase", "minimum"),
    [
        ("passive", 8),
        ("coordinated", 8),
        ("complement chain", 4),
        ("reported speech", 8),
        ("nominal", 8),
        ("question", 3),
        ("conditional", 3),
        ("negation", 10),
    ],
)
def test_events_gold_exercises_each_rule(
    events_rows: list[tuple[int, dict[str, Any]]], phrase: str, minimum: int
) -> None:
    n = sum(phrase in rec["note"].lower() for _, rec in events_rows)
    assert n >= minimum, f"only {n} sentences note {phrase!r}; need {minimum}"


def test_actors_gold_meets_minimum_counts(actors_rows: list[tuple[int, dict[str, Any]]]) -> None:
    recs = [rec for _, rec in actors_rows]
    codes = [a["code"] for r in recs for a in r["actors"]]
    counts = {
        "sentences": (len(recs), MIN_ACTOR_SENTENCES),
        "sentences with no actor (non-actor traps)": (sum(not r["actors"] for r in recs), 12),
        "IGO mentions": (sum(c.startswith("IGO") for c in codes), 25),
        "armed-group mentions": (sum(c[3:6] in {"REB", "SEP", "UAF"} or c.startswith("IMG") for c in codes), 15),
        "bare-country mentions": (sum(len(c) == 3 for c in codes), 40),
        "compound sentences (3+ actors)": (sum(len(r["actors"]) >= 3 for r in recs), 8),
    }
    short = {k: v for k, v in counts.items() if v[0] < v[1]}
    assert not short, f"below minimum (have, need): {short}"


@pytest.mark.parametrize(
    "person",
    ["John Kerry", "Joe Biden", "Benjamin Netanyahu", "Imran Khan", "Jair Bolsonaro", "Hakan Fidan"],
)
def test_people_are_coded_differently_across_dates(actors_rows: list[tuple[int, dict[str, Any]]], person: str) -> None:
    codes = {a["code"] for _, rec in actors_rows for a in rec["actors"] if person in a["text"]}
    assert len(codes) >= 2, f"{person} appears with only {codes}; the gold must test date-dependent roles"


# ---------------------------------------------------------------- provenance


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_gold_sentences_are_not_copied_from_shared(
    shared_dir: Path,
    events_rows: list[tuple[int, dict[str, Any]]],
    actors_rows: list[tuple[int, dict[str, Any]]],
) -> None:
    sources = [
        "cameo/cameo-verb-codebook.md",
        "cameo/cameo-actor-codebook.md",
        "cameo/cameo-codes.csv",
        "plover/PLOVER_GSR_CAMEO.txt",
        "petrarch/records/PETR2_GSR_validation.xml",
        "petrarch/records/PETR.UnitTest.records.xml",
        "seeds/000_6576ef386a19e029.txt",
    ]
    reference: set[tuple[str, ...]] = set()
    for rel in sources:
        reference |= _shingles((shared_dir / rel).read_text(encoding="utf-8", errors="replace"))
    copied = [
        f"{path.name}:{lineno}"
        for path, rows in ((EVENTS_FILE, events_rows), (ACTORS_FILE, actors_rows))
        for lineno, rec in rows
        if _shingles(rec["text"]) & reference
    ]
    assert not copied, f"sentences sharing 8 consecutive words with ../shared: {copied}"
