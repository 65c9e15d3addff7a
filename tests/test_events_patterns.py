"""The pattern format: coverage of the bundled files and validation errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.events.controls import parse_controls
from transforms.events.patterns import PatternError, default_book, load_book, parse_classes, parse_patterns

CLASSES = parse_classes("TALKS: talk, negotiation, peace talk\nAID: aid, assistance\n", "classes.txt")


def test_bundled_patterns_cover_the_codebook() -> None:
    book = default_book()
    patterns = book.all_patterns()
    codes = {p.code for p in patterns}
    assert len(patterns) >= 600
    assert book.lines >= 600
    assert len(codes) >= 150
    assert {c[:2] for c in codes} == {f"{r:02d}" for r in range(1, 21)}
    assert len(book.version) == 12


@pytest.mark.parametrize(("line", "expected"), [
    ("036  agree > hold {TALKS} [with]", ("036", ("agree", "hold"), "TALKS", ("with",))),
    ("020  call (off) {TALKS}", ("020", ("call",), "TALKS", ())),
    ("163  impose {sanction|embargo} [on|against]", ("163", ("impose",), "sanction|embargo", ("on", "against"))),
])
def test_syntax(line: str, expected: tuple) -> None:  # type: ignore[type-arg]
    (p,) = parse_patterns(line, "t.pat", CLASSES, "verb")
    code, lemmas, objects, preps = expected
    assert p.code == code
    assert tuple(c.lemma for c in p.clauses) == lemmas
    assert any(c.objects is not None and c.objects.label == objects for c in p.clauses)
    assert p.clauses[-1].preps == preps or p.clauses[0].preps == preps


def test_alternation_expands_per_trigger_and_ids_are_stable() -> None:
    ps = parse_patterns("# comment\n\n051  praise|hail\n", "t.pat", CLASSES, "verb")
    assert [p.pattern_id for p in ps] == ["verb:praise", "verb:hail"]
    assert ps[0].where == "t.pat:3"


def test_reciprocal_flag() -> None:
    (p,) = parse_patterns("057  sign {TALKS}  !recip", "t.pat", CLASSES, "verb")
    assert p.reciprocal


@pytest.mark.parametrize(("text", "message"), [
    ("999  attack", "t.pat:1: unknown CAMEO code '999'"),
    ("19  attack", "t.pat:1: line must start with a 3- or 4-digit CAMEO code"),
    ("190  Attack", "t.pat:1: bad verb/noun 'Attack'"),
    ("190  attack {WEAPONS}", "t.pat:1: unknown noun class 'WEAPONS'"),
    ("190  attack [on] {TALKS}", "t.pat:1: object '{TALKS}' must come before the preposition"),
    ("190  attack !always", "t.pat:1: unknown flag '!always'"),
    ("190  * > attack", "t.pat:1: `*` (any verb) is allowed only after `>`"),
    ("190  attack\n190  attack", "t.pat:2: duplicate pattern 'verb:attack'"),
])
def test_bad_lines_fail_with_file_and_line(text: str, message: str) -> None:
    with pytest.raises(PatternError) as err:
        parse_patterns(text, "t.pat", CLASSES, "verb")
    assert str(err.value).startswith(message)


def test_bad_class_file() -> None:
    with pytest.raises(PatternError, match=r"^c.txt:2: noun class TALKS defined twice"):
        parse_classes("TALKS: talk\nTALKS: meeting\n", "c.txt")
    with pytest.raises(PatternError, match=r"^c.txt:1: expected `NAME: noun"):
        parse_classes("talks talk\n", "c.txt")


def test_overlapping_patterns_in_a_directory_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "classes.txt").write_text("TALKS: talk\n")
    (tmp_path / "verbs_a.pat").write_text("040  meet [with|in]\n")
    (tmp_path / "verbs_b.pat").write_text("044  meet [in]\n")
    with pytest.raises(PatternError, match=r"verbs_b.pat:1: 'verb:meet\[in\]' overlaps"):
        load_book(tmp_path)


def test_user_extension_file_is_loaded(tmp_path: Path) -> None:
    extra = tmp_path / "verbs_local.pat"
    extra.write_text("0214 solicit {intelligence}\n")
    book = load_book(None, [extra])
    assert any(p.code == "0214" for p in book.verbs["solicit"])
    assert book.version != default_book().version


def test_controls_validation() -> None:
    base = Path(__file__).resolve().parents[1] / "transforms" / "events" / "patterns" / "controls.yaml"
    text = base.read_text()
    assert parse_controls(text).max_events_per_sentence >= 1
    with pytest.raises(PatternError, match="targetless"):
        parse_controls(text.replace("targetless: object_patterns", "targetless: sometimes"))
    with pytest.raises(PatternError, match="threat_codes"):
        parse_controls(text.replace('"19": "138"', '"19": "190"'))


@pytest.mark.parametrize(("text", "actors", "expected"), [
    ("The US presented evidence against Russia.", [("US", "USA"), ("Russia", "RUS")], ("USA", "RUS", "112")),
    ("Evidence against Russia was presented by the US.", [("Russia", "RUS"), ("US", "USA")],
     ("USA", "RUS", "112")),
    ("The State Department advised against travel to Tunisia.", [("State Department", "USAGOV"),
                                                                  ("Tunisia", "TUN")], ("USAGOV", "TUN", "160")),
])
def test_evidence_and_travel_warning_patterns(base_nlp: object, text: str, actors: list[tuple[str, str]],
                                              expected: tuple[str, str, str]) -> None:
    from test_events_support import code, triples
    assert triples(code(base_nlp, text, actors)) == {expected}  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "actors"), [
    ("The US presented its budget to Russia.", [("US", "USA"), ("Russia", "RUS")]),  # no evidence noun
    ("The State Department advised Tunisia on travel rules.", [("State Department", "USAGOV"),
                                                              ("Tunisia", "TUN")]),
])
def test_evidence_and_travel_warning_patterns_do_not_fire(base_nlp: object, text: str,
                                                          actors: list[tuple[str, str]]) -> None:
    from test_events_support import code
    assert not any(e.event_code in ("112", "160") for e in code(base_nlp, text, actors))  # type: ignore[arg-type]
