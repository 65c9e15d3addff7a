"""`evw eval --kind penta`: loose span matching, actor agreement, coverage/hit arithmetic, computed
miss reasons, the reader, and one run of the real pipeline on the first 40 shared records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from transforms.events.evaluate import SHARED, guess_kind, penta_error_lines
from transforms.events.evaluate_penta import (
    ACTORS_DISAGREE,
    NO_ACTOR,
    NO_MATCH,
    NO_SOURCE,
    NO_TRIGGER,
    ONLY_MODAL,
    REJECTED,
    WRONG_CLASS,
    Diagnostics,
    actors_agree,
    disagreeing_sides,
    evaluate_penta,
    score_penta,
)
from transforms.events.evaluate_spans import locate_span, overlaps, span_matches, words
from transforms.events.gold import GoldError
from transforms.events.gold_penta import PENTA_ROOTS, PentaRecord, penta_class, read_penta_gold
from transforms.model import ActorMention, EventMention

PENTA_GOLD = SHARED / "gold" / "conflibert-cameo-train.jsonl"


def _actor(sentence: str, text: str, code: str | None = "XXX") -> ActorMention:
    start = sentence.index(text)
    return ActorMention(0, 1, start, start + len(text), text, code, code[:3] if code else None, None)


def _event(code: str, source: ActorMention | None, target: ActorMention | None, *, negated: bool = False,
           hypothetical: bool = False, pattern: str = "verb:test") -> EventMention:
    return EventMention(0, source, target, code, 0, "acted", negated, hypothetical, 0.9, pattern, "svo")


def _rec(text: str, penta: int, source: tuple[str, ...] = (), target: tuple[str, ...] = (),
         reciprocal: tuple[str, ...] = (), checked: bool = True, id: str = "r") -> PentaRecord:
    return PentaRecord(id, text, penta, source, target, reciprocal, checked)


# --- span matching ---------------------------------------------------------------------------

def test_locate_span_ignores_spacing_quotes_and_case() -> None:
    s = "Meanwhile, a Swiss court rejected the Croatian governmentʼs request for revocation."
    (found,) = locate_span(s, "Croatian government 's request")
    assert s[found[0]:found[1]] == "Croatian governmentʼs request"
    t = "Nigerian Air Force (NAF) says it has killed several fighters."
    (naf,) = locate_span(t, "nigerian air force ( NAF )")
    assert t[naf[0]:naf[1]] == "Nigerian Air Force (NAF"  # letters and digits only: up to the last one
    u = "Somalia’s al Shabaab fighters attacked a base."
    assert locate_span(u, "Somalia ’ s al Shabaab fighters") == [(0, len("Somalia’s al Shabaab fighters"))]


def test_locate_span_only_at_word_boundaries_and_every_occurrence() -> None:
    assert locate_span("USA forces left.", "US") == []
    assert locate_span("The thus-far calm", "us") == []
    s = "Russia warned Russia's neighbours."
    assert locate_span(s, "Russia") == [(0, 6), (14, 20)]
    assert locate_span(s, "  ") == [] and locate_span(s, "( )") == []  # nothing to look for


def test_overlap_edges() -> None:
    assert not overlaps((0, 5), (5, 9))  # adjacent: no shared character
    assert overlaps((0, 5), (4, 9))  # one shared character
    assert overlaps((2, 3), (0, 9)) and overlaps((0, 9), (2, 3))  # containment, both ways


def test_span_matching_by_overlap_and_word_fallback() -> None:
    s = "A car bombing by the Islamic State group killed at least 75 people."
    islamic_state = _actor(s, "Islamic State group")
    assert span_matches(s, "A car bombing by the Islamic State", (islamic_state.start_char, islamic_state.end_char),
                        islamic_state.text)
    people = _actor(s, "people")
    assert not span_matches(s, "A car bombing by the Islamic State", (people.start_char, people.end_char),
                            people.text)
    # not locatable (other word order): at least half of the span's words must be the actor's
    t = "Ali Hassan Reza said so."
    ali = _actor(t, "Ali Hassan")
    assert span_matches(t, "Reza Ali", (ali.start_char, ali.end_char), ali.text)  # 1 of 2 words: exactly 50 %
    assert not span_matches(t, "Reza Mohammed Ali", (ali.start_char, ali.end_char), ali.text)  # 1 of 3
    assert words("Croatian government 's request") == {"croatian", "government", "request"}
    assert words("U.S. President's office") == {"us", "president", "office"}


# --- actor agreement -------------------------------------------------------------------------

def test_actor_agreement_source_target_and_missing_sides() -> None:
    s = "Swiss court rejected the Croatian governmentʼs request."
    rec = _rec(s, 3, ("a Swiss court",), ("Croatian government 's request",))
    court, croatia = _actor(s, "Swiss court", "CHEJUD"), _actor(s, "Croatian", "HRV")
    assert actors_agree(rec, _event("120", court, croatia))
    assert disagreeing_sides(rec, _event("120", croatia, court)) == ("source", "target")
    # one-sided: disagrees when the gold marks a target, agrees when it marks none
    assert disagreeing_sides(rec, _event("120", court, None)) == ("target",)
    assert actors_agree(_rec(s, 3, ("Swiss court",)), _event("120", court, None))
    # a side the gold leaves unmarked is not judged
    assert actors_agree(_rec(s, 3, (), ("Croatian government",)), _event("120", croatia, croatia))
    # a marked source and no coded source
    assert disagreeing_sides(rec, _event("120", None, croatia)) == ("source",)


def test_reciprocal_spans_count_either_way() -> None:
    s = "Theresa May will hold talks with European Council president Donald Tusk."
    rec = _rec(s, 1, reciprocal=("Theresa May", "European Council president Donald Tusk"))
    may, tusk = _actor(s, "Theresa May", "GBRGOV"), _actor(s, "Donald Tusk", "IGOEUREEC")
    assert actors_agree(rec, _event("046", may, tusk)) and actors_agree(rec, _event("046", tusk, may))
    assert not actors_agree(rec, _event("046", may, None))  # reciprocal: there is a target
    joint = _rec("Jordan and Britain have agreed.", 1, reciprocal=("Jordan and Britain",))
    j, b = _actor(joint.text, "Jordan"), _actor(joint.text, "Britain")
    assert actors_agree(joint, _event("057", j, b))
    # with marked spans too (not in the shared data): source in source or reciprocal spans, target in
    # target or reciprocal spans
    mixed = _rec(s, 1, ("Theresa May",), (), ("European Council president Donald Tusk",))
    assert actors_agree(mixed, _event("046", may, tusk))
    assert disagreeing_sides(mixed, _event("046", tusk, may)) == ("target",)


# --- scoring ---------------------------------------------------------------------------------

def test_penta_classes_cover_every_root_once() -> None:
    roots = [r for rs in PENTA_ROOTS.values() for r in rs]
    assert sorted(roots) == [f"{i:02d}" for i in range(1, 21)]
    assert (penta_class("010"), penta_class("0874"), penta_class("093"), penta_class("141"), penta_class("163"),
            penta_class("1823"), penta_class("99")) == (0, 2, 3, 4, 3, 4, None)


def test_coverage_hits_precision_and_agreement() -> None:
    s1 = "Russia condemned Ukraine."
    s2 = "Israel struck Gaza."
    s3 = "France met Germany."
    s4 = "Iran did not meet Iraq."
    recs = [_rec(s1, 3, ("Russia",), ("Ukraine",), id="a"), _rec(s2, 4, ("Israel",), ("Gaza",), id="b"),
            _rec(s3, 1, checked=False, id="c"), _rec(s4, 1, ("Iran",), ("Iraq",), id="d")]
    events = [
        [_event("111", _actor(s1, "Russia"), _actor(s1, "Ukraine"))],  # hit, actors agree
        [_event("190", _actor(s2, "Israel"), None), _event("010", _actor(s2, "Israel"), None)],  # hit, no target
        [_event("111", _actor(s3, "France"), _actor(s3, "Germany"))],  # covered, wrong class (unchecked)
        [_event("040", _actor(s4, "Iran"), _actor(s4, "Iraq"), negated=True)],  # only negated: not covered
    ]
    r = score_penta("t", recs, events)
    assert (r.sentences, r.covered, r.hits) == (4, 3, 2)
    assert r.coverage == 0.75 and r.hit_rate == 0.5 and r.precision == pytest.approx(2 / 3)
    assert (r.checked, r.checked_hits, r.agreeing) == (3, 2, 1)
    assert r.actor_agreement == 0.5 and r.hit_with_actors == pytest.approx(1 / 3)
    assert r.per_class[1].sentences == 2 and r.per_class[1].covered == 1 and r.per_class[1].hits == 0
    assert r.per_class[1].confusion == {3: 1, None: 1}
    assert r.per_class[4].confusion == {4: 1} and r.per_class[4].precision == 1.0
    reasons = {res.record.id: res.reason for res in r.results}
    assert reasons["a"] == "hit, actors agree"
    assert reasons["b"] == f"{ACTORS_DISAGREE}: no target"
    assert reasons["c"] == f"{WRONG_CLASS} (gold 1, coded 3): code 111 via verb:test"
    assert reasons["d"] == f"{ONLY_MODAL}: negated verb:test"
    assert r.causes == {ACTORS_DISAGREE: 1, WRONG_CLASS: 1, ONLY_MODAL: 1}
    assert r.class_misses == 2 and r.examples[reasons["c"]] == ["c"]
    lines = penta_error_lines(r)
    assert len(lines) == 5 and lines[1].split("\t")[:2] == ["a", "3"] and "XXX 'Russia' -> XXX 'Ukraine'" in lines[1]


def test_hit_with_any_agreeing_event_agrees() -> None:
    s = "Russia condemned Ukraine and Poland."
    rec = _rec(s, 3, ("Russia",), ("Ukraine",))
    evs = [_event("111", _actor(s, "Russia"), _actor(s, "Poland")), _event("111", _actor(s, "Russia"),
                                                                          _actor(s, "Ukraine"))]
    r = score_penta("t", [rec], [evs])
    assert r.agreeing == 1 and r.results[0].actors_agree


@pytest.mark.parametrize(("diag", "cause", "detail"), [
    (Diagnostics(root_lemma="participate", root_pos="VERB"), NO_TRIGGER, "root verb 'participate'"),
    (Diagnostics(triggers=("deploy",), source_heads=("usaid",)), NO_ACTOR, "gold source head 'usaid'"),
    (Diagnostics(triggers=("reject",), actors=1, rejection="discard:tennis"), REJECTED, "discard:tennis"),
    (Diagnostics(triggers=("fire",), actors=3, subjects=("missile",)), NO_SOURCE, "subject 'missile'"),
    (Diagnostics(triggers=("fire",), actors=3, subjects=("missile",), source_heads=("military",)), NO_SOURCE,
     "gold source head 'military'"),
    (Diagnostics(triggers=("convey", "say"), sourced_triggers=("convey", "say"), actors=3), NO_MATCH,
     "trigger 'convey'"),
])
def test_miss_reasons_are_computed_from_diagnostics(diag: Diagnostics, cause: str, detail: str) -> None:
    r = score_penta("t", [_rec("Some sentence.", 2)], [[]], [diag])
    (res,) = r.results
    assert not res.covered and res.cause == cause and res.reason == f"{cause}: {detail}"
    assert r.reasons == {f"{cause}: {detail}": 1}


def test_uncovered_features_count_root_verbs_and_source_heads() -> None:
    recs = [_rec("a.", 0, id="1"), _rec("b.", 0, id="2"), _rec("c.", 0, id="3")]
    diags = [Diagnostics(root_lemma="say", root_pos="VERB", source_heads=("government",)),
             Diagnostics(root_lemma="say", root_pos="VERB", source_heads=("government", "police")),
             Diagnostics(root_lemma="talk", root_pos="NOUN")]
    r = score_penta("t", recs, [[], [], []], diags)
    assert r.uncovered_features["root verb 'say'"] == 2 and r.uncovered_features["root noun 'talk'"] == 1
    assert r.uncovered_features["gold source head 'government'"] == 2


# --- reader and kind -------------------------------------------------------------------------

def test_reader_and_guess_kind(tmp_path: Path) -> None:
    p = tmp_path / "p.jsonl"
    row = {"id": "cbt-1", "text": "X met Y.", "penta": 1, "source_spans": ["X"], "target_spans": ["Y"],
           "reciprocal_spans": [], "spans_checked": True}
    p.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    assert read_penta_gold(p) == [PentaRecord("cbt-1", "X met Y.", 1, ("X",), ("Y",), (), True)]
    assert guess_kind(p) == "penta"
    a = tmp_path / "a.jsonl"
    a.write_text(json.dumps({"article_id": "x", "split": "dev", "events": []}) + "\n", encoding="utf-8")
    assert guess_kind(a) == "articles"
    t = tmp_path / "t.jsonl"
    t.write_text(json.dumps({"id": "1", "text": "x", "events": []}) + "\n", encoding="utf-8")
    assert guess_kind(t) == "team" and guess_kind(tmp_path / "g.xml") == "petr2"
    p.write_text(json.dumps({**row, "penta": 5}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"^p.jsonl:1: `penta` must be an integer 0-4"):
        read_penta_gold(p)


# --- the real pipeline -----------------------------------------------------------------------

@pytest.mark.slow
def test_penta_report_is_consistent_on_shared_records(nlp: Language) -> None:
    if not PENTA_GOLD.is_file():
        pytest.skip(f"{PENTA_GOLD} not found (../shared is absent)")
    records = read_penta_gold(PENTA_GOLD)[:40]
    r = evaluate_penta(nlp, records, PENTA_GOLD.name, show_progress=False)
    assert r.sentences == 40 == len(r.results)
    assert r.coverage * r.sentences == pytest.approx(round(r.coverage * r.sentences))
    assert r.hits <= r.covered <= r.sentences and r.checked_hits <= r.hits and r.agreeing <= r.checked_hits
    assert r.checked == sum(rec.spans_checked for rec in records)
    for value in (r.coverage, r.hit_rate, r.precision, r.actor_agreement, r.hit_with_actors):
        assert 0.0 <= value <= 1.0
    assert sum(row.sentences for row in r.per_class.values()) == 40
    assert all(sum(row.confusion.values()) == row.sentences for row in r.per_class.values())
    assert sum(row.hits for row in r.per_class.values()) == r.hits
    # every sentence without a hit, and every checked hit whose actors disagree, has one cause
    assert sum(r.causes.values()) == r.class_misses + (r.checked_hits - r.agreeing)
    assert sum(r.reasons.values()) == sum(r.causes.values())
    assert all(res.reason for res in r.results)
