"""Integration of the `cameo_actors` component with the real spaCy model: contract of Doc._.actors."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from transforms.model import ActorMention

SEED_DATE = dt.date(2015, 12, 15)


def actors(nlp: Language, text: str, day: dt.date | None = None) -> list[ActorMention]:
    doc = nlp.make_doc(text)
    doc._.event_date = day
    return list(nlp(doc)._.actors)


def codes(nlp: Language, text: str, day: dt.date | None = None) -> dict[str, str | None]:
    return {a.text: a.code for a in actors(nlp, text, day)}


def test_component_is_in_the_pipeline(actors_nlp: Language) -> None:
    assert "cameo_actors" in actors_nlp.pipe_names
    assert actors_nlp.pipe_names.index("cameo_actors") > actors_nlp.pipe_names.index("parser")


def test_mentions_follow_the_contract(actors_nlp: Language) -> None:
    text = "Russian Foreign Minister Sergei Lavrov met Turkish police and the United Nations."
    doc = actors_nlp.make_doc(text)
    doc._.event_date = SEED_DATE
    doc = actors_nlp(doc)
    found = doc._.actors
    assert [a.start for a in found] == sorted(a.start for a in found)
    for a in found:
        assert isinstance(a, ActorMention)
        assert text[a.start_char:a.end_char] == a.text == doc[a.start:a.end].text
        assert a.start <= a.head < a.end
        assert a.entry_id and ":" in a.entry_id
        assert 0.0 <= a.certainty <= 1.0
    by_text = {a.text: a for a in found}
    lavrov = by_text["Russian Foreign Minister Sergei Lavrov"]
    assert (lavrov.code, lavrov.country_code, lavrov.agent_code) == ("RUSGOV", "RUS", "GOV")
    assert doc[lavrov.head].text == "Lavrov"
    assert "people.tsv:" in lavrov.entry_id
    assert by_text["Turkish police"].code == "TURCOP"
    un = by_text["the United Nations"] if "the United Nations" in by_text else by_text["United Nations"]
    assert (un.code, un.country_code, un.agent_code, un.known_group_code) == ("IGOUNO", None, "IGO", "UNO")


def test_no_date_uses_latest_role_and_no_crash_on_empty(actors_nlp: Language) -> None:
    assert actors(actors_nlp, "") == []
    assert codes(actors_nlp, "John Kerry spoke.")["John Kerry"] == "USAGOV"


def test_seed_article_actors(actors_nlp: Language, shared_dir) -> None:  # type: ignore[no-untyped-def]
    text = (shared_dir / "seeds" / "000_6576ef386a19e029.txt").read_text(encoding="utf-8")
    found = actors(actors_nlp, text, SEED_DATE)
    by_text: dict[str, list[str | None]] = {}
    for a in found:
        by_text.setdefault(a.text, []).append(a.code)
    assert by_text["Russia"][0] == "RUS"
    assert by_text["US"][0] == "USA"
    assert by_text["Syrian President Bashar al-Assad"] == ["SYRGOV"]
    assert by_text["U.S. Senator John Kerry"] == ["USALEG"]  # explicit title beats the 2015 date
    assert by_text["Mr Kerry"] == ["USAGOV"]
    assert by_text["Foreign Minister Sergei Lavrov"] == ["RUSGOV"]
    assert set(by_text["Lavrov"]) == {"RUSGOV"}
    assert set(by_text["Putin"]) == {"RUSGOV"}
    assert by_text["Syrian opposition groups"] == ["SYROPP"]
    assert "the Kremlin" in by_text or "Kremlin" in by_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pakistani officials denied the report.", {"Pakistani officials": "PAKGOV"}),
        ("Egyptian lawmakers approved the bill.", {"Egyptian lawmakers": "EGYLEG"}),
        ("Syrian rebels shelled the town.", {"Syrian rebels": "SYRREB"}),
        ("The Kremlin rejected the claim.", {"Kremlin": "RUSGOV"}),
        ("Hamas fired rockets.", {"Hamas": "PSEREBHMS"}),
    ],
)
def test_issue_examples(actors_nlp: Language, text: str, expected: dict[str, str]) -> None:
    got = codes(actors_nlp, text, SEED_DATE)
    for k, v in expected.items():
        assert got.get(k) == v, got


def test_actors_survive_doc_serialisation(actors_nlp: Language) -> None:
    """`nlp.pipe(n_process=N)` ships Docs between processes as bytes: the mentions must come back."""
    from spacy.tokens import Doc

    doc = actors_nlp("Turkish police detained protesters in Ankara.")
    back = Doc(actors_nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.actors == doc._.actors
    assert isinstance(back._.actors[0], ActorMention)
