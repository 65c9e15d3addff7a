"""Loads and validates the actor dictionaries (TSV files) into typed, immutable records.

The file kind is recognised from its header line; a bad entry raises `DictionaryError("file:line: reason")`.
This module only reads and checks data: it knows nothing about spaCy or about resolution rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from schemas.codebook import actor_types

#: The dictionaries shipped with the project, in load order (later files override earlier phrases).
BUILTIN_FILES = ("countries.tsv", "country_names.tsv", "agents.tsv", "organisations.tsv",
                 "dated_organisations.tsv", "people.tsv", "context.tsv", "cities.tsv")

#: Header line (tab-separated column names) -> file kind.
HEADERS: dict[tuple[str, ...], str] = {
    ("phrase", "country", "form", "agent"): "country",
    ("phrase", "agent", "kind"): "agent",
    ("names", "code"): "organisation",
    ("name", "aliases", "code", "start", "end", "sex", "office"): "person",
    ("names", "code", "start", "end"): "dated_organisation",
    ("word", "role"): "context",
    ("city", "country"): "city",
}

COUNTRY_FORMS = ("name", "adjective", "people", "capital", "metonym", "region")
AGENT_KINDS = ("person", "envoy", "group", "thing", "national", "honorific", "modifier", "connector")
CONTEXT_ROLES = ("locative", "motion")
#: First code group of an actor that belongs to no single country.
INTERNATIONAL = ("IGO", "NGO", "IMG", "NGM", "MNC", "INT", "UIS")
SEXES = ("m", "f", "")

_CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")


class DictionaryError(ValueError):
    """A dictionary file is malformed; the message starts with `file:line:`."""


@dataclass(frozen=True, slots=True)
class CountryPhrase:
    """A name, adjective, capital or metonym that stands for a country (`Kremlin` -> RUS, GOV)."""

    phrase: str
    country: str
    form: str
    agent: str  # role suffix the phrase carries by itself ("GOV" for capitals), "" for none
    entry_id: str


@dataclass(frozen=True, slots=True)
class Agent:
    """A role noun or phrase (`riot police` -> COP) or a title/modifier (`Mr`, `former`)."""

    phrase: str
    agent: str  # one or more 3-letter role codes ("GOV", "GOVMIL"); "" for honorifics
    kind: str  # person | envoy | group | thing | national | honorific | modifier | connector
    entry_id: str


@dataclass(frozen=True, slots=True)
class Organisation:
    """A named organisation, group or movement with its full CAMEO code."""

    phrase: str
    code: str
    entry_id: str


@dataclass(frozen=True, slots=True)
class Role:
    """One office a person held: the CAMEO code for the period [start, end)."""

    code: str
    start: dt.date | None
    end: dt.date | None
    office: str
    entry_id: str

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    """A person with date-restricted roles (ordered by start date)."""

    name: str
    aliases: tuple[str, ...]
    sex: str
    roles: tuple[Role, ...]
    is_person: bool = True  # False for an organisation with dated roles (dated_organisations.tsv)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass
class ActorDictionary:
    """Everything the resolver knows, keyed by lower-cased, space-joined phrase."""

    countries: dict[str, CountryPhrase] = field(default_factory=dict)
    agents: dict[str, Agent] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)  # by canonical name
    person_phrases: dict[str, str] = field(default_factory=dict)  # phrase -> canonical name
    country_codes: set[str] = field(default_factory=set)  # declared country and region codes
    files: list[str] = field(default_factory=list)
    version: str = ""  # content hash of the loaded files, recorded with every event
    variants: list[tuple[str, str]] = field(default_factory=list)  # (kind, phrase) case variants of a key
    locative: set[str] = field(default_factory=set)  # prepositions that make a country a place
    motion: set[str] = field(default_factory=set)  # lemmas after which a country is a destination
    cities: dict[str, tuple[str, str]] = field(default_factory=dict)  # city key -> (country, file:line)

    def phrases(self) -> Iterable[tuple[str, str]]:
        """(kind, phrase as written) for every matchable phrase."""
        for c in self.countries.values():
            yield "country", c.phrase
        for a in self.agents.values():
            yield "agent", a.phrase
        for o in self.organisations.values():
            yield "organisation", o.phrase
        for phrase in self.person_phrases:
            yield "person", phrase
        yield from self.variants


def phrase_key(phrase: str) -> str:
    """Normalised lookup key: lower case, single spaces."""
    return " ".join(phrase.lower().split())


def split_code(code: str, countries: set[str]) -> tuple[str | None, str | None, str | None]:
    """(country, first agent, known group) of a full CAMEO code such as `PSEREBHMS` or `IGOUNO`."""
    groups = [code[i : i + 3] for i in range(0, len(code), 3)]
    if not groups:
        return None, None, None
    types = actor_types()
    country = groups[0] if groups[0] in countries and groups[0] not in INTERNATIONAL else None
    rest = groups[1:] if country else groups
    agent = next((g for g in rest if g in types), None)
    extra = [g for g in rest if g not in types]
    return country, agent, (extra[-1] if extra else None)


def _parse_date(text: str, where: str, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DictionaryError(f"{where}: bad {what} date {text!r}; use YYYY-MM-DD or leave empty") from None


def _check_agent(agent: str, where: str) -> None:
    if not _CODE_RE.match(agent):
        raise DictionaryError(f"{where}: agent {agent!r} must be one or more 3-letter upper-case codes")
    types = actor_types()
    for i in range(0, len(agent), 3):
        if agent[i : i + 3] not in types:
            raise DictionaryError(
                f"{where}: unknown agent code {agent[i:i + 3]!r}; use one of {', '.join(sorted(types))}"
            )


def _read_rows(path: Path, display: str) -> tuple[str, list[tuple[int, list[str]]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"{display}:0: cannot read dictionary file: {exc}") from exc
    kind = ""
    rows: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if not kind:
            header = tuple(cols)
            if header not in HEADERS:
                known = "; ".join("\\t".join(h) for h in HEADERS)
                raise DictionaryError(f"{display}:{lineno}: unknown header {line!r}; expected one of: {known}")
            kind = HEADERS[header]
            width = len(header)
            continue
        if len(cols) != width:
            raise DictionaryError(f"{display}:{lineno}: expected {width} tab-separated columns, got {len(cols)}")
        rows.append((lineno, cols))
    if not kind:
        raise DictionaryError(f"{display}:1: empty dictionary file (no header line)")
    return kind, rows


class _Loader:
    """Accumulates files into one ActorDictionary, checking cross-references at the end."""

    def __init__(self) -> None:
        self.d = ActorDictionary()
        self.pending_codes: list[tuple[str, str]] = []  # (code, where) checked once countries are known
        self.person_rows: dict[str, list[tuple[str, Role, tuple[str, ...], str]]] = {}
        self.not_people: set[str] = set()

    def add(self, path: Path, display: str) -> None:
        kind, rows = _read_rows(path, display)
        self.d.files.append(display)
        content = (self.d.version + Path(display).name).encode() + path.read_bytes()
        self.d.version = hashlib.sha256(content).hexdigest()[:16]
        seen: dict[str, str] = {}
        for lineno, cols in rows:
            where = f"{display}:{lineno}"
            if kind == "country":
                self._country(cols, where, seen)
            elif kind == "agent":
                self._agent(cols, where, seen)
            elif kind == "organisation":
                self._organisation(cols, where, seen)
            elif kind == "dated_organisation":
                self._dated_organisation(cols, where)
            elif kind == "context":
                self._context(cols, where)
            elif kind == "city":
                self._city(cols, where, seen)
            else:
                self._person(cols, where)

    @staticmethod
    def _dup(key: str, where: str, seen: dict[str, str]) -> None:
        if not key:
            raise DictionaryError(f"{where}: empty phrase")
        if key in seen:
            raise DictionaryError(f"{where}: duplicate phrase {key!r} (first at {seen[key]})")
        seen[key] = where

    def _country(self, cols: list[str], where: str, seen: dict[str, str]) -> None:
        phrase, country, form, agent = cols
        self._dup(phrase_key(phrase), where, seen)
        if not re.fullmatch(r"[A-Z]{3}", country):
            raise DictionaryError(f"{where}: country code {country!r} must be 3 upper-case letters")
        if form not in COUNTRY_FORMS:
            raise DictionaryError(f"{where}: unknown form {form!r}; use one of {', '.join(COUNTRY_FORMS)}")
        if form in ("name", "region"):
            self.d.country_codes.add(country)
        else:
            self.pending_codes.append((country, where))
        if agent:
            _check_agent(agent, where)
        self.d.countries[phrase_key(phrase)] = CountryPhrase(phrase, country, form, agent, where)

    def _agent(self, cols: list[str], where: str, seen: dict[str, str]) -> None:
        phrase, agent, kind = cols
        self._dup(phrase_key(phrase), where, seen)
        if kind not in AGENT_KINDS:
            raise DictionaryError(f"{where}: unknown kind {kind!r}; use one of {', '.join(AGENT_KINDS)}")
        if kind in ("honorific", "connector"):
            if agent not in ("", "-"):
                raise DictionaryError(f"{where}: a {kind} carries no agent code; write '-'")
            agent = ""
        else:
            _check_agent(agent, where)
        self.d.agents[phrase_key(phrase)] = Agent(phrase, agent, kind, where)

    def _organisation(self, cols: list[str], where: str, seen: dict[str, str]) -> None:
        names, code = cols
        if not _CODE_RE.match(code):
            raise DictionaryError(f"{where}: code {code!r} must be groups of 3 upper-case letters")
        self.pending_codes.append((code, where))
        keys: set[str] = set()
        for name in names.split("|"):
            key = phrase_key(name)
            if key in keys:  # a case variant on the same line (`NATO|Nato`)
                self.d.variants.append(("organisation", name.strip()))
                continue
            keys.add(key)
            self._dup(key, where, seen)
            self.d.organisations[key] = Organisation(name.strip(), code, where)

    def _city(self, cols: list[str], where: str, seen: dict[str, str]) -> None:
        city, country = cols
        key = phrase_key(city)
        self._dup(key, where, seen)
        if not re.fullmatch(r"[A-Z]{3}", country):
            raise DictionaryError(f"{where}: country code {country!r} must be 3 upper-case letters")
        self.pending_codes.append((country, where))
        self.d.cities[key] = (country, where)

    def _context(self, cols: list[str], where: str) -> None:
        word, role = cols
        if not word or word != word.lower():
            raise DictionaryError(f"{where}: word {word!r} must be a non-empty lower-case word or lemma")
        if role not in CONTEXT_ROLES:
            raise DictionaryError(f"{where}: unknown role {role!r}; use one of {', '.join(CONTEXT_ROLES)}")
        (self.d.locative if role == "locative" else self.d.motion).add(word)

    def _dated_organisation(self, cols: list[str], where: str) -> None:
        names, code, start, end = cols
        first, *aliases = [n.strip() for n in names.split("|") if n.strip()] or [""]
        self._person([first, "|".join(aliases), code, start, end, "", ""], where, is_person=False)

    def _person(self, cols: list[str], where: str, is_person: bool = True) -> None:
        name, aliases, code, start, end, sex, office = cols
        if not name:
            raise DictionaryError(f"{where}: empty name")
        if not _CODE_RE.match(code):
            raise DictionaryError(f"{where}: code {code!r} must be groups of 3 upper-case letters")
        if sex not in SEXES:
            raise DictionaryError(f"{where}: sex must be m, f or empty, not {sex!r}")
        s, e = _parse_date(start, where, "start"), _parse_date(end, where, "end")
        if s and e and e <= s:
            raise DictionaryError(f"{where}: end {end} is not after start {start}")
        self.pending_codes.append((code, where))
        alias_list = tuple(a.strip() for a in aliases.split("|") if a.strip())
        self.person_rows.setdefault(name, []).append((where, Role(code, s, e, office, where), alias_list, sex))
        self.not_people.update(() if is_person else (name,))

    def finish(self) -> ActorDictionary:
        known = self.d.country_codes
        for code, where in self.pending_codes:
            first = code[:3]
            if first not in known and first not in INTERNATIONAL:
                raise DictionaryError(
                    f"{where}: {code!r} starts with {first!r}, which is neither a declared country/region "
                    f"(form 'name' or 'region' in a country file) nor one of {', '.join(INTERNATIONAL)}"
                )
        owner: dict[str, tuple[str, str]] = {}
        for name, rows in self.person_rows.items():
            roles = sorted((r for _, r, _, _ in rows), key=lambda r: (r.start or dt.date.min))
            for a, b in itertools.pairwise(roles):
                if a.end is None or b.start is None or b.start < a.end:
                    raise DictionaryError(
                        f"{b.entry_id}: role overlaps {a.entry_id} for {name!r}; end one role before the next"
                    )
            aliases = tuple(dict.fromkeys(a for _, _, al, _ in rows for a in al))
            sexes = {s for _, _, _, s in rows if s}
            if len(sexes) > 1:
                raise DictionaryError(f"{rows[-1][0]}: conflicting sex for {name!r}")
            self.d.people[name] = Person(name, aliases, next(iter(sexes), ""), tuple(roles),
                                         is_person=name not in self.not_people)
            for phrase in (name, *aliases):
                key = phrase_key(phrase)
                if key in owner and owner[key][0] == name:
                    self.d.variants.append(("person", phrase))
                    continue
                if key in owner:
                    raise DictionaryError(
                        f"{rows[0][0]}: name {phrase!r} also belongs to {owner[key][0]!r} ({owner[key][1]})"
                    )
                owner[key] = (name, rows[0][0])
                self.d.person_phrases[phrase] = name
        return self.d


def load_dictionaries(extra_files: Sequence[str | Path] = ()) -> ActorDictionary:
    """The built-in dictionaries plus user files (any kind, recognised by header), validated."""
    loader = _Loader()
    base = resources.files("transforms.actors").joinpath("dictionaries")
    for name in BUILTIN_FILES:
        loader.add(Path(str(base.joinpath(name))), name)
    for extra in extra_files:
        p = Path(extra)
        if not p.is_file():
            raise DictionaryError(f"{p}:0: extra dictionary file not found; fix `extra_files` / "
                                  "`[coder.actors] extra_dictionaries`")
        loader.add(p, str(p))
    return loader.finish()


def load_files(paths: Sequence[str | Path]) -> ActorDictionary:
    """Only the given files (for tests and for checking a user file on its own terms)."""
    loader = _Loader()
    for p in paths:
        loader.add(Path(p), Path(p).name)
    return loader.finish()
