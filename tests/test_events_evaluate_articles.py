"""`evw eval --kind articles`: the gold and corpus readers, split filtering, sentence placement,
set-semantics scoring with neutral modality matches, and runs on one real article of the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from transforms.events.evaluate import SHARED
from transforms.events.evaluate_articles import (
    CodedArticle,
    evaluate_articles,
    gold_sentence_index,
    score_articles,
)
from transforms.events.gold import GoldError
from transforms.events.gold_articles import (
    ArticleEvent,
    GoldArticle,
    read_articles_gold,
    read_corpus,
    select_split,
)
from transforms.model import ActorMention, EventMention
from transforms.scoring import Counts as Score

CORPUS = SHARED / "corpus" / "wikinews-2019-2020.jsonl"
ROOT = "root + dyad (country)"
AGENT = "root + dyad (country+agent)"
FULL = "full code + dyad (country)"


def _gold(sentence: int, code: str, source: str, target: str | None, modality: str = "real",
          trigger: tuple[int, int] | None = None) -> ArticleEvent:
    return ArticleEvent(sentence, code, source, target, trigger or (sentence * 100 + 1, sentence * 100 + 5),
                        modality=modality)


def _actor(code: str | None) -> ActorMention:
    return ActorMention(0, 1, 0, 1, "x", code, code[:3] if code else None, None)


def _pred(sentence: int, code: str, source: str | None, target: str | None, *, negated: bool = False,
          hypothetical: bool = False) -> EventMention:
    return EventMention(sentence, _actor(source) if source else None, _actor(target) if target else None, code,
                        sentence * 100 + 1, "acted", negated, hypothetical, 0.9, "verb:test", "svo")


def _coded(article_id: str, events: list[EventMention], n: int = 3) -> CodedArticle:
    return CodedArticle(article_id, tuple((i * 100, i * 100 + 99) for i in range(n)), tuple(events),
                        tuple(f"sentence {i}" for i in range(n)))


def _counts(score: Score) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


# --- readers and split -----------------------------------------------------------------------

def test_reader_parses_events_and_rejects_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    ev = {"sentence": 1, "code": "163", "source": "DEUGOV", "target": "IRNBUS", "trigger": [28, 34],
          "source_span": [0, 7], "target_span": [35, 60], "modality": "real"}
    one_sided = {"sentence": 2, "code": "154", "source": "RUS", "target": None, "trigger": [5, 9],
                 "source_span": [0, 4], "target_span": None, "modality": "hypothetical"}
    rows = [{"article_id": "a1", "split": "dev", "events": [ev, one_sided]},
            {"article_id": "a2", "split": "test", "events": []}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    a1, a2 = read_articles_gold(p)
    assert a1.events == (ArticleEvent(1, "163", "DEUGOV", "IRNBUS", (28, 34), (0, 7), (35, 60), "real"),
                         ArticleEvent(2, "154", "RUS", None, (5, 9), (0, 4), None, "hypothetical"))
    assert (a2.article_id, a2.split, a2.events) == ("a2", "test", ())
    for bad, message in (
        ({"article_id": "b", "split": "train", "events": []}, "`split` must be dev or test"),
        ({"article_id": "b", "split": "dev", "events": [{**ev, "modality": "maybe"}]}, "`modality` must be one of"),
        ({"article_id": "b", "split": "dev", "events": [{**ev, "trigger": [9, 3]}]}, "`trigger` must be"),
        ({"article_id": "b", "split": "dev", "events": [{**ev, "sentence": -1}]}, "`sentence` must be"),
        ({"split": "dev", "events": []}, "need an object with `article_id`"),
        ({"article_id": "a1", "split": "dev", "events": []}, "annotated twice"),
    ):
        p.write_text(json.dumps(rows[0]) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
        with pytest.raises(GoldError, match=rf"^a.jsonl:2: .*{message}"):
            read_articles_gold(p)


def test_select_split() -> None:
    arts = [GoldArticle("a", "dev", ()), GoldArticle("b", "test", ()), GoldArticle("c", "dev", ())]
    assert [a.article_id for a in select_split(arts, "dev")] == ["a", "c"]
    assert [a.article_id for a in select_split(arts, "test")] == ["b"]
    assert select_split(arts, "all") == arts
    with pytest.raises(ValueError, match="unknown split"):
        select_split(arts, "train")


def test_corpus_reader_requires_every_gold_article(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"id": "x", "title": "T", "text": "Body.", "published": "2019-01-04"}) + "\n"
                 + json.dumps({"id": "y", "title": "U", "text": "B.", "published": "bad"}) + "\n", encoding="utf-8")
    corpus = read_corpus(p, ["x", "y"])
    assert corpus["x"].published is not None and corpus["x"].published.isoformat() == "2019-01-04"
    assert corpus["y"].published is None and set(read_corpus(p, ["x"])) == {"x"}
    with pytest.raises(GoldError, match=r"not in the corpus, e\.g\. z"):
        read_corpus(p, ["x", "z"])


# --- scoring ---------------------------------------------------------------------------------

def test_gold_sentence_follows_the_trigger_offset() -> None:
    spans = [(0, 50), (52, 120), (121, 200)]
    assert gold_sentence_index(ArticleEvent(1, "040", "A", "B", (60, 64)), spans) == 1
    assert gold_sentence_index(ArticleEvent(1, "040", "A", "B", (130, 134)), spans) == 2  # index off by one
    assert gold_sentence_index(ArticleEvent(7, "040", "A", "B", (10, 14)), spans) == 0  # index out of range
    assert gold_sentence_index(ArticleEvent(1, "040", "A", "B", (51, 52)), spans) == 1  # between sentences: as given
    assert gold_sentence_index(ArticleEvent(0, "040", "A", "B", (49, 60)), spans) == 0  # start decides


def test_levels_one_sided_and_set_semantics() -> None:
    gold = [GoldArticle("a", "dev", (
        _gold(0, "111", "RUSGOV", "UKRGOV"),
        _gold(0, "111", "RUSGOV", "UKRGOV"),  # identical key: collapses
        _gold(1, "154", "RUS", None),  # one-sided
        _gold(2, "042", "USAGOV", "FRA"),
    ))]
    coded = {"a": _coded("a", [
        _pred(0, "112", "RUSGOV", "UKRMIL"),  # right root and countries, wrong agent and full code
        _pred(0, "112", "RUSGOV", "UKRMIL"),  # duplicate prediction: collapses
        _pred(1, "154", "RUS", None),  # one-sided match
        _pred(1, "154", "RUS", "UKR"),  # a dyad where gold has a one-sided event: FP
        _pred(2, "042", "USAGOV", "FRA", negated=True),  # not a real prediction
    ])}
    r = score_articles("g", "all", gold, coded)
    assert _counts(r.levels[ROOT]) == (2, 1, 1)
    assert _counts(r.levels[AGENT]) == (1, 2, 2)
    assert _counts(r.levels[FULL]) == (1, 2, 2)
    assert r.levels[ROOT].recall == pytest.approx(2 / 3) and r.levels[ROOT].precision == pytest.approx(2 / 3)
    assert (r.gold_real, r.predicted_real, r.predicted_other) == (4, 4, 1)  # events, before collapsing
    assert r.per_root["11"].tp == 1 and r.per_root["15"].tp == 1 and r.per_root["15"].fp == 1
    assert r.per_root["04"].fn == 1
    (row,) = r.rows
    assert (row.gold_real, row.predicted, row.tp, row.fp, row.fn) == (4, 4, 2, 1, 1)
    assert any("#2 [dev]: missed USA>FRA 04 | extra - | neutral - | sentence 2" in e for e in r.errors)


def test_modality_neutrality() -> None:
    gold = [GoldArticle("a", "dev", (
        _gold(0, "036", "USAGOV", "PRK", modality="hypothetical"),
        _gold(1, "040", "FRAGOV", "DEUGOV", modality="negated"),
        _gold(2, "042", "ISRGOV", "USA", modality="hypothetical"),
        _gold(2, "042", "ISRGOV", "USA"),  # the same key also real: a TP
    ))]
    coded = {"a": _coded("a", [
        _pred(0, "036", "USAGOV", "PRK"),  # real prediction of a hypothetical gold event: neutral
        _pred(1, "040", "FRAGOV", "DEUGOV", negated=True),  # flagged like the gold: not scored, counted
        _pred(2, "042", "ISRGOV", "USA"),
    ])}
    r = score_articles("g", "all", gold, coded)
    assert _counts(r.levels[ROOT]) == (1, 0, 0) and r.neutral[ROOT] == 1
    assert r.levels[ROOT].precision == 1.0 and r.levels[ROOT].recall == 1.0
    assert (r.gold_real, r.gold_hypothetical, r.gold_negated) == (1, 2, 1)
    assert (r.modality_flagged, r.modality_total) == (1, 2)
    assert r.per_root_neutral["03"] == 1 and r.rows[0].neutral == 1


def test_misplaced_gold_sentence_is_matched_where_its_trigger_is() -> None:
    gold = [GoldArticle("a", "dev", (_gold(0, "190", "SYRMIL", "SYRREB", trigger=(210, 216)),))]
    coded = {"a": _coded("a", [_pred(2, "190", "SYRMIL", "SYRREB")])}
    r = score_articles("g", "all", gold, coded)
    assert _counts(r.levels[ROOT]) == (1, 0, 0) and r.moved == 1


def test_split_filtering_in_scores() -> None:
    gold = [GoldArticle("d", "dev", (_gold(0, "111", "RUS", "UKR"),)),
            GoldArticle("t", "test", (_gold(0, "190", "ISR", "PSE"), _gold(1, "040", "FRA", "DEU")))]
    coded = {"d": _coded("d", [_pred(0, "111", "RUS", "UKR")]), "t": _coded("t", [_pred(0, "190", "ISR", "PSE")])}
    dev, test, both = (score_articles("g", s, gold, coded) for s in ("dev", "test", "all"))
    assert (dev.articles, test.articles, both.articles) == (1, 1, 2)
    assert _counts(dev.levels[ROOT]) == (1, 0, 0) and _counts(test.levels[ROOT]) == (1, 0, 1)
    assert _counts(both.levels[ROOT]) == (2, 0, 1)
    assert [r.article_id for r in dev.rows] == ["d"]


# --- the real pipeline -----------------------------------------------------------------------

def _one_article() -> dict[str, str]:
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} not found (../shared is absent)")
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            if art["id"].startswith("enwikinews:Germany_bans_Mahan_Air"):
                return art
    pytest.skip("the test article is not in the corpus")


def _tiny_gold(path: Path, art: dict[str, str]) -> None:
    text = f"{art['title'].strip()}\n\n{art['text']}"
    ban = text.index("bans")
    later = text.index("sanction") if "sanction" in text else len(art["title"]) + 10
    events = [
        {"sentence": 0, "code": "172", "source": "DEU", "target": "IRNBUS", "trigger": [ban, ban + 4],
         "source_span": [0, 7], "target_span": None, "modality": "real"},
        # a wrong sentence index: placed by its trigger offset instead
        {"sentence": 0, "code": "163", "source": "IGOEUREEC", "target": "IRN", "trigger": [later, later + 8],
         "source_span": None, "target_span": None, "modality": "real"},
        {"sentence": 0, "code": "036", "source": "DEUGOV", "target": None, "trigger": [ban, ban + 4],
         "source_span": None, "target_span": None, "modality": "hypothetical"},
    ]
    path.write_text(json.dumps({"article_id": art["id"], "split": "dev", "events": events}) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_articles_report_is_consistent_on_a_real_article(nlp: Language, tmp_path: Path) -> None:
    art = _one_article()
    gold = tmp_path / "articles.jsonl"
    _tiny_gold(gold, art)
    dev, test, both = evaluate_articles(nlp, gold, CORPUS, "all", show_progress=False)
    assert (dev.split, test.split, both.split) == ("dev", "test", "all")
    assert (dev.articles, test.articles, both.articles) == (1, 0, 1)
    assert both.gold_real == 2 and both.gold_hypothetical == 1 and both.moved == 1
    assert both.sentences > 5 and both.rows[0].sentences == both.sentences
    for level, s in both.levels.items():
        assert s.tp + s.fn == 2  # distinct real gold keys
        assert 0 <= s.tp <= both.predicted_real and 0.0 <= s.precision <= 1.0 and 0.0 <= s.recall <= 1.0
        assert both.neutral[level] <= 1
    assert test.levels[ROOT].tp + test.levels[ROOT].fp + test.levels[ROOT].fn == 0
    assert all(art["id"] in e for e in both.errors)


@pytest.mark.slow
def test_evw_eval_articles_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from warehouse.cli import EXTRA_COMMANDS, _register, app

    art = _one_article()
    for name, module, attr in EXTRA_COMMANDS:
        if name == "eval":
            _register(name, module, attr)
    _tiny_gold(tmp_path / "articles.jsonl", art)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "--gold", "articles.jsonl", "--split", "dev", "--corpus", str(CORPUS),
                                 "--errors", "errors.txt"])  # kind guessed; paths relative to cwd
    assert result.exit_code == 0, result.output
    assert "[dev]" in result.output and "[test]" not in result.output and ROOT in result.output
    assert (tmp_path / "errors.txt").is_file()
    bad = runner.invoke(app, ["eval"])
    assert bad.exit_code != 0 and "no gold file" in bad.output
