"""Roots 18 (assault), 20 (mass violence) and 15 (force posture) in news phrasing: object-noun classes
(SOFT_TARGET, UNARMED, MASS_NUMBER), consequence clauses (`..., killing X`, `a bomb that killed X`),
purpose clauses (`... to deter X`) and owner countries (`a British-flagged tanker`).

Actors are attached by hand (see test_events_support.py) so each rule is tested on its own."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from spacy.language import Language
from test_events_support import actor, code, triples

from transforms.events.coding import code_doc
from transforms.events.controls import default_controls, parse_controls
from transforms.events.patterns import PatternError, default_book

CONTROLS = Path(__file__).resolve().parents[1] / "transforms" / "events" / "patterns" / "controls.yaml"


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        # an attack on a place where people gather is unconventional violence, not battle
        ("Hamas gunmen attacked a crowded Israeli market.", [("Hamas gunmen", "PSEREBHMS"), ("Israeli", "ISR")],
         ("PSEREBHMS", "ISR", "180")),
        # an attack on unarmed people is assault
        ("Israeli settlers attacked Palestinian villagers.", [("Israeli settlers", "ISRCVL"),
                                                              ("Palestinian villagers", "PSECVL")],
         ("ISRCVL", "PSECVL", "182")),
        # killing or executing hundreds is a mass killing
        ("Islamic State militants executed hundreds of Iraqi soldiers.",
         [("Islamic State militants", "IMGMOSISI"), ("Iraqi soldiers", "IRQMIL")], ("IMGMOSISI", "IRQMIL", "202")),
        ("Government troops killed thousands of Kurdish villagers.",
         [("Government troops", "IRQMIL"), ("Kurdish villagers", "IRQCVL")], ("IRQMIL", "IRQCVL", "202")),
        # a named chemical agent
        ("Russian forces used chloropicrin against Ukrainian troops.",
         [("Russian forces", "RUSMIL"), ("Ukrainian troops", "UKRMIL")], ("RUSMIL", "UKRMIL", "2041")),
    ],
)
def test_assault_and_mass_violence_classes(base_nlp: Language, text: str, actors: list[tuple[str, str]],
                                           expected: tuple[str, str, str]) -> None:
    assert expected in triples(code(base_nlp, text, actors))


def test_attack_on_soldiers_stays_a_battle(base_nlp: Language) -> None:
    got = triples(code(base_nlp, "Russian troops attacked Ukrainian soldiers near Bakhmut.",
                       [("Russian troops", "RUSMIL"), ("Ukrainian soldiers", "UKRMIL")]))
    assert got == {("RUSMIL", "UKRMIL", "190")}


def test_killing_a_few_is_not_a_mass_killing(base_nlp: Language) -> None:
    got = triples(code(base_nlp, "Gunmen from Hamas killed three Israeli soldiers.",
                       [("Hamas", "PSEREBHMS"), ("Israeli soldiers", "ISRMIL")]))
    assert not any(c == "202" for _, _, c in got), got


def test_participle_clause_names_the_victims_and_is_no_second_event(base_nlp: Language) -> None:
    ev = code(base_nlp, "Al-Shabaab militants detonated a truck bomb in Mogadishu, killing dozens of Somali civilians.",
              [("Al-Shabaab militants", "SOMREBSHB"), ("Somali civilians", "SOMCVL")])
    assert triples(ev) == {("SOMREBSHB", "SOMCVL", "1832")}
    assert "consequence" in ev[0].rule


def test_relative_clause_on_the_bomb_names_the_victims(base_nlp: Language) -> None:
    ev = code(base_nlp, "Baloch separatists planted a roadside bomb that killed several Pakistani soldiers.",
              [("Baloch separatists", "PAKSEP"), ("Pakistani soldiers", "PAKMIL")])
    assert triples(ev) == {("PAKSEP", "PAKMIL", "1833")}


def test_consequence_clause_does_not_replace_a_named_target(base_nlp: Language) -> None:
    ev = code(base_nlp, "Turkish jets bombed PKK positions in Iraq, killing dozens of Kurdish fighters.",
              [("Turkish jets", "TURMIL"), ("PKK", "TURSEPPKK"), ("Kurdish fighters", "IRQREB")])
    got = triples(ev)
    assert ("TURMIL", "TURSEPPKK", "195") in got, got
    assert not any(t == "IRQREB" for _, t, _ in got), got


def test_consequence_clause_only_for_acts_of_force(base_nlp: Language) -> None:
    # a cooperative act followed by a participle keeps its own target search; the participle is not absorbed
    ev = code(base_nlp, "Egypt opened the Rafah crossing to Gaza, allowing Palestinian patients to leave.",
              [("Egypt", "EGY"), ("Palestinian patients", "PSECVL")])
    assert not any("consequence" in e.rule for e in ev)


def test_purpose_clause_names_the_target_of_a_force_posture(base_nlp: Language) -> None:
    ev = code(base_nlp, "NATO sent more troops to Poland to deter Russia.",
              [("NATO", "IGOWSTNAT"), ("Poland", "POL"), ("Russia", "RUS")])
    got = triples(ev)
    assert ("IGOWSTNAT", "RUS", "154") in got, got
    assert not any(c.startswith("13") or c.startswith("10") for _, _, c in got), got  # `deter` is no event of its own


def test_purpose_clause_hung_on_the_object(base_nlp: Language) -> None:
    # the parser attaches `to deter Iran` to `carrier`, not to `sent`
    ev = code(base_nlp, "The United States sent an aircraft carrier to the Gulf to deter Iran.",
              [("United States", "USA"), ("Iran", "IRN")])
    assert triples(ev) == {("USA", "IRN", "154")}
    assert "purpose" in ev[0].rule


def test_region_adjective_used_as_a_noun_is_a_place(nlp: Language) -> None:
    doc = nlp("The United States sent an aircraft carrier to the Gulf.")
    assert [a.code for a in doc._.actors] == ["USA"]


def test_purpose_clause_is_ignored_outside_force_postures(base_nlp: Language) -> None:
    ev = code(base_nlp, "Germany sent medical aid to Ukraine to help Ukrainian hospitals.",
              [("Germany", "DEU"), ("Ukraine", "UKR"), ("Ukrainian hospitals", "UKRHLH")])
    assert ("DEU", "UKR", "073") in triples(ev) or any(t == "UKR" for _, t, _ in triples(ev))
    assert not any("purpose" in e.rule for e in ev)


def test_flag_state_is_the_target_of_a_hijacking(nlp: Language) -> None:
    doc = nlp("Somali pirates hijacked a Bangladeshi-flagged cargo ship in the Indian Ocean.")
    got = {(e.source.code if e.source else None, e.target.code if e.target else None, e.event_code)
           for e in doc._.events}
    assert ("SOMCRM", "BGD", "181") in got, got


def test_made_in_is_not_an_owner(nlp: Language) -> None:
    doc = nlp("Russia launched Iranian-made drones.")
    assert not any(p.code == "IRN" for p in doc._.country_places or []), doc._.country_places


def test_consequence_and_purpose_can_be_switched_off(base_nlp: Language) -> None:
    controls = dataclasses.replace(default_controls(), consequence_roots=(), purpose_roots=())
    text = "Al-Shabaab militants detonated a truck bomb in Mogadishu, killing dozens of Somali civilians."
    doc = base_nlp(text)
    actors = [actor(doc, "Al-Shabaab militants", "SOMREBSHB"), actor(doc, "Somali civilians", "SOMCVL")]
    ev = code_doc(doc, actors, default_book(), controls)
    assert not any("consequence" in e.rule for e in ev)


def test_consequence_roots_are_validated() -> None:
    text = CONTROLS.read_text(encoding="utf-8")
    assert parse_controls(text).consequence_roots == ("18", "19", "20")
    with pytest.raises(PatternError, match="consequence_roots"):
        parse_controls(text.replace('consequence_roots: ["18", "19", "20"]', 'consequence_roots: ["assault"]'))


def test_city_is_the_place_of_an_attack(nlp: Language) -> None:
    doc = nlp("Russian forces shelled residential areas in Kharkiv.")
    got = {(e.source.code if e.source else None, e.target.code if e.target else None, e.event_code)
           for e in doc._.events}
    assert got == {("RUSMIL", "UKR", "194")}


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        ("Japan scrambled jets after the incursion.", [("Japan", "JPN")], ("JPN", None, "150")),
        ("Iraqi forces carried out mass executions of prisoners.", [("Iraqi forces", "IRQMIL")],
         ("IRQMIL", None, "202")),
    ],
)
def test_one_sided_force_and_mass_violence(base_nlp: Language, text: str, actors: list[tuple[str, str]],
                                          expected: tuple[str, None, str]) -> None:
    assert expected in triples(code(base_nlp, text, actors))
