"""One-off generator of `dictionaries/countries.tsv` from pycountry (ISO 3166-1 names and codes).

Run by hand (`python -m transforms.actors.build_country_file`) when pycountry changes; the
resolver never imports it. Hand-written names, demonyms and capitals live in `country_names.tsv`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pycountry

from transforms.lake import write_text_atomic

HEADER = """\
# ISO 3166-1 countries and territories: one row per name, GENERATED from pycountry by
# `python -m transforms.actors.build_country_file` -- edit country_names.tsv instead.
# Columns (tab-separated): phrase, country (ISO alpha-3), form ('name'), agent (empty).
phrase\tcountry\tform\tagent
"""

#: Names whose "X, Y of" form does not read well when turned around.
NO_REVERSE = {"Taiwan, Province of China", "Bonaire, Sint Eustatius and Saba"}


def readable(name: str) -> str:
    """`Korea, Republic of` -> `Republic of Korea`; other names unchanged."""
    if "," not in name or name in NO_REVERSE:
        return name.split(",")[0] if name in NO_REVERSE else name
    head, tail = (s.strip() for s in name.split(",", 1))
    return f"{tail} {head}"


def rows() -> list[tuple[str, str]]:
    out: dict[str, str] = {}
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                out.setdefault(readable(value), c.alpha_3)
    return sorted(out.items(), key=lambda kv: (kv[1], kv[0]))


def main(path: str | None = None) -> None:
    target = Path(path) if path else Path(__file__).with_name("dictionaries") / "countries.tsv"
    write_text_atomic(target, HEADER + "".join(f"{phrase}\t{code}\tname\t\n" for phrase, code in rows()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
