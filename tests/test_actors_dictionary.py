"""Actor dictionary loader: validation errors carry `file:line: reason`; built-in files meet coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pycountry
import pytest
import spacy

from transforms.actors.dated_roles import role_on
from transforms.actors.dictionary import DictionaryError, load_dictionaries, load_files, split_code

COUNTRY_HEADER = "phrase\tcountry\tform\tagent\n"
AGENT_HEADER = "phrase\tagent\tkind\n"
ORG_HEADER = "names\tcode\n"
PEOPLE_HEADER = "name\taliases\tcode\tstart\tend\tsex\toffice\n"
BASE = COUNTRY_HEADER + "Syria\tSYR\tname\t\nUnited States\tUSA\tname\t\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def load_error(tmp_path: Path, name: str, text: str) -> str:
    base = write(tmp_path, "base.tsv", BASE)
    bad = write(tmp_path, name, text)
    with pytest.raises(DictionaryError) as err:
        load_files([base, bad])
    return str(err.value)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("agents.tsv", AGENT_HEADER + "police\tCOP\tgroup\nsoldiers\tMILX\tgroup\n", "agents.tsv:3: agent 'MILX'"),
        ("agents.tsv", AGENT_HEADER + "# comment\n\nspies\tSPX\tgroup\n", "agents.tsv:4: unknown agent code 'SPX'"),
        ("agents.tsv", AGENT_HEADER + "police\tCOP\tcrowd\n", "agents.tsv:2: unknown kind 'crowd'"),
        ("agents.tsv", AGENT_HEADER + "mr\tGOV\thonorific\n", "agents.tsv:2: a honorific carries no agent"),
        ("agents.tsv", AGENT_HEADER + "police\tCOP\tgroup\nPolice\tCOP\tgroup\n",
         "agents.tsv:3: duplicate phrase 'police' (first at agents.tsv:2)"),
        ("agents.tsv", AGENT_HEADER + "police\tCOP\n", "agents.tsv:2: expected 3 tab-separated columns, got 2"),
        ("x.tsv", "what\tis\tthis\n", "x.tsv:1: unknown header"),
        ("x.tsv", "# only comments\n", "x.tsv:1: empty dictionary file"),
        ("countries.tsv", COUNTRY_HEADER + "Syrian\tSYR\tdemonym\t\n", "countries.tsv:2: unknown form 'demonym'"),
        ("countries.tsv", COUNTRY_HEADER + "Narnian\tNRN\tadjective\t\n",
         "countries.tsv:2: 'NRN' starts with 'NRN', which is neither a declared country"),
        ("countries.tsv", COUNTRY_HEADER + "Syrie\tsyr\tname\t\n", "countries.tsv:2: country code 'syr'"),
        ("orgs.tsv", ORG_HEADER + "Hamas\tPSEREBHM\n", "orgs.tsv:2: code 'PSEREBHM' must be groups of 3"),
        ("orgs.tsv", ORG_HEADER + "Hamas\tXXXREBHMS\n", "orgs.tsv:2: 'XXXREBHMS' starts with 'XXX'"),
        ("people.tsv", PEOPLE_HEADER + "John Kerry\t\tUSAGOV\t2013-02-31\t\tm\t\n",
         "people.tsv:2: bad start date '2013-02-31'"),
        ("people.tsv", PEOPLE_HEADER + "John Kerry\t\tUSAGOV\t2017-01-20\t2013-02-01\tm\t\n",
         "people.tsv:2: end 2013-02-01 is not after start 2017-01-20"),
        ("people.tsv", PEOPLE_HEADER + "John Kerry\t\tUSALEG\t1985-01-03\t2013-02-02\tm\t\n"
         "John Kerry\t\tUSAGOV\t2013-02-01\t2017-01-20\tm\t\n", "people.tsv:3: role overlaps people.tsv:2"),
        ("people.tsv", PEOPLE_HEADER + "John Kerry\t\tUSAGOV\t\t\tx\t\n", "people.tsv:2: sex must be m, f or empty"),
        ("people.tsv", PEOPLE_HEADER + "A B\tAB\tUSAGOV\t\t\t\t\nC D\tAB\tSYRGOV\t\t\t\t\n",
         "name 'AB' also belongs to 'A B'"),
        ("cities.tsv", "city\tcountry\nAleppo\tsyr\n", "cities.tsv:2: country code 'syr'"),
        ("cities.tsv", "city\tcountry\nAleppo\tNRN\n", "cities.tsv:2: 'NRN' starts with 'NRN'"),
        ("cities.tsv", "city\tcountry\nAleppo\tSYR\naleppo\tSYR\n", "cities.tsv:3: duplicate phrase 'aleppo'"),
    ],
)
def test_bad_entries_fail_with_file_and_line(tmp_path: Path, name: str, text: str, expected: str) -> None:
    assert expected in load_error(tmp_path, name, text)


def test_missing_extra_file_says_what_to_fix(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="extra_dictionaries"):
        load_dictionaries([tmp_path / "nope.tsv"])


def test_good_files_load_into_typed_records(tmp_path: Path) -> None:
    files = [
        write(tmp_path, "c.tsv", BASE + "Syrian\tSYR\tadjective\t\nDamascus\tSYR\tcapital\tGOV\n"),
        write(tmp_path, "a.tsv", AGENT_HEADER + "riot police\tCOP\tgroup\nMr\t-\thonorific\n"),
        write(tmp_path, "o.tsv", ORG_HEADER + "NATO|Nato\tIGOWSTNAT\n"),
        write(tmp_path, "p.tsv", PEOPLE_HEADER
              + "John Kerry\tJohn F. Kerry\tUSALEG\t1985-01-03\t2013-02-01\tm\tsenator\n"
              "John Kerry\t\tUSAGOV\t2013-02-01\t2017-01-20\tm\tsecretary of state\n"),
    ]
    d = load_files(files)
    assert d.countries["damascus"].agent == "GOV"
    assert d.countries["damascus"].entry_id == "c.tsv:5"
    assert d.agents["riot police"].agent == "COP"
    assert d.organisations["nato"].code == "IGOWSTNAT"
    assert ("organisation", "Nato") in d.variants
    kerry = d.people["John Kerry"]
    assert [r.code for r in kerry.roles] == ["USALEG", "USAGOV"]
    assert kerry.surname == "Kerry"
    assert role_on(kerry, dt.date(2005, 1, 8))[0] == "USALEG"
    assert role_on(kerry, dt.date(2015, 12, 15))[0] == "USAGOV"
    assert role_on(kerry, dt.date(2018, 1, 1))[0] == "USAELI"  # after the last role: a former official
    assert role_on(kerry, dt.date(1980, 1, 1))[0] == "USA"  # before the first role: the country only
    assert role_on(kerry, None)[0] == "USAGOV"  # no date: the latest role


def test_split_code() -> None:
    known = {"PSE", "USA", "SYR"}
    assert split_code("PSEREBHMS", known) == ("PSE", "REB", "HMS")
    assert split_code("IGOUNO", known) == (None, "IGO", "UNO")
    assert split_code("USAGOVMIL", known) == ("USA", "GOV", None)
    assert split_code("SYR", known) == ("SYR", None, None)


def test_builtin_dictionaries_cover_the_issue() -> None:
    d = load_dictionaries()
    iso = {c.alpha_3 for c in pycountry.countries}
    assert iso <= d.country_codes
    forms = {c.form for c in d.countries.values()}
    assert forms >= {"name", "adjective", "people", "capital", "metonym", "region"}
    assert len([a for a in d.agents.values() if a.kind in ("person", "group")]) >= 150
    org_codes = {o.entry_id: o.code for o in d.organisations.values()}
    assert len([c for c in org_codes.values() if c.startswith("IGO")]) >= 40
    groups = [c for c in org_codes.values() if not c.startswith(("IGO", "NGO"))
              and any(c[i:i + 3] in {"REB", "INS", "SEP", "UAF", "PTY", "OPP"} for i in range(3, len(c), 3))]
    assert len(groups) >= 60
    assert len(d.people) >= 300
    for name, code in (("Kremlin", "RUS"), ("White House", "USA"), ("Downing Street", "GBR"), ("Beijing", "CHN"),
                       ("Tehran", "IRN"), ("Washington", "USA")):
        entry = d.countries[name.lower()]
        assert (entry.country, entry.agent) == (code, "GOV"), name
    for adjective, code in (("American", "USA"), ("U.S.", "USA"), ("Syrian", "SYR"), ("Emirati", "ARE")):
        assert d.countries[adjective.lower()].country == code


def test_user_file_extends_the_component(tmp_path: Path) -> None:
    extra = write(tmp_path, "mine.tsv", ORG_HEADER + "Narnia Liberation Front\tSYRREBNLF\n")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    import transforms.actors.component  # noqa: F401  (registers the factory)

    nlp.add_pipe("cameo_actors", config={"extra_files": [str(extra)]})
    doc = nlp("The Narnia Liberation Front attacked.")
    assert [(a.text, a.code, a.entry_id) for a in doc._.actors] == [
        ("Narnia Liberation Front", "SYRREBNLF", f"{extra}:2")
    ]
    nlp2 = spacy.blank("en")
    nlp2.add_pipe("cameo_actors", config={"extra_dictionaries": [str(extra)]})  # the evw.toml spelling
    assert [a.code for a in nlp2("Narnia Liberation Front")._.actors] == ["SYRREBNLF"]


def test_evw_toml_extra_dictionaries_reach_the_component(tmp_path: Path) -> None:
    from transforms.config import load_config
    from transforms.extract import component_settings

    extra = write(tmp_path, "people_extra.tsv", PEOPLE_HEADER + "Ada Quill\tQuill\tSYROPP\t2019-01-01\t\tf\tactivist\n")
    toml = write(tmp_path, "evw.toml", f'[coder.actors]\nextra_dictionaries = ["{extra}"]\n')
    settings = component_settings(load_config(toml))["cameo_actors"]
    nlp = spacy.blank("en")
    import transforms.actors.component  # noqa: F401  (registers the factory)

    nlp.add_pipe("cameo_actors", config=settings)
    doc = nlp.make_doc("Ada Quill spoke.")
    doc._.event_date = dt.date(2020, 5, 1)
    assert [(a.text, a.code) for a in nlp(doc)._.actors] == [("Ada Quill", "SYROPP")]


def test_cities_file_loads_and_is_no_phrase_to_match(tmp_path: Path) -> None:
    base = write(tmp_path, "base.tsv", BASE)
    cities = write(tmp_path, "cities.tsv", "# generated\ncity\tcountry\nAleppo\tSYR\nNew York City\tUSA\n")
    d = load_files([base, cities])
    assert d.cities["aleppo"] == ("SYR", "cities.tsv:3")
    assert d.cities["new york city"][0] == "USA"
    assert not any(phrase == "Aleppo" for _, phrase in d.phrases())  # cities are never actors


def test_builtin_cities_point_to_one_country() -> None:
    d = load_dictionaries()
    assert len(d.cities) > 5000
    assert d.cities["istanbul"][0] == "TUR" and d.cities["aleppo"][0] == "SYR"
    assert "tripoli" not in d.cities  # Libya and Lebanon: ambiguous, left out

