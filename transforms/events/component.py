"""The `cameo_events` spaCy component: reads `Doc._.actors`, sets `Doc._.events`.

Settings (nlp.add_pipe config or `[coder.events]` in evw.toml): `patterns_dir` (a directory with
classes.txt + *.pat replacing the bundled ones), `extra_patterns` (more .pat files), `controls`
(a controls.yaml). Must not resolve actors; runs after `cameo_actors`.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from transforms.events.coding import code_doc
from transforms.events.controls import Controls, default_controls, load_controls
from transforms.events.patterns import PatternBook, default_book, load_book
from transforms.model import register_extensions
from transforms.serialization import register as register_serialization


class CameoEvents:
    """Codes CAMEO events from the actor mentions the resolver left on the Doc."""

    def __init__(self, book: PatternBook, controls: Controls) -> None:
        self.book = book
        self.controls = controls

    @property
    def version(self) -> str:
        """Content hash of the pattern files: the dictionary version recorded with events."""
        return self.book.version

    def __call__(self, doc: Doc) -> Doc:
        actors = doc._.actors or []
        places = (doc._.country_places or []) if Doc.has_extension("country_places") else []
        doc._.events = code_doc(doc, actors, self.book, self.controls, places)
        return doc


@Language.factory(
    "cameo_events",
    default_config={"patterns_dir": "", "extra_patterns": [], "controls": ""},
    requires=["doc._.actors"],
    assigns=["doc._.events"],
)
def make_cameo_events(nlp: Language, name: str, patterns_dir: str, extra_patterns: list[str],
                      controls: str) -> CameoEvents:
    register_extensions()
    register_serialization()
    if patterns_dir or extra_patterns:
        book = load_book(Path(patterns_dir) if patterns_dir else None, [Path(p) for p in extra_patterns])
    else:
        book = default_book()
    ctl = load_controls(Path(controls)) if controls else default_controls()
    return CameoEvents(book, ctl)
