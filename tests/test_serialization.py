"""Coded Docs survive serialisation (DocBin, `nlp.pipe(n_process=N)`): actors and events round-trip."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language
from spacy.tokens import Doc, DocBin

pytestmark = pytest.mark.slow


def test_coded_doc_round_trips_through_docbin(nlp: Language) -> None:
    doc = nlp.make_doc("Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State John Kerry in Moscow.")
    doc._.event_date = dt.date(2015, 12, 15)
    doc = nlp(doc)
    assert doc._.events, "the sentence has an event"
    back = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))
    (copy,) = back
    assert isinstance(copy, Doc)
    assert list(copy._.actors) == list(doc._.actors)
    assert list(copy._.events) == list(doc._.events)
    assert copy._.events[0].source is not None and copy._.events[0].source.code == doc._.events[0].source.code
