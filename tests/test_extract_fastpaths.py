"""The extract step's speed-ups give exactly what the plain versions gave: sentence boundaries from
the vectorised `line_sentence_boundaries`, entity look-ups from IOB tags in the actor resolver, and
coder output whatever the order and size of the batches."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from transforms import extract
from transforms.actors.compose import NAME_LABELS, inside_other_name
from transforms.config import Config
from transforms.segmentation import abbreviations, line_sentence_boundaries, openers

pytestmark = pytest.mark.slow

TEXTS = [
    "",
    "Hello",
    "Gen. Smith met the U.S. envoy.\n\nNew paragraph here.  Two  spaces\tand a tab.",
    "Iran sent a letter to the U.S. The reply came a week later.\nU.S.\n\n",
    "Talks end\n \n The U.S. and Russia's Lt. Gen. Ivanov met in St. Petersburg, Mass., on Jan. 5.",
    "Mr. Kerry said: \"No.\" Dr. Who? U.S. \u2014 Russia talks.\r\nNext line\n\n\nA. B. C. D.",
    "  \n\nLeading whitespace then text. No. 1 U.S.-led coalition forces hit Mosul.\n",
]


def reference_boundaries(doc: Doc) -> Doc:
    """The plain per-token loop the vectorised component replaced."""
    abbrevs, opening = abbreviations(), openers()
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        if tok.is_space:
            continue
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
        elif prev.text in abbrevs and not prev.whitespace_.count("\n") and tok.lower_ not in opening \
                and not tok.is_punct:
            tok.is_sent_start = False
    return doc


def sent_starts(doc: Doc) -> list[int]:
    return [t.sent_start for t in doc]


@pytest.mark.parametrize("text", TEXTS)
def test_vectorised_sentence_boundaries_match_the_plain_loop(base_nlp: Language, text: str) -> None:
    fast = line_sentence_boundaries(base_nlp.make_doc(text))
    plain = reference_boundaries(base_nlp.make_doc(text))
    assert sent_starts(fast) == sent_starts(plain)


def test_vectorised_sentence_boundaries_on_every_abbreviation(base_nlp: Language) -> None:
    words = sorted(abbreviations())
    text = " ".join(f"{w} Talks {w} the {w}\n{w} ." for w in words)
    fast = line_sentence_boundaries(base_nlp.make_doc(text))
    plain = reference_boundaries(base_nlp.make_doc(text))
    assert sent_starts(fast) == sent_starts(plain)
    assert any(s == 0 for s in sent_starts(fast)) and any(s == 1 for s in sent_starts(fast))


def reference_inside_other_name(doc: Doc, start: int, end: int) -> bool:
    """The loop over `doc.ents` the IOB look-up replaced."""
    for ent in doc.ents:
        if ent.start <= start and end <= ent.end and ent.label_ in NAME_LABELS:
            extra = [t for t in ent if not start <= t.i < end]
            return any(t.pos_ == "PROPN" or (t.is_title and not t.is_punct and t.lower_ != "the") for t in extra)
    return False


def test_entity_lookup_matches_doc_ents(base_nlp: Language) -> None:
    text = ("U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in New Mexico "
            "after the Paris Agreement talks. Chad Smith of the United Nations Security Council and "
            "the New York Times reported from Damascus on Tuesday.")
    doc = base_nlp(text)
    assert len(doc.ents) >= 5
    answers = set()
    for start in range(len(doc) + 1):
        for end in range(start, min(start + 5, len(doc)) + 1):
            got = inside_other_name(doc, start, end)
            assert got == reference_inside_other_name(doc, start, end), (start, end, doc[start:end].text)
            answers.add(got)
    assert answers == {True, False}


def test_entity_lookup_with_hand_set_entities(base_nlp: Language) -> None:
    doc = base_nlp.make_doc("the New York Times and Chad Smith met in Paris Texas today")
    from spacy.tokens import Span

    doc.ents = [Span(doc, 1, 4, "ORG"), Span(doc, 5, 7, "PERSON"), Span(doc, 9, 10, "GPE"),
                Span(doc, 10, 11, "GPE"), Span(doc, 11, 12, "DATE")]
    for tok in doc:
        tok.pos_ = "PROPN" if tok.text[0].isupper() else "NOUN"
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            assert inside_other_name(doc, start, end) == reference_inside_other_name(doc, start, end), (start, end)


def articles(texts: list[str]) -> list[dict[str, Any]]:
    return [{"article_id": f"a{i}", "title": None, "text": t, "published_date": dt.date(2019, 6, 1)}
            for i, t in enumerate(texts)]


def test_coder_output_does_not_depend_on_batching(monkeypatch: pytest.MonkeyPatch) -> None:
    coder = extract.Coder(Config())
    texts = [
        "Turkish police arrested dozens of protesters in Istanbul on Sunday. The U.S. condemned the arrests.",
        "U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Moscow.",
        "It rained heavily in the north of the country on Tuesday.",
        ("Israeli jets launched airstrikes on Hamas positions in Gaza. " * 4)
        + "Egypt urged both sides to agree to a ceasefire and hold talks in Cairo.",
        "Russia accused Ukraine of shelling Donetsk.\n\nKyiv rejected the claim.",
    ]
    arts = articles(texts)
    batched = coder.code(arts)
    monkeypatch.setattr(coder, "batch_size", 1)
    alone = coder.code(arts)
    assert sorted(batched.rows, key=repr) == sorted(alone.rows, key=repr)  # coding order may differ, rows not
    assert batched.sentences == alone.sentences and batched.failures == alone.failures == []
    assert len({i for i, _ in batched.rows}) >= 3  # several articles have events
