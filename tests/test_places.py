"""Action geography: places named in a sentence, resolved offline; the actors' country as flagged fallback."""

from __future__ import annotations

import pytest
from spacy.language import Language

from transforms.model import ActorMention
from transforms.places import COUNTRY, US_CITY, US_STATE, WORLD_CITY, Place, action_place, fips_code, gazetteer


def actor(country: str | None, code: str | None = None) -> ActorMention:
    return ActorMention(0, 1, 0, 5, "x", code or (f"{country}GOV" if country else None), country, "GOV")


def place(nlp: Language, text: str, *actors: ActorMention) -> Place | None:
    doc = nlp(text)
    return action_place(next(iter(doc.sents)), list(actors))


@pytest.mark.parametrize(("text", "actors", "fullname", "geo_type", "country"), [
    ("Syrian troops shelled rebel positions near Aleppo on Tuesday.", ["SYR"], "Aleppo, Syria", WORLD_CITY, "SYR"),
    ("Government forces fought rebels outside Damascus.", ["SYR"], "Damascus, Syria", WORLD_CITY, "SYR"),
    ("Kerry met Lavrov in Moscow on Tuesday.", ["USA", "RUS"], "Moscow, Russia", WORLD_CITY, "RUS"),
    ("Police dispersed protesters in Texas.", ["USA"], "Texas, United States", US_STATE, "USA"),
    ("Police dispersed protesters in Chicago.", ["USA"], "Chicago, Illinois, United States", US_CITY, "USA"),
    ("The two leaders met in the United Kingdom.", ["FRA", "DEU"], "United Kingdom", COUNTRY, "GBR"),
])
def test_named_place_is_resolved(base_nlp: Language, text: str, actors: list[str], fullname: str, geo_type: int,
                                 country: str) -> None:
    p = place(base_nlp, text, *(actor(c) for c in actors))
    assert p is not None
    assert (p.fullname, p.geo_type, p.country_code, p.is_fallback) == (fullname, geo_type, country, False)
    assert p.char_offset is not None and text[p.char_offset:].split()[0].strip(".") in fullname.replace(",", "")
    assert p.lat is not None and p.long is not None and p.feature_id.isdigit()


def test_ambiguous_city_follows_the_actors(base_nlp: Language) -> None:
    text = "Clashes erupted in Tripoli overnight."
    libya = place(base_nlp, text, actor("LBY"))
    lebanon = place(base_nlp, text, actor("LBN"))
    assert libya is not None and lebanon is not None
    assert (libya.country_code, lebanon.country_code) == ("LBY", "LBN")
    assert libya.feature_id != lebanon.feature_id


def test_fallback_is_the_actors_country_flagged(base_nlp: Language) -> None:
    p = place(base_nlp, "Russia criticized Ukraine over the gas deal.", actor(None, "IGOUNO"), actor("RUS"))
    assert p is not None
    assert (p.geo_type, p.fullname, p.country_code, p.is_fallback, p.char_offset) == (COUNTRY, "Russia", "RUS",
                                                                                     True, None)
    assert p.lat is not None and 40 < p.lat < 70  # population centroid: European Russia


def test_no_place_and_no_country_gives_none(base_nlp: Language) -> None:
    assert place(base_nlp, "Rebels attacked a convoy.", actor(None, "REB")) is None


def test_place_not_introduced_by_a_preposition_is_not_taken(base_nlp: Language) -> None:
    # "Moscow" is the subject (an actor by metonymy), not where it happened
    p = place(base_nlp, "Moscow condemned the strike.", actor("RUS"))
    assert p is not None and p.is_fallback


def test_gazetteer_is_built_once_and_codes_map_to_fips() -> None:
    assert gazetteer() is gazetteer()
    assert (fips_code("DEU"), fips_code("USA"), fips_code("RUS"), fips_code(None), fips_code("ZZZ")) == (
        "GM", "US", "RS", None, None)
    assert gazetteer().cameo("XKX") == "KSV"
