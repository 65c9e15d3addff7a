"""Sentence boundaries: line breaks always split; abbreviations such as `U.S.` do not."""

from __future__ import annotations

import pytest
from spacy.language import Language

from transforms.coder import add_cameo_components

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seg_nlp(base_nlp: Language) -> Language:
    import copy

    nlp = copy.deepcopy(base_nlp)
    return add_cameo_components(nlp, components=())


def sents(nlp: Language, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


def test_headline_and_caption_are_their_own_sentences(seg_nlp: Language) -> None:
    text = "Russia and US agree to talks\nThe two ministers met in Geneva on Monday."
    assert sents(seg_nlp, text) == ["Russia and US agree to talks", "The two ministers met in Geneva on Monday."]


def test_abbreviation_does_not_end_a_sentence(seg_nlp: Language) -> None:
    text = "Syrian President Bashar al-Assad and U.S. Senator John Kerry met in Damascus."
    assert sents(seg_nlp, text) == [text]


def test_abbreviation_before_a_sentence_opener_still_splits(seg_nlp: Language) -> None:
    got = sents(seg_nlp, "Iran sent a letter to the U.S. The reply came a week later.")
    assert got == ["Iran sent a letter to the U.S.", "The reply came a week later."]


def test_pipeline_order(seg_nlp: Language) -> None:
    names = seg_nlp.pipe_names
    assert names.index("line_sentence_boundaries") < names.index("parser")
