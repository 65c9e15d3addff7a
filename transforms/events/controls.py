"""Loads `patterns/controls.yaml`: precision limits, discard phrases, modality and speech word lists.

Validated at load (`controls.yaml: key: reason`); holds no coding logic.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from schemas.codebook import event_codes
from transforms.events.patterns import PatternError

TARGETLESS_MODES = ("never", "object_patterns", "always")


@dataclass(frozen=True)
class Controls:
    min_sentence_tokens: int
    max_sentence_tokens: int
    max_events_per_sentence: int
    targetless: str
    drop_self_events: bool
    discard_phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> full word sequences
    hypothetical_modals: frozenset[str]
    future_markers: frozenset[str]
    conditional_marks: frozenset[str]
    hypothetical_governors: frozenset[str]
    negating_governors: frozenset[str]
    negation_words: frozenset[str]
    hypothetical_adjectives: frozenset[str]
    speech_verbs: frozenset[str]
    threat_codes: tuple[tuple[str, str], ...]  # (code prefix, threat code), longest prefix first
    intent_codes: tuple[tuple[str, str], ...]  # (code prefix, 03x code), longest prefix first
    refusal_codes: tuple[tuple[str, str], ...]  # (code prefix, 12x code) for `will not <act>`
    claim_code: str
    claim_prefixes: tuple[str, ...]
    accusation_code: str
    accusation_prefixes: tuple[str, ...]
    rule_priors: dict[str, float]
    place_targets: bool = True  # may country words that are no actor (`U.S. bases`) be targets?
    locative_place_roots: tuple[str, ...] = ()  # roots whose event place may be the target
    locative_place_preps: frozenset[str] = frozenset()  # prepositions that give that place
    consequence_roots: tuple[str, ...] = ()  # roots whose `..., killing X` clause gives the target
    consequence_verbs: frozenset[str] = frozenset()  # verbs of such clauses (kill, wound ...)
    purpose_roots: tuple[str, ...] = ()  # roots whose `to deter X` clause gives the target
    purpose_verbs: frozenset[str] = frozenset()  # verbs of such clauses (deter, intimidate ...)
    targetless_roots: tuple[str, ...] = ()  # roots coded one-sided whatever the pattern (`resigned`)
    domestic_roots: tuple[str, ...] = ()  # roots where an unknown-country side takes the other side's country
    obligation_modals: frozenset[str] = frozenset()  # `X said Y must ...`: a demand (see demands.py)
    demand_code: str = "100"  # the code of such a reported demand

    def threat_code_for(self, code: str) -> str | None:
        """The 13x code for a future event announced by its own actor, or None if not a threat."""
        return _by_prefix(self.threat_codes, code)

    def refusal_code_for(self, code: str) -> str | None:
        """The 12x code for an act its actor announces it will not do (`will not lift the ban`), or None."""
        return _by_prefix(self.refusal_codes, code)

    def intent_code_for(self, code: str) -> str | None:
        """The 03x code for a future cooperative act announced by its own actor, or None."""
        return _by_prefix(self.intent_codes, code)


def _by_prefix(table: tuple[tuple[str, str], ...], code: str) -> str | None:
    for prefix, mapped in table:
        if code.startswith(prefix):
            return mapped
    return None


def _code_table(raw: dict[str, Any], key: str, root: str, where: str) -> tuple[tuple[str, str], ...]:
    table = raw.get(key)
    if not isinstance(table, dict):
        raise PatternError(f"{where}: {key}: expected a mapping code prefix -> {root}x code")
    codes = event_codes()
    out: list[tuple[str, str]] = []
    for prefix, code in table.items():
        if str(code) not in codes or not str(code).startswith(root):
            raise PatternError(f"{where}: {key}: {prefix}: {code!r} is not a CAMEO {root}x code")
        out.append((str(prefix), str(code)))
    out.sort(key=lambda pc: (-len(pc[0]), pc[0]))
    return tuple(out)


def _words(raw: dict[str, Any], key: str, where: str) -> frozenset[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PatternError(f"{where}: {key}: expected a list of words")
    return frozenset(v.lower() for v in value)


def _int(raw: dict[str, Any], key: str, where: str, low: int) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or value < low:
        raise PatternError(f"{where}: {key}: expected an integer >= {low}, got {value!r}")
    return value


def parse_controls(text: str, where: str = "controls.yaml") -> Controls:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PatternError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise PatternError(f"{where}: expected a mapping of settings")
    targetless = raw.get("targetless")
    if targetless not in TARGETLESS_MODES:
        raise PatternError(f"{where}: targetless: must be one of {', '.join(TARGETLESS_MODES)}")
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _words(raw, "discard_phrases", where):
        words = tuple(phrase.split())
        phrases.setdefault(words[0], []).append(words)
    claim = str(raw.get("claim_code", ""))
    accusation = str(raw.get("accusation_code", ""))
    for key, value in (("claim_code", claim), ("accusation_code", accusation)):
        if value not in event_codes():
            raise PatternError(f"{where}: {key}: {value!r} is not a CAMEO code")
    priors_raw = raw.get("rule_priors")
    if not isinstance(priors_raw, dict) or not all(
        isinstance(v, int | float) and 0 <= v <= 1 for v in priors_raw.values()
    ):
        raise PatternError(f"{where}: rule_priors: expected rule -> number in [0, 1]")
    return Controls(
        min_sentence_tokens=_int(raw, "min_sentence_tokens", where, 1),
        max_sentence_tokens=_int(raw, "max_sentence_tokens", where, 1),
        max_events_per_sentence=_int(raw, "max_events_per_sentence", where, 1),
        targetless=str(targetless),
        drop_self_events=bool(raw.get("drop_self_events", True)),
        discard_phrases={k: tuple(sorted(v)) for k, v in phrases.items()},
        hypothetical_modals=_words(raw, "hypothetical_modals", where),
        future_markers=_words(raw, "future_markers", where),
        conditional_marks=_words(raw, "conditional_marks", where),
        hypothetical_governors=_words(raw, "hypothetical_governors", where),
        negating_governors=_words(raw, "negating_governors", where),
        negation_words=_words(raw, "negation_words", where),
        hypothetical_adjectives=_words(raw, "hypothetical_adjectives", where),
        speech_verbs=_words(raw, "speech_verbs", where),
        threat_codes=_code_table(raw, "threat_codes", "13", where),
        intent_codes=_code_table(raw, "intent_codes", "03", where),
        refusal_codes=_code_table(raw, "refusal_codes", "12", where) if "refusal_codes" in raw else (),
        claim_code=claim,
        claim_prefixes=tuple(str(p) for p in raw.get("claim_prefixes", [])),
        accusation_code=accusation,
        accusation_prefixes=tuple(str(p) for p in raw.get("accusation_prefixes", [])),
        rule_priors={str(k): float(v) for k, v in priors_raw.items()},
        place_targets=bool(raw.get("place_targets", True)),
        locative_place_roots=_roots(raw, "locative_place_roots", where),
        locative_place_preps=_words(raw, "locative_place_preps", where) if "locative_place_preps" in raw
        else frozenset(),
        consequence_roots=_roots(raw, "consequence_roots", where),
        consequence_verbs=_words(raw, "consequence_verbs", where) if "consequence_verbs" in raw else frozenset(),
        purpose_roots=_roots(raw, "purpose_roots", where),
        purpose_verbs=_words(raw, "purpose_verbs", where) if "purpose_verbs" in raw else frozenset(),
        targetless_roots=_roots(raw, "targetless_roots", where),
        domestic_roots=_roots(raw, "domestic_roots", where),
        obligation_modals=_words(raw, "obligation_modals", where) if "obligation_modals" in raw else frozenset(),
        demand_code=_demand_code(raw, where),
    )


def _demand_code(raw: dict[str, Any], where: str) -> str:
    code = str(raw.get("demand_code", "100"))
    if code not in event_codes() or not code.startswith("10"):
        raise PatternError(f"{where}: demand_code: {code!r} is not a CAMEO 10x code")
    return code


def _roots(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) == 2 and v.isdigit()
                                              and "01" <= v <= "20" for v in value):
        raise PatternError(f"{where}: {key}: expected a list of two-digit CAMEO roots (\"14\", \"19\")")
    return tuple(value)


def load_controls(path: Path | None = None) -> Controls:
    p = path or Path(str(resources.files("transforms.events").joinpath("patterns", "controls.yaml")))
    return parse_controls(p.read_text(encoding="utf-8"), p.name)


@functools.cache
def default_controls() -> Controls:
    return load_controls()
